using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mekong.Browser.Tests;

/// <summary>
/// What a reader sees, checked in a real browser: axe-core finds no critical or serious accessibility violation on the
/// main pages; at phone and desktop width, in the scripts that break lines differently (Han, Thai, Khmer, Myanmar), no
/// button's text wraps and nothing scrolls sideways; the dark theme switch takes effect and survives a reload.
/// </summary>
public sealed class DisplayTests(MekongServer server) : IClassFixture<MekongServer>
{
    private const string Password = "mekong river 2026";
    private static readonly SemaphoreSlim SeedGate = new(1, 1);
    private static readonly Dictionary<string, Seeded> SeededSites = [];

    private sealed record Seeded(string Email, Guid PostId, string Slug);

    [Fact]
    public async Task Main_pages_have_no_critical_or_serious_axe_violations()
    {
        var site = await SeedAsync();
        await using var session = await BrowserSession.StartAsync(server, new BrowserNewContextOptions { Locale = "en-US", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = session.Page;
        await SignInAsync(page, site.Email);

        var found = new List<string>();
        foreach (var theme in new[] { "light", "dark" })
        {
            await SetThemeAsync(page, theme);
            foreach (var path in new[] { "/", $"/p/{site.PostId}", "/settings", "/moderation", "/search?q=durian", "/communities", $"/c/{site.Slug}" })
            {
                await page.GotoAsync(path);
                if (path.StartsWith("/p/", StringComparison.Ordinal))
                {
                    // Reply and report boxes open, as a member would have them.
                    await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
                    await Expect(page.Locator("details.reply textarea").First).ToBeVisibleAsync();
                }

                var result = await page.RunAxe();
                found.AddRange(result.Violations
                    .Where(v => v.Impact is "critical" or "serious")
                    .Select(v => $"[{theme}] {path}: {v.Impact} {v.Id} — {v.Help}: {string.Join(" | ", v.Nodes.Take(5).Select(n => n.Html))}"));
            }
        }

        Assert.True(found.Count == 0, "axe-core violations:\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("zh-Hans")]
    [InlineData("th")]
    [InlineData("km")]
    [InlineData("my")]
    public async Task No_button_text_wraps_and_nothing_scrolls_sideways(string language)
    {
        var site = await SeedAsync();
        var problems = new List<string>();
        foreach (var width in new[] { 390, 1280 })
        {
            await using var session = await BrowserSession.StartAsync(server, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
            var page = session.Page;
            await session.Context.AddCookiesAsync([new Cookie { Name = ".mekong.culture", Value = $"c={language}|uic={language}", Url = server.BaseUrl }]);
            foreach (var signedIn in new[] { false, true })
            {
                if (signedIn)
                {
                    // A member's saved interface language wins over the cookie: choose it with the switcher.
                    await SignInAsync(page, site.Email);
                    await page.SelectOptionAsync("[data-testid=language-switcher] select", language);
                    await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
                }

                foreach (var path in new[] { "/", "/communities", "/search?q=durian", $"/p/{site.PostId}" })
                {
                    await page.GotoAsync(path);
                    await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
                    var report = await page.EvaluateAsync<JsonElement>(LayoutProbe);
                    foreach (var wrapped in report.GetProperty("wrapped").EnumerateArray())
                    {
                        problems.Add($"{language} {width}px {(signedIn ? "member" : "visitor")} {path}: button text wraps: {wrapped.GetString()}");
                    }

                    var scrollWidth = report.GetProperty("scrollWidth").GetInt32();
                    var innerWidth = report.GetProperty("innerWidth").GetInt32();
                    if (scrollWidth > innerWidth)
                    {
                        problems.Add($"{language} {width}px {path}: scrolls sideways ({scrollWidth} > {innerWidth}): {report.GetProperty("widest").GetString()}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Dark_mode_switch_takes_effect_and_survives_a_reload()
    {
        await using var session = await BrowserSession.StartAsync(server, new BrowserNewContextOptions { Locale = "en-US", ColorScheme = ColorScheme.Light });
        var page = session.Page;
        await page.GotoAsync("/");
        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("data-theme", "system");
        var light = await Background(page);

        await page.SelectOptionAsync("[data-testid=theme-select]", "dark");
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        var dark = await Background(page);
        Assert.NotEqual(light, dark);
        Assert.True(Luminance(dark) < Luminance(light), $"dark background {dark} is not darker than {light}");

        await page.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Equal(dark, await Background(page));
        await page.GotoAsync("/communities");
        await Expect(page.Locator("[data-testid=theme-select]")).ToHaveValueAsync("dark");

        // "System" follows the device.
        await page.SelectOptionAsync("[data-testid=theme-select]", "system");
        await Expect(html).ToHaveAttributeAsync("data-theme", "system");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        Assert.Equal(dark, await Background(page));

        // Keyboard focus is visible.
        await page.Keyboard.PressAsync("Tab");
        var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.NotEqual("none", outline);
    }

    /// <summary>Buttons whose text runs over more than one line, and the document's width against the window's.</summary>
    private const string LayoutProbe = """
        () => {
          const wrapped = [];
          for (const b of document.querySelectorAll('button, .button, input[type=submit]')) {
            if (!b.offsetParent || b.getClientRects().length === 0) continue;
            const range = document.createRange();
            range.selectNodeContents(b);
            const tops = [];
            for (const r of range.getClientRects()) {
              if (r.width === 0 || r.height === 0) continue;
              if (!tops.some(t => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
            }
            if (tops.length > 1) wrapped.push(b.textContent.trim().replace(/\s+/g, ' '));
          }
          let widest = '';
          for (const e of document.body.querySelectorAll('*')) {
            const r = e.getBoundingClientRect();
            if (r.right > innerWidth + 1) { widest = e.tagName + '.' + e.className + ' ' + Math.round(r.right); break; }
          }
          return { wrapped, scrollWidth: document.scrollingElement.scrollWidth, innerWidth, widest };
        }
        """;

    private async Task<Seeded> SeedAsync()
    {
        await SeedGate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (SeededSites.TryGetValue(server.BaseUrl, out var seeded))
            {
                return seeded;
            }

            var ct = TestContext.Current.CancellationToken;
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
            var email = $"admin-{Guid.NewGuid():N}@example.test";
            (await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = Password, displayName = "ณัฐ ผู้ดูแล", homeCountry = "TH", readingLanguages = new[] { "th", "en" } }, ct))
                .EnsureSuccessStatusCode();
            var login = await (await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password }, ct)).Content.ReadFromJsonAsync<JsonElement>(ct);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
            var community = await Json(await http.PostAsJsonAsync("/api/v1/communities", new { name = "ชมรมผลไม้ลุ่มน้ำโขง 湄公河水果", kind = "interestClub", description = "ทุเรียน มังคุด 榴莲 ទុរេន ဒူးရင်း" }, ct), ct);
            var slug = community.GetProperty("slug").GetString()!;
            var post = await Json(await http.PostAsJsonAsync($"/api/v1/communities/{slug}/posts", new
            {
                title = "ทุเรียนหมอนทองจากจันทบุรี durian 榴莲到昆明的时候品质怎么样",
                body = "ทุเรียนหมอนทอง **หวาน** มาก\n\n- 榴莲\n- ទុរេន\n- ဒူးရင်းသီး",
                tags = new[] { "durian", "ผลไม้" },
                language = "th",
            }, ct), ct);
            var postId = post.GetProperty("id").GetGuid();
            var first = await Json(await http.PostAsJsonAsync($"/api/v1/posts/{postId}/comments", new { body = "สนุกมากค่ะ! durian season" }, ct), ct);
            await Json(await http.PostAsJsonAsync($"/api/v1/posts/{postId}/comments", new { body = "榴莲很好吃", parentId = first.GetProperty("id").GetGuid() }, ct), ct);
            await Json(await http.PutAsync($"/api/v1/posts/{postId}/reactions/love", null, ct), ct, allowEmpty: true);
            return SeededSites[server.BaseUrl] = new Seeded(email, postId, slug);
        }
        finally
        {
            SeedGate.Release();
        }
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/signin");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", Password);
        await page.ClickAsync("form:has(input[name=Password]) button[type=submit]");
        await Expect(page.Locator("a.me")).ToBeVisibleAsync();
    }

    private static async Task SetThemeAsync(IPage page, string theme)
    {
        await page.GotoAsync("/");
        if (await page.Locator("html").GetAttributeAsync("data-theme") != theme)
        {
            await page.SelectOptionAsync("[data-testid=theme-select]", theme);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", theme);
        }
    }

    private static Task<string> Background(IPage page) => page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).backgroundColor");

    private static double Luminance(string rgb)
    {
        var parts = rgb[(rgb.IndexOf('(', StringComparison.Ordinal) + 1)..rgb.IndexOf(')', StringComparison.Ordinal)].Split(',');
        return (0.2126 * double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture))
            + (0.7152 * double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture))
            + (0.0722 * double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, CancellationToken ct, bool allowEmpty = false)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return allowEmpty && text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
    }
}
