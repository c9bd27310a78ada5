using System.Net;
using System.Net.Http.Json;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Platform;

/// <summary>
/// Upgrades keep data: a site with members, communities, posts and comments is taken back to an earlier schema (the
/// first migration, and the one before the newest), then started on today's code, which migrates it forward; every row
/// is still there and still works. Generic over the migration list, so each new migration is covered when it lands.
/// </summary>
public sealed class UpgradeTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_migrations_describe_the_whole_model(DatabaseProvider provider)
    {
        await using var app = await MekongApp.StartAsync(provider, postgres);
        await using var scope = app.Services.CreateAsyncScope();

        // A model change without its migration (or a snapshot broken by a merge) fails here, not on an operator's site.
        Assert.False(scope.ServiceProvider.GetRequiredService<MekongDb>().Database.HasPendingModelChanges());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_site_on_an_earlier_schema_upgrades_with_its_rows_intact(DatabaseProvider provider)
    {
        List<string> migrations;
        await using (var probe = await MekongApp.StartAsync(provider, postgres))
        {
            await using var scope = probe.Services.CreateAsyncScope();
            migrations = [.. scope.ServiceProvider.GetRequiredService<MekongDb>().Database.GetMigrations()];
        }

        foreach (var target in new[] { migrations[0], migrations[Math.Max(0, migrations.Count - 2)] }.Distinct(StringComparer.Ordinal).Where(m => m != migrations[^1]))
        {
            await UpgradeFromAsync(provider, target);
        }
    }

    private async Task UpgradeFromAsync(DatabaseProvider provider, string target)
    {
        string connectionString, email;
        Guid openPost, closedPost, comment;
        await using (var site = await MekongApp.StartAsync(provider, postgres))
        {
            site.KeepDatabase = true;
            connectionString = site.ConnectionString;
            var author = await site.RegisterAsync("author", country: "VN");
            email = author.Email;
            var open = await author.CreateCommunityAsync();
            var closed = await author.CreateCommunityAsync(visibility: "membersOnly");
            openPost = (await author.CreatePostAsync(open.Id().ToString(), "Phở", "Nước dùng trong, thơm quế hồi.", ["food"], "vi")).Id();
            closedPost = (await author.CreatePostAsync(closed.Id().ToString(), "Members only", "Chỉ dành cho thành viên.")).Id();
            comment = (await author.CommentAsync(openPost, "Ngon quá!")).Id();
            await (await site.Admin.Client.PutAsync($"/api/v1/posts/{openPost}/reactions/like", null, Ct)).ExpectAsync(HttpStatusCode.OK);

            // Back to the earlier schema, rows and all: this is what a site running that release holds.
            await using var scope = site.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            await db.GetService<IMigrator>().MigrateAsync(target, Ct);
            Assert.Equal(target, (await db.Database.GetAppliedMigrationsAsync(Ct)).Last());
        }

        await using var upgraded = MekongApp.Open(provider, connectionString);
        await using (var scope = upgraded.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        }

        using var anonymous = upgraded.CreateClient();
        var post = await (await anonymous.GetAsync($"/api/v1/posts/{openPost}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Phở", post.GetProperty("title").GetString());
        Assert.Equal(1, post.GetProperty("commentCount").GetInt32());
        var comments = await (await anonymous.GetAsync($"/api/v1/posts/{openPost}/comments", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(comments.GetProperty("items").EnumerateArray(), c => c.Id() == comment);

        // The member still signs in with their password and still reads their members-only community.
        var login = await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "correct horse battery" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        using var member = upgraded.CreateClient();
        member.DefaultRequestHeaders.Authorization = new("Bearer", login.GetProperty("accessToken").GetString());
        await (await member.GetAsync($"/api/v1/posts/{closedPost}", Ct)).ExpectAsync(HttpStatusCode.OK);
        using var refused = await anonymous.GetAsync($"/api/v1/posts/{closedPost}", Ct);
        Assert.InRange((int)refused.StatusCode, 401, 404);
    }
}
