using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Search;
using Mekong.Tests.Platform;
using Mekong.Tests.Translation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Review;

/// <summary>Moderators read a review item in their own language as well as the original (issue 4, via translation).</summary>
public sealed class ReviewTranslationTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_review_item_comes_with_its_translation_into_the_moderators_language(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai");
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator"); // reads th, en
        var author = await app.RegisterAsync("author", "VN", ["vi"]);
        var reporter = await app.RegisterAsync("reporter");
        var community = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = (await author.CreatePostAsync(community, "Chợ nổi Cái Răng", "Mua ngay hôm nay, giảm giá 90% tại cửa hàng của tôi!", language: "vi")).GetProperty("id").GetString();
        var report = await (await reporter.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "post", id = post, reason = "spam" }, Ct)).ExpectAsync(HttpStatusCode.Created);
        var item = report.GetProperty("reviewItemId").GetString();
        using var client = site.As(moderator);

        var detail = await (await client.GetAsync($"/api/v1/moderation/queue/{item}", Ct)).ExpectAsync(HttpStatusCode.OK);
        var translation = detail.GetProperty("translation");
        Assert.Equal("translated", translation.GetProperty("status").GetString());
        Assert.Equal("th", translation.GetProperty("language").GetString());
        Assert.Equal("vi", translation.GetProperty("sourceLanguage").GetString());
        Assert.Equal("openai", translation.GetProperty("provider").GetString());
        Assert.False(string.IsNullOrWhiteSpace(translation.GetProperty("text").GetString()));
        Assert.Equal("vi", detail.GetProperty("item").GetProperty("language").GetString());
        Assert.Equal(1, site.Stub.Calls);

        // Asked again (or in another of the moderator's languages): the memory answers; the original language needs none.
        var again = await (await client.GetAsync($"/api/v1/moderation/queue/{item}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(again.GetProperty("translation").GetProperty("cached").GetBoolean());
        Assert.Equal(1, site.Stub.Calls);
        var original = await (await client.GetAsync($"/api/v1/moderation/queue/{item}?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, original.GetProperty("translation").ValueKind);
        await (await client.GetAsync($"/api/v1/moderation/queue/{item}?lang=xx", Ct)).ExpectAsync(HttpStatusCode.BadRequest);

        // What moderators read never becomes searchable through the translation.
        await app.DrainOutboxAsync();
        var postId = Guid.Parse(post!);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<MekongDb>().SearchEntries
            .AnyAsync(e => e.Kind == SearchKind.Translation && e.PostId == postId, Ct));
        Assert.DoesNotContain(site.Indexer.Documents, d => d.Kind == SearchKind.Translation);
    }
}
