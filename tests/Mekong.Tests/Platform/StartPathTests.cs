using System.Net;
using System.Net.Http.Json;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Platform;

/// <summary>
/// Issue 10, start-up: a restart skips the migrator, role seeding and the handle backfill when plain queries find
/// nothing to do, and compiles the glossary in the background. A restarted site must still answer everything at once
/// (search, sign-in, the glossary), and the skipped steps must still run when there is something to do.
/// </summary>
public sealed class StartPathTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_restarted_site_answers_its_first_requests_fully(DatabaseProvider provider)
    {
        string connectionString, email;
        Guid post;
        await using (var site = await MekongApp.StartAsync(provider, postgres))
        {
            site.KeepDatabase = true;
            connectionString = site.ConnectionString;
            var author = await site.RegisterAsync("restarter", country: "TH");
            email = author.Email;
            var community = await author.CreateCommunityAsync();
            post = (await author.CreatePostAsync(community.GetProperty("slug").GetString()!, "Songkran water festival", "Splashing water in Chiang Mai at restartcanary time.")).Id();
        }

        await using var restarted = MekongApp.Open(provider, connectionString);
        restarted.KeepDatabase = false;

        // The glossary is asked for before its background load can have finished: the reader waits, never sees it empty.
        Assert.NotEmpty(restarted.Services.GetRequiredService<Mekong.Glossary.Glossary>().Current.Concepts);
        using var anonymous = restarted.CreateClient();
        var search = await (await anonymous.GetAsync("/api/v1/search?q=restartcanary", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(search.GetProperty("hits").EnumerateArray(), h => h.GetProperty("postId").GetGuid() == post);
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "correct horse battery" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var glossary = await (await anonymous.GetAsync("/api/v1/glossary/", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.NotEqual(0, glossary.GetProperty("items").GetArrayLength());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_restart_restores_a_missing_role_and_a_missing_handle(DatabaseProvider provider)
    {
        string connectionString;
        Guid member;
        await using (var site = await MekongApp.StartAsync(provider, postgres))
        {
            site.KeepDatabase = true;
            connectionString = site.ConnectionString;
            member = (await site.RegisterAsync("handleless")).Id;
            await using var scope = site.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            await db.Roles.Where(r => r.Name == Mekong.Accounts.Roles.Analyst).ExecuteDeleteAsync(Ct);
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AspNetUsers" SET "Handle" = NULL WHERE "Id" = {0}""", [member], Ct);
        }

        await using var restarted = MekongApp.Open(provider, connectionString);
        restarted.KeepDatabase = false;
        await using (var scope = restarted.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            Assert.True(await db.Roles.AnyAsync(r => r.Name == Mekong.Accounts.Roles.Analyst, Ct));
            Assert.False(string.IsNullOrEmpty(await db.Users.Where(u => u.Id == member).Select(u => u.Handle).SingleAsync(Ct)));
        }
    }

    [Fact]
    public async Task A_new_postgres_site_creates_its_database_when_it_does_not_exist_yet()
    {
        // The README's PostgreSQL set-up names a database that nobody created: the start checks must not fail on it.
        var connectionString = postgres.ConnectionString("mekong_new_" + Guid.NewGuid().ToString("N")[..10]);
        await using var site = MekongApp.Open(DatabaseProvider.Postgres, connectionString);
        site.KeepDatabase = false;
        var member = await site.RegisterAsync("firstmember");
        using var anonymous = site.CreateClient();
        await (await anonymous.GetAsync("/api/v1/communities", Ct)).ExpectAsync(HttpStatusCode.OK);
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        Assert.True(await db.Users.AnyAsync(u => u.Id == member.Id, Ct));
        Assert.False(await StartChecks.HasPendingMigrationsAsync(db, Ct));
    }
}
