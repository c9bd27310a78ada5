using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Mekong.Browser.Tests;

/// <summary>
/// XSS payloads written through the API into every text a post page shows (title, body, tags are closed-list,
/// comment, display name, community name and description) and then opened in a real browser: no alert, confirm
/// or prompt may fire, and no payload may run (it would set window.__xss).
/// </summary>
public sealed class XssPayloadTests(MekongServer server) : IClassFixture<MekongServer>
{
    private static readonly string[] Payloads =
    [
        "<script>alert(1);window.__xss=1</script>",
        "<img src=x onerror=\"alert(2);window.__xss=1\">",
        "<svg onload=\"alert(3);window.__xss=1\">",
        "\"><script>alert(4)</script>",
        "'><img src=x onerror=alert(5)>",
        "[click](javascript:alert(6))",
        "![x](javascript:alert(7))",
        "<iframe srcdoc=\"<script>parent.alert(8)</script>\"></iframe>",
        "<details open ontoggle=alert(9)>",
        "</textarea><script>alert(10)</script>",
        "</title><script>alert(11)</script>",
        "<a href=\"javascript:alert(12)\">x</a>",
        "<input autofocus onfocus=alert(13)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(14)>",
    ];

    [Fact]
    public async Task Payloads_in_every_field_of_a_post_page_never_run()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var all = string.Join(" ", Payloads);
        var email = $"xss-{Guid.NewGuid():N}@example.test";
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "mekong river 2026", displayName = Payloads[1][..40], homeCountry = "TH", readingLanguages = new[] { "th" } }, ct))
            .EnsureSuccessStatusCode();
        var login = await (await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "mekong river 2026" }, ct)).Content.ReadFromJsonAsync<JsonElement>(ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        (await http.PutAsJsonAsync("/api/v1/me", new { bio = all[..Math.Min(500, all.Length)] }, ct)).EnsureSuccessStatusCode();

        var community = await Created(await http.PostAsJsonAsync("/api/v1/communities", new { name = "<svg onload=alert(20)> club", kind = "interestClub", description = all[..Math.Min(2000, all.Length)] }, ct), ct);
        var pages = new List<string> { $"/c/{community.GetProperty("slug").GetString()}", "/" };
        foreach (var payload in Payloads)
        {
            var post = await Created(await http.PostAsJsonAsync($"/api/v1/communities/{community.GetProperty("id").GetGuid()}/posts", new { title = payload, body = all }, ct), ct);
            var id = post.GetProperty("id").GetGuid();
            await Created(await http.PostAsJsonAsync($"/api/v1/posts/{id}/comments", new { body = payload }, ct), ct);
            pages.Add($"/p/{id}");
        }

        var me = await http.GetFromJsonAsync<JsonElement>("/api/v1/me", ct);
        pages.Add($"/u/{me.GetProperty("profile").GetProperty("id").GetGuid()}");
        pages.Add("/search?q=" + Uri.EscapeDataString(Payloads[0]));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl })).NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            lock (dialogs)
            {
                dialogs.Add($"{page.Url}: {dialog.Type} {dialog.Message}");
            }

            await dialog.DismissAsync();
        };

        var ran = new List<string>();
        foreach (var url in pages)
        {
            await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            await page.Mouse.MoveAsync(10, 10);
            // Two rendered frames after the hover: any handler it could trigger has had its turn (a condition, not a sleep).
            await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
            if (await page.EvaluateAsync<bool>("() => window.__xss === 1"))
            {
                ran.Add(url);
            }
        }

        Assert.True(dialogs.Count == 0, "payloads ran in the browser: " + string.Join("; ", dialogs));
        Assert.True(ran.Count == 0, "payloads ran (window.__xss set) on: " + string.Join("; ", ran));
    }

    private static async Task<JsonElement> Created(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }
}
