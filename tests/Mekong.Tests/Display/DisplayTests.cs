using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;

namespace Mekong.Tests.Display;

/// <summary>Time zone, theme, &lt;time&gt; elements, favicon and excerpts, through HTTP on both databases.</summary>
public sealed partial class DisplayTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Time_zone_is_a_member_setting_and_bad_zones_are_refused(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.For(provider);
        var member = await app.RegisterAsync();

        var me = await member.Client.GetFromJsonAsync<JsonElement>("/api/v1/me", ct);
        Assert.Equal("UTC", me.GetProperty("timeZone").GetString());
        await (await member.Client.PutAsJsonAsync("/api/v1/me", new { timeZone = "Asia/Bangkok" }, ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Asia/Bangkok", (await member.Client.GetFromJsonAsync<JsonElement>("/api/v1/me", ct)).GetProperty("timeZone").GetString());

        foreach (var bad in new[] { "Mars/Olympus_Mons", "SE Asia Standard Time", "", "Asia/Bangkok\0", new string('A', 200), "../../etc/passwd" })
        {
            await (await member.Client.PutAsJsonAsync("/api/v1/me", new { timeZone = bad }, ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "timeZone");
        }

        await (await member.Client.PutAsJsonAsync("/api/v1/me", new { theme = "neon" }, ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "theme");
        await (await member.Client.PutAsJsonAsync("/api/v1/me", new { theme = "dark" }, ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Asia/Bangkok", (await member.Client.GetFromJsonAsync<JsonElement>("/api/v1/me", ct)).GetProperty("timeZone").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Every_time_element_has_a_datetime_and_the_exact_time_in_the_readers_zone(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("timekeeper");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = await author.CreatePostAsync(slug, "Sunrise over the Mekong", "Early start.");
        await author.CommentAsync(post.Id(), "Beautiful!");
        await (await author.Client.PutAsJsonAsync("/api/v1/me", new { timeZone = "Asia/Bangkok" }, ct)).ExpectAsync(HttpStatusCode.OK);

        using var visitor = app.CreateClient();
        foreach (var path in new[] { $"/p/{post.Id()}", $"/c/{slug}", "/" })
        {
            var html = await visitor.GetStringAsync(path, ct);
            var times = TimeElement().Matches(html);
            Assert.NotEmpty(times);
            Assert.All(times, t =>
            {
                Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", t.Groups["datetime"].Value);
                Assert.Contains("(UTC, UTC+00:00)", WebUtility.HtmlDecode(t.Groups["title"].Value), StringComparison.Ordinal);
            });
        }

        Assert.Contains(">just now</time>", await visitor.GetStringAsync($"/p/{post.Id()}", ct), StringComparison.Ordinal);
        using var thai = app.CreateClient();
        thai.DefaultRequestHeaders.AcceptLanguage.ParseAdd("th");
        Assert.Contains(">เมื่อสักครู่</time>", await thai.GetStringAsync($"/p/{post.Id()}", ct), StringComparison.Ordinal);

        // The member reads the exact time in their own zone.
        using var browser = app.CreateClient();
        await browser.SignInByFormAsync(author.Email, "correct horse battery");
        var own = TimeElement().Matches(await browser.GetStringAsync($"/p/{post.Id()}", ct));
        Assert.NotEmpty(own);
        Assert.All(own, t => Assert.Contains("(Asia/Bangkok, UTC+07:00)", WebUtility.HtmlDecode(t.Groups["title"].Value), StringComparison.Ordinal));
        Assert.DoesNotMatch("<time(?![^>]*datetime=)", await browser.GetStringAsync($"/p/{post.Id()}", ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Theme_switch_is_remembered_in_a_cookie_and_in_the_members_settings(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.For(provider);
        using var visitor = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var home = await visitor.GetStringAsync("/", ct);
        Assert.Contains("data-theme=\"system\"", home, StringComparison.Ordinal);
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(await visitor.GetStringAsync("/signin", ct)).Groups[1].Value;

        using var bad = await visitor.PostAsync("/theme", Form(token, "neon", "/"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var chosen = await visitor.PostAsync("/theme", Form(token, "dark", "/communities"), ct);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("/communities", chosen.Headers.Location?.OriginalString);
        Assert.Contains("data-theme=\"dark\"", await visitor.GetStringAsync("/communities", ct), StringComparison.Ordinal);

        // A member's choice is their setting: it follows them to a browser without the cookie.
        var member = await app.RegisterAsync();
        await (await member.Client.PutAsJsonAsync("/api/v1/me", new { theme = "light" }, ct)).ExpectAsync(HttpStatusCode.OK);
        using var fresh = app.CreateClient();
        await fresh.SignInByFormAsync(member.Email, "correct horse battery");
        Assert.Contains("data-theme=\"light\"", await fresh.GetStringAsync("/", ct), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Favicon_is_served_and_excerpts_keep_list_items_apart(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.For(provider);
        using var visitor = app.CreateClient();
        using var ico = await visitor.GetAsync("/favicon.ico", ct);
        Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
        Assert.Equal([0, 0, 1, 0], (await ico.Content.ReadAsByteArrayAsync(ct))[..4]);
        using var svg = await visitor.GetAsync("/favicon.svg", ct);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\"", await visitor.GetStringAsync("/", ct), StringComparison.Ordinal);

        var author = await app.RegisterAsync();
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        await author.CreatePostAsync(slug, "Shopping list", "What to buy &amp; why:\n\n- sticky rice\n- mango\n- coconut milk");
        var excerpt = (await author.Client.GetFromJsonAsync<JsonElement>($"/api/v1/communities/{slug}/posts", ct))
            .GetProperty("items")[0].GetProperty("excerpt").GetString();
        Assert.Equal("What to buy & why: sticky rice · mango · coconut milk", excerpt);
        var profile = await visitor.GetStringAsync($"/u/{author.Id}", ct);
        Assert.Contains("sticky rice · mango · coconut milk", profile, StringComparison.Ordinal);
        Assert.Contains("<nav class=\"main-nav\" aria-label=\"", profile, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(string token, string theme, string returnUrl) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["theme"] = theme,
        ["returnUrl"] = returnUrl,
    });

    [GeneratedRegex("<time datetime=\"(?<datetime>[^\"]*)\" title=\"(?<title>[^\"]*)\">")]
    private static partial Regex TimeElement();
}
