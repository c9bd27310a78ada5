using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Mekong.Platform.Data;

namespace Mekong.Tests.Platform;

/// <summary>
/// The anonymous page cache (Platform/Http/PageCache.cs) through HTTP on both databases: it serves visitors only, never
/// leaks one reader's view to another, varies by language and theme, and a write shows at once to its writer and to
/// visitors within a second. A response served from the cache carries an <c>Age</c> header; a rendered one does not.
/// </summary>
public sealed partial class PageCacheTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_cached_visitor_page_never_shows_signed_in_content_and_a_member_is_never_served_it(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (owner, ownerBrowser, community, post) = await WorldAsync(app, "Mod");
        await owner.CommentAsync(post, "The owner's own comment, which they may edit and delete.");
        var readerName = "Reader" + Suffix();
        var reader = await app.RegisterAsync(readerName);
        using var readerBrowser = await BrowserAsync(app, reader);
        var pages = new[] { "/", $"/c/{community}", $"/p/{post}", "/communities" };

        foreach (var page in pages)
        {
            // Members first: their pages (name in the header, sign-out, the moderator's delete button) are rendered…
            var asOwner = await ownerBrowser.GetAsync(page, Ct);
            var asReader = await readerBrowser.GetAsync(page, Ct);
            Assert.False(asOwner.Headers.Age.HasValue, $"{page}: a member's page came from the cache");
            Assert.False(asReader.Headers.Age.HasValue, $"{page}: a member's page came from the cache");
            var readerHtml = await asReader.Content.ReadAsStringAsync(Ct);
            Assert.Contains(readerName, Header(readerHtml), StringComparison.Ordinal);
            if (page.StartsWith("/p/", StringComparison.Ordinal))
            {
                Assert.Contains("delete-comment", await asOwner.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal); // the controls exist…
            }

            // …then a visitor, twice: the second is the cached copy, and neither holds anything of a member's view.
            using var visitor = app.CreateClient();
            await visitor.GetStringAsync(page, Ct);
            using var cached = await visitor.GetAsync(page, Ct);
            Assert.True(cached.Headers.Age.HasValue, $"{page}: the visitor's second request was not served from the cache");
            Assert.False(cached.Headers.Contains("Set-Cookie"), $"{page}: a cached page set a cookie");
            var html = await cached.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain("/signout", html, StringComparison.Ordinal);
            Assert.DoesNotContain("settings-link", html, StringComparison.Ordinal);
            Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
            Assert.DoesNotContain(readerName, html, StringComparison.Ordinal);
            Assert.DoesNotContain("delete-comment", html, StringComparison.Ordinal);
            Assert.DoesNotContain("comment-input", html, StringComparison.Ordinal);

            // The other way round: with the visitor's copy cached, a member still gets their own page.
            var again = await readerBrowser.GetAsync(page, Ct);
            Assert.False(again.Headers.Age.HasValue, $"{page}: a member was served the cached visitor page");
            Assert.Contains("/signout", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // A bearer-token client (the API's members) is never served a cached response either.
        using var anonymousApi = app.CreateClient();
        await anonymousApi.GetStringAsync($"/api/v1/posts/{post}", Ct);
        Assert.True((await anonymousApi.GetAsync($"/api/v1/posts/{post}", Ct)).Headers.Age.HasValue);
        Assert.False((await owner.Client.GetAsync($"/api/v1/posts/{post}", Ct)).Headers.Age.HasValue);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_write_shows_at_once_to_its_writer_and_to_visitors_within_a_second(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (owner, ownerBrowser, community, post) = await WorldAsync(app, "Writer");
        using var visitor = app.CreateClient();
        foreach (var page in new[] { "/", $"/p/{post}", $"/c/{community}", "/api/v1/posts" })
        {
            await visitor.GetStringAsync(page, Ct);
            Assert.True((await visitor.GetAsync(page, Ct)).Headers.Age.HasValue, $"{page} was not cached");
        }

        // The member comments through the post page's own form, as a browser does.
        var form = await ownerBrowser.GetStringAsync($"/p/{post}", Ct);
        var body = "Fresh comment " + Suffix();
        using var posted = await ownerBrowser.PostAsync($"/p/{post}?handler=Comment", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = InterfaceLanguageTests.AntiforgeryToken().Match(form).Groups[1].Value,
            ["body"] = body,
        }), Ct);
        Assert.True(posted.IsSuccessStatusCode || posted.StatusCode == HttpStatusCode.Redirect, $"comment answered {posted.StatusCode}");

        // Read-your-writes: the writer's very next view shows it.
        Assert.Contains(body, await ownerBrowser.GetStringAsync($"/p/{post}", Ct), StringComparison.Ordinal);

        // Others: within a second, on the post page, the home page, the community page and the API list.
        await WithinASecondAsync(visitor, $"/p/{post}", html => html.Contains(body, StringComparison.Ordinal));
        await WithinASecondAsync(visitor, "/", html => Card(html, post).Contains("💬 1", StringComparison.Ordinal));
        await WithinASecondAsync(visitor, $"/c/{community}", html => Card(html, post).Contains("💬 1", StringComparison.Ordinal));
        await WithinASecondAsync(visitor, "/api/v1/posts", json => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("items").EnumerateArray()
            .Any(p => p.GetProperty("id").GetGuid() == post && p.GetProperty("commentCount").GetInt32() == 1));

        // A new post through the API reaches the cached home page the same way.
        var title = "Brand new " + Suffix();
        await owner.CreatePostAsync(community, title);
        await WithinASecondAsync(visitor, "/", html => html.Contains(title, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_members_only_community_is_never_served_from_the_cache_to_a_visitor(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("Keeper" + Suffix());
        var community = await owner.CreateCommunityAsync(visibility: "membersOnly");
        var slug = community.GetProperty("slug").GetString()!;
        var secret = "Members secret " + Suffix();
        var post = (await owner.CreatePostAsync(slug, secret)).Id();
        using var ownerBrowser = await BrowserAsync(app, owner);

        foreach (var page in new[] { $"/c/{slug}", $"/p/{post}", "/", $"/api/v1/posts/{post}", "/api/v1/posts" })
        {
            using var member = await ownerBrowser.GetAsync(page, Ct);
            if (page.StartsWith("/c/", StringComparison.Ordinal) || page.StartsWith("/p/", StringComparison.Ordinal))
            {
                Assert.Contains(secret, await member.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }

            using var visitor = app.CreateClient();
            for (var i = 0; i < 2; i++)
            {
                using var response = await visitor.GetAsync(page, Ct);
                Assert.DoesNotContain(secret, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }

        // Turning a public community members-only evicts everything a visitor had cached of it.
        var open = await owner.CreateCommunityAsync();
        var openSlug = open.GetProperty("slug").GetString()!;
        var soonTitle = "Soon private " + Suffix();
        var soon = (await owner.CreatePostAsync(openSlug, soonTitle)).Id();
        using var reader = app.CreateClient();
        await reader.GetStringAsync($"/p/{soon}", Ct);
        Assert.True((await reader.GetAsync($"/p/{soon}", Ct)).Headers.Age.HasValue);
        await (await owner.Client.PutAsJsonAsync($"/api/v1/communities/{openSlug}", new { visibility = "membersOnly" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(soonTitle, await reader.GetStringAsync($"/p/{soon}", Ct), StringComparison.Ordinal); // the sign-in page now
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Language_and_theme_variants_are_never_mixed(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (_, _, community, post) = await WorldAsync(app, "Polyglot");
        foreach (var page in new[] { "/", $"/c/{community}", $"/p/{post}" })
        {
            // Accept-Language: a th page cached twice over is never the vi reader's page.
            Assert.Equal("th", HtmlLang(await GetAsync(page, "th")));
            Assert.Equal("th", HtmlLang(await GetAsync(page, "th")));
            Assert.Equal("vi", HtmlLang(await GetAsync(page, "vi")));

            // The switcher's cookie outranks Accept-Language, and is a variant of its own.
            Assert.Equal("km", HtmlLang(await GetAsync(page, "vi", ".mekong.culture=c%3Dkm%7Cuic%3Dkm")));
            Assert.Equal("vi", HtmlLang(await GetAsync(page, "vi")));

            // The theme cookie.
            Assert.Contains("data-theme=\"dark\"", await GetAsync(page, "th", "mekong.theme=dark"), StringComparison.Ordinal);
            Assert.Contains("data-theme=\"system\"", await GetAsync(page, "th"), StringComparison.Ordinal);
        }

        async Task<string> GetAsync(string page, string language, string? cookie = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Add("Accept-Language", language);
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
            using var response = await client.SendAsync(request, Ct);
            return await response.Content.ReadAsStringAsync(Ct);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_visitors_preference_switch_is_proved_by_its_origin_a_members_by_the_token(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        using var visitor = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var home = await visitor.GetStringAsync("/", Ct);
        Assert.Contains("data-testid=\"language-switcher\"", home, StringComparison.Ordinal);

        foreach (var (origin, expected) in new[] { ("http://localhost", HttpStatusCode.Redirect), ("https://evil.example", HttpStatusCode.BadRequest), ("null", HttpStatusCode.BadRequest) })
        {
            foreach (var endpoint in new[] { ("/language", "culture", "th"), ("/theme", "theme", "dark") })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Item1)
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string> { [endpoint.Item2] = endpoint.Item3, ["returnUrl"] = "/" }),
                };
                request.Headers.Add("Origin", origin);
                using var response = await visitor.SendAsync(request, Ct);
                Assert.True(expected == response.StatusCode, $"{endpoint.Item1} from {origin}: {response.StatusCode}");
            }
        }

        // A member's switch still needs the token: the same-origin header alone does not do.
        var member = await app.RegisterAsync();
        using var browser = await BrowserAsync(app, member, redirect: false);
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/language")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "th" }),
        };
        forged.Headers.Add("Origin", "http://localhost");
        forged.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.SendAsync(forged, Ct)).StatusCode);
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(await browser.GetStringAsync("/", Ct)).Groups[1].Value;
        using var proven = await browser.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "th",
            ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, proven.StatusCode);
    }

    private static async Task WithinASecondAsync(HttpClient visitor, string page, Func<string, bool> shows)
    {
        // No fixed sleep: poll until it shows, and fail if no request started within the second does.
        var clock = Stopwatch.StartNew();
        var last = "";
        for (var attempt = 0; attempt < 200 && clock.Elapsed < TimeSpan.FromSeconds(1); attempt++)
        {
            last = await visitor.GetStringAsync(page, Ct);
            if (shows(last))
            {
                return;
            }

            await Task.Delay(20, Ct);
        }

        Assert.Fail($"{page}: the write did not show to a visitor within a second ({last.Length} characters)");
    }

    private static async Task<(Member Owner, HttpClient Browser, string Community, Guid Post)> WorldAsync(MekongApp app, string name)
    {
        var owner = await app.RegisterAsync(name + Suffix());
        var community = (await owner.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = (await owner.CreatePostAsync(community, "Cached post " + Suffix())).Id();
        return (owner, await BrowserAsync(app, owner), community, post);
    }

    private static async Task<HttpClient> BrowserAsync(MekongApp app, Member member, bool redirect = true)
    {
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = redirect });
        await browser.SignInByFormAsync(member.Email, "correct horse battery");
        Assert.Contains("/signout", await browser.GetStringAsync("/communities", Ct), StringComparison.Ordinal);
        return browser;
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    private static string Header(string html) => html[..Math.Max(0, html.IndexOf("</header>", StringComparison.Ordinal))];

    private static string Card(string html, Guid post)
    {
        var start = html.IndexOf($"id=\"p-{post}\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }

        var end = html.IndexOf("</li>", start, StringComparison.Ordinal);
        return end < 0 ? html[start..] : html[start..end];
    }

    private static string HtmlLang(string html) => LangAttribute().Match(html).Groups[1].Value;

    [GeneratedRegex("<html lang=\"([^\"]+)\"")]
    private static partial Regex LangAttribute();
}
