using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mekong.Tests.Components;

/// <summary>The server-rendered pages, through HTTP as a browser without JavaScript sees them.</summary>
public sealed class PageTests(Apps apps) : IClassFixture<Apps>
{
    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false };

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Visitors_read_the_public_pages(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var ct = TestContext.Current.CancellationToken;
        var (slug, postId, authorId) = await SeedAsync(app, "ข้าวซอยเชียงใหม่", "อร่อยที่สุด **จริง ๆ**");
        using var visitor = app.CreateClient(NoRedirects);

        foreach (var path in new[] { "/", "/communities", $"/c/{slug}", $"/p/{postId}", $"/u/{authorId}", "/signin", "/signup" })
        {
            var response = await visitor.GetAsync(path, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }

        var post = await visitor.GetStringAsync($"/p/{postId}", ct);
        Assert.Contains("ข้าวซอยเชียงใหม่", post, StringComparison.Ordinal);
        Assert.Contains("<strong>จริง ๆ</strong>", post, StringComparison.Ordinal);
        Assert.Contains("lang=\"th\"", post, StringComparison.Ordinal);
        var home = await visitor.GetStringAsync("/", ct);
        Assert.Contains("ข้าวซอยเชียงใหม่", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_pages_send_visitors_to_sign_in_and_unknown_pages_are_404()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        using var visitor = app.CreateClient(NoRedirects);

        foreach (var path in new[] { "/settings", "/communities/new" })
        {
            var response = await visitor.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var missing = await visitor.GetAsync($"/p/{Guid.CreateVersion7()}", ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("404", await missing.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_only_community_hides_its_posts_from_visitors()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var owner = await app.RegisterAsync("owner");
        var created = await owner.Client.PostAsJsonAsync("/api/v1/communities", new { name = "Quiet circle", kind = "diasporaNetwork", visibility = "membersOnly" }, ct);
        var slug = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("slug").GetString();
        var post = await owner.Client.PostAsJsonAsync($"/api/v1/communities/{slug}/posts", new { title = "Family matters only", body = "private" }, ct);
        var postId = (await post.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();
        using var visitor = app.CreateClient(NoRedirects);

        var page = await visitor.GetStringAsync($"/c/{slug}", ct);
        var direct = await visitor.GetAsync($"/p/{postId}", ct);

        Assert.DoesNotContain("Family matters only", page, StringComparison.Ordinal);
        Assert.Contains("members-only", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, direct.StatusCode); // visitors are asked to sign in
        Assert.StartsWith("/signin", direct.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var stranger = await app.RegisterAsync("stranger");
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.Client.GetAsync($"/p/{postId}", ct)).StatusCode);
    }

    [Fact]
    public async Task Sign_up_form_creates_the_account_and_sends_the_member_to_sign_in()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        using var browser = app.CreateClient(NoRedirects);
        var form = await browser.GetStringAsync("/signup", ct);
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(form).Groups[1].Value;

        var tooShort = await browser.PostAsync("/signup", Form(token, "lan@example.test", "short"), ct);
        var created = await browser.PostAsync("/signup", Form(token, "lan@example.test", "a long enough passphrase"), ct);

        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode); // the form again, with the reason
        Assert.Contains("at least 8", await tooShort.Content.ReadAsStringAsync(ct), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/signin?registered=true", created.Headers.Location?.OriginalString); // as for a taken address
        await browser.SignInByFormAsync("lan@example.test", "a long enough passphrase");
        var settings = await browser.GetAsync("/settings", ct);
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Contains("Lan Nguyễn", await settings.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(string token, string email, string password) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["Email"] = email,
        ["Password"] = password,
        ["DisplayName"] = "Lan Nguyễn",
        ["HomeCountry"] = "VN",
        ["ReadingLanguage"] = "vi",
    });

    private static async Task<(string Slug, string PostId, Guid AuthorId)> SeedAsync(MekongApp app, string title, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var author = await app.RegisterAsync("author");
        var community = await author.Client.PostAsJsonAsync("/api/v1/communities", new { name = "Northern food " + Guid.NewGuid().ToString("N")[..6], kind = "interestClub", language = "th" }, ct);
        community.EnsureSuccessStatusCode();
        var slug = (await community.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("slug").GetString()!;
        var post = await author.Client.PostAsJsonAsync($"/api/v1/communities/{slug}/posts", new { title, body, language = "th", tags = new[] { "food" } }, ct);
        post.EnsureSuccessStatusCode();
        return (slug, (await post.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!, author.Id);
    }
}
