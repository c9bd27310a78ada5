using System.Net;
using System.Net.Http.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Mekong.Tests.Translation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Privacy;

/// <summary>Without the author's externalAi consent, no provider sees their text and no translation of it is stored.</summary>
public sealed class ConsentGateTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task No_provider_call_and_no_stored_translation_without_the_authors_consent(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai");
        var author = await app.RegisterAsync("withholding", "TH", ["th"]);
        var community = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = (await author.CreatePostAsync(community, "ตลาดน้ำดำเนินสะดวก", "เช้านี้เราไปตลาดน้ำกับครอบครัว", language: "th")).Id();
        var consenting = await app.RegisterAsync("consenting", "TH", ["th"]);
        await consenting.AllowExternalAiAsync();
        var withheld = (await author.CommentAsync(post, "ขอบคุณทุกคนที่มาเที่ยวด้วยกัน")).Id();
        using var reader = site.As(null);

        // The API, the translations endpoint and the page: the original, labelled, and the provider never called.
        var view = await (await reader.GetAsync($"/api/v1/posts/{post}?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        var translation = view.GetProperty("translation");
        Assert.Equal("unavailable", translation.GetProperty("status").GetString());
        Assert.Equal("author-consent", translation.GetProperty("reason").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, translation.GetProperty("text").ValueKind);
        Assert.Equal("ตลาดน้ำดำเนินสะดวก", view.GetProperty("title").GetString());
        var direct = await (await reader.GetAsync($"/api/v1/posts/{post}/translations/vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("author-consent", direct.GetProperty("reason").GetString());
        var comments = await (await reader.GetAsync($"/api/v1/posts/{post}/comments?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("author-consent", comments.GetProperty("items")[0].GetProperty("translation").GetProperty("reason").GetString());
        var viet = await app.RegisterAsync("reader", "VN", ["vi"]);
        using var vietReader = site.As(viet);
        var page = await vietReader.GetStringAsync($"/p/{post}?translate=1", Ct);
        Assert.Contains("data-testid=\"translation-unavailable\"", page, StringComparison.Ordinal);
        Assert.Contains("เช้านี้เราไปตลาดน้ำกับครอบครัว", page, StringComparison.Ordinal);
        Assert.Equal(0, site.Stub.Calls);

        // In the same thread, a comment by a member who consented is translated; the other stays withheld.
        var allowed = (await consenting.CommentAsync(post, "ดีใจที่ได้ไปด้วยนะ")).Id();
        var thread = await (await reader.GetAsync($"/api/v1/posts/{post}/comments?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        var statuses = thread.GetProperty("items").EnumerateArray().ToDictionary(c => c.Id(), c => c.GetProperty("translation").GetProperty("status").GetString());
        Assert.Equal("unavailable", statuses[withheld]);
        Assert.Equal("translated", statuses[allowed]);
        Assert.Equal(1, site.Stub.Calls);
        Assert.DoesNotContain(site.Stub.Requests, r => r.ToJsonString().Contains("ตลาดน้ำ", StringComparison.Ordinal) || r.ToJsonString().Contains("ขอบคุณทุกคน", StringComparison.Ordinal));

        // At the database: no memory entry of the withheld texts, no link to them.
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            Assert.False(await db.TranslationLinks.AnyAsync(l => l.ContentId == post || l.ContentId == withheld, Ct));
            Assert.False(await db.TranslationEntries.AnyAsync(e => e.SourceText.Contains("ตลาดน้ำ") || e.SourceText.Contains("ขอบคุณทุกคน"), Ct));
        }

        // Consent given: the next read translates at once; revoked again: the provider is not called any more.
        await author.AllowExternalAiAsync();
        var now = await (await reader.GetAsync($"/api/v1/posts/{post}?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("translated", now.GetProperty("translation").GetProperty("status").GetString());
        Assert.Equal(2, site.Stub.Calls);
        await author.AllowExternalAiAsync(false);
        var edited = await author.Client.PutAsJsonAsync($"/api/v1/posts/{post}", new { title = "ตลาดน้ำอัมพวา" }, Ct);
        await edited.ExpectAsync(HttpStatusCode.OK);
        var after = await (await reader.GetAsync($"/api/v1/posts/{post}?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("author-consent", after.GetProperty("translation").GetProperty("reason").GetString());
        Assert.Equal(2, site.Stub.Calls);
    }
}
