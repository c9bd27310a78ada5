using Mekong.Communities;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Communities;

/// <summary>
/// Upgrading a site that has communities: the migration that brings join policies closes the members-only ones
/// (approval) and leaves the public ones open. The test has an app of its own, because it takes the schema back.
/// </summary>
public sealed class CommunityJoinPolicyMigrationTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Existing_members_only_communities_ask_for_approval_after_the_upgrade(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        var migrations = db.Database.GetMigrations().ToList();
        var joinPolicy = migrations.FindIndex(m => m.EndsWith("_CommunityJoinPolicy", StringComparison.Ordinal));
        Assert.True(joinPolicy > 0, "no CommunityJoinPolicy migration after another: " + string.Join(", ", migrations));
        var migrator = db.GetService<IMigrator>();

        await migrator.MigrateAsync(migrations[joinPolicy - 1], Ct);
        var (open, closed) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        // SQLite keeps times as UTC ticks (see SqliteMekongDb); PostgreSQL as timestamptz.
        object createdAt = provider == DatabaseProvider.Sqlite ? 0L : DateTimeOffset.UtcNow;
        foreach (var (id, visibility) in new[] { (open, "Public"), (closed, "MembersOnly") })
        {
            var slug = "upgrade-" + id.ToString("N")[^12..];
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO communities ("Id", "Slug", "Name", "Description", "Kind", "Visibility", "Language", "OwnerId", "CreatedAt", "MemberCount", "PostCount")
                VALUES ({id}, {slug}, {slug}, '', 'InterestClub', {visibility}, 'en', {app.Admin.Id}, {createdAt}, 0, 0)
                """, Ct);
        }

        await migrator.MigrateAsync(cancellationToken: Ct);
        var policies = (await db.Communities.AsNoTracking().Where(c => c.Id == open || c.Id == closed).Select(c => new { c.Id, c.JoinPolicy }).ToListAsync(Ct))
            .ToDictionary(c => c.Id, c => c.JoinPolicy);

        Assert.Equal(CommunityJoinPolicy.Open, policies[open]);
        Assert.Equal(CommunityJoinPolicy.Approval, policies[closed]);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
    }
}
