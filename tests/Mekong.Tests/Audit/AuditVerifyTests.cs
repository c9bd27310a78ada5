using System.Data.Common;
using Mekong.Audit;
using Mekong.Platform.Cli;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Audit;

/// <summary>
/// The audit log is append-only (application and database refuse rewrites) and <c>mekong audit verify</c> names the
/// first broken link when a row was changed, removed or reordered behind the application's back.
/// </summary>
public sealed class AuditVerifyTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_names_the_first_changed_removed_or_reordered_entry(DatabaseProvider provider)
    {
        // A site of its own: a broken chain must not leak into other tests.
        await using var app = await MekongApp.StartAsync(provider, postgres);
        long first;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
            first = (await log.AppendAsync(null, "test.entry", "test:1", "reason 1", ct: Ct)).Sequence;
            for (var i = 2; i <= 5; i++)
            {
                await log.AppendAsync(null, "test.entry", $"test:{i}", $"reason {i}", new { i }, new { i = i + 1 }, Ct);
            }
        }

        var last = first + 4;
        var (intactExit, intactOutput) = await VerifyCommandAsync(app);
        Assert.Equal(0, intactExit);
        Assert.Equal($"audit log intact: {last} entries", intactOutput.Trim());

        await using var tamper = app.Services.CreateAsyncScope();
        var db = tamper.ServiceProvider.GetRequiredService<MekongDb>();

        // Append-only: the application refuses to save a changed or removed entry, and so does the database.
        var entry = await db.AuditLog.SingleAsync(e => e.Sequence == first + 2, Ct);
        db.Entry(entry).Property(e => e.Reason).CurrentValue = "nothing happened";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();
        db.AuditLog.Remove(await db.AuditLog.SingleAsync(e => e.Sequence == first + 2, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();
        await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlAsync($"UPDATE audit_log SET \"Reason\" = 'nothing happened' WHERE \"Sequence\" = {first + 2}", Ct));
        await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlAsync($"DELETE FROM audit_log WHERE \"Sequence\" = {first + 2}", Ct));

        // Someone with the database's own rights switches the guard off and tampers.
        if (provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_log_no_update", Ct);
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_log_no_delete", Ct);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only", Ct);
        }

        var changed = first + 2;
        await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET \"Reason\" = 'nothing happened' WHERE \"Sequence\" = {changed}", Ct);
        Assert.Equal(new AuditVerification(false, changed - 1, changed, AuditVerification.Changed), await VerifyAsync(db) with { Detail = null });
        await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET \"Reason\" = 'reason 3' WHERE \"Sequence\" = {changed}", Ct);
        Assert.True((await VerifyAsync(db)).Intact);

        var (a, b) = (first + 1, first + 3);
        await SwapAsync(db, a, b);
        Assert.Equal(new AuditVerification(false, a - 1, a, AuditVerification.Reordered), await VerifyAsync(db) with { Detail = null });
        await SwapAsync(db, a, b);
        Assert.True((await VerifyAsync(db)).Intact);

        var removed = first + 3;
        await db.Database.ExecuteSqlAsync($"DELETE FROM audit_log WHERE \"Sequence\" = {removed}", Ct);
        Assert.Equal(new AuditVerification(false, removed - 1, removed, AuditVerification.Removed), await VerifyAsync(db) with { Detail = null });
        var (brokenExit, brokenOutput) = await VerifyCommandAsync(app);
        Assert.Equal(1, brokenExit);
        Assert.StartsWith($"audit log broken at sequence {removed}: removed", brokenOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_without_a_readable_database_exits_2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var folder = Path.Combine(Path.GetTempPath(), "mekong-audit-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var invocation = Commands.Parse(["audit", "verify", "--Database:Provider=Sqlite", $"--ConnectionStrings:Mekong=Data Source={Path.Combine(folder, "empty.db")}"]);

        Assert.Equal(2, await invocation.Run!(output, error));
        Assert.StartsWith("cannot read the audit log", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<AuditVerification> VerifyAsync(MekongDb db) => await AuditLog.VerifyAsync(db, Ct);

    private static async Task SwapAsync(MekongDb db, long a, long b)
    {
        await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET \"Sequence\" = -1 WHERE \"Sequence\" = {a}", Ct);
        await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET \"Sequence\" = {a} WHERE \"Sequence\" = {b}", Ct);
        await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET \"Sequence\" = {b} WHERE \"Sequence\" = -1", Ct);
    }

    /// <summary><c>mekong audit verify</c> against the test site's database, through the application's command table.</summary>
    private static async Task<(int Exit, string Output)> VerifyCommandAsync(MekongApp app)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var invocation = Commands.Parse(["audit", "verify", $"--Database:Provider={app.Provider}", $"--ConnectionStrings:Mekong={app.ConnectionString}"]);
        var exit = await invocation.Run!(output, error);
        Assert.Equal("", error.ToString());
        return (exit, output.ToString());
    }
}
