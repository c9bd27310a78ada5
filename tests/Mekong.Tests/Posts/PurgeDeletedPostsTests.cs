using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Posts;
using Mekong.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mekong.Tests.Posts;

/// <summary>Deleted posts stay restorable by their author for 30 days, then are erased.</summary>
public sealed class PurgeDeletedPostsTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Posts_deleted_over_30_days_ago_are_purged_and_can_no_longer_be_restored(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var ct = TestContext.Current.CancellationToken;
        var author = await app.RegisterAsync("author");
        var community = await author.Client.PostAsJsonAsync("/api/v1/communities", new { name = "Purge " + Guid.NewGuid().ToString("N")[..6], kind = "interestClub" }, ct);
        var slug = (await community.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("slug").GetString();
        var old = await PostAsync(author, slug!, "old");
        var recent = await PostAsync(author, slug!, "recent");
        await author.Client.DeleteAsync($"/api/v1/posts/{old}", ct);
        await author.Client.DeleteAsync($"/api/v1/posts/{recent}", ct);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            var post = await db.Posts.SingleAsync(p => p.Id == old, ct);
            post.Restore();
            post.Delete(DateTimeOffset.UtcNow.AddDays(-31)); // as if deleted a month ago
            await db.SaveChangesAsync(ct);
        }

        var tooLate = await author.Client.PostAsync($"/api/v1/posts/{old}/restore", null, ct);
        var purger = app.Services.GetServices<IHostedService>().OfType<PurgeDeletedPosts>().Single();
        var purged = await purger.PurgeAsync(ct);

        Assert.Equal(HttpStatusCode.Conflict, tooLate.StatusCode);
        Assert.True(purged >= 1);
        Assert.Equal(HttpStatusCode.NotFound, (await author.Client.GetAsync($"/api/v1/posts/{old}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await author.Client.GetAsync($"/api/v1/posts/{recent}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await author.Client.PostAsync($"/api/v1/posts/{recent}/restore", null, ct)).StatusCode);
    }

    private static async Task<Guid> PostAsync(Member author, string slug, string title)
    {
        var response = await author.Client.PostAsJsonAsync($"/api/v1/communities/{slug}/posts", new { title, body = "text" }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
    }
}
