using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mekong.Browser.Tests;

/// <summary>
/// Two members in two browsers: B replies to A's post, and A's header badge counts the new notification without a
/// reload (notifications.js polls the unread count); A opens the list and marks all read.
/// </summary>
public sealed class ReplyNotificationTests(MekongServer server) : IClassFixture<MekongServer>
{
    private const string Password = "mekong river 2026";

    [Fact]
    public async Task A_reply_raises_the_authors_badge_without_a_reload()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var a = await RegisterAsync(http, "anong", "Anong", ct);
        var b = await RegisterAsync(http, "bao", "Bao", ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", a.Token);
        var community = await ReadAsync(await http.PostAsJsonAsync("/api/v1/communities", new { name = "Night markets", kind = "interestClub" }, ct), ct);
        var post = await ReadAsync(await http.PostAsJsonAsync($"/api/v1/communities/{community.GetProperty("id")}/posts", new { title = "Best noodles", body = "Where?" }, ct), ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", b.Token);
        (await http.PostAsync($"/api/v1/communities/{community.GetProperty("id")}/membership", null, ct)).EnsureSuccessStatusCode();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var pageA = await SignedInPageAsync(browser, a.Email);
        var pageB = await SignedInPageAsync(browser, b.Email);

        var badge = pageA.Locator("[data-testid=unread-badge]");
        await Expect(badge).ToBeHiddenAsync();

        await pageB.GotoAsync($"/p/{post.GetProperty("id")}");
        await pageB.FillAsync("[data-testid=comment-input]", "Try the boat noodles by the river.");
        await pageB.ClickAsync("[data-testid=comment-submit]");
        await pageB.WaitForSelectorAsync("[data-testid=comment-body]");

        // No reload on A's page: the badge appears when the script next asks (within its 20 s poll, or on focus).
        await pageA.BringToFrontAsync();
        await Expect(badge).ToHaveTextAsync("1", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        await Expect(pageA.Locator("[data-testid=notifications-link]")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("1 unread notification"));

        await pageA.ClickAsync("[data-testid=notifications-link]");
        await Expect(pageA.Locator("[data-testid=notifications] li")).ToContainTextAsync("Bao commented on your post “Best noodles”.");
        await pageA.ClickAsync("[data-testid=mark-all-read]");
        await Expect(pageA.Locator("[data-testid=unread-badge]")).ToBeHiddenAsync();
    }

    private async Task<IPage> SignedInPageAsync(IBrowser browser, string email)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, Locale = "en-US" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", Password);
        await page.ClickAsync("form:has(input[name=Password]) button[type=submit]");
        await page.WaitForURLAsync($"{server.BaseUrl}/");
        return page;
    }

    private static async Task<(string Email, string Token)> RegisterAsync(HttpClient http, string name, string displayName, CancellationToken ct)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.test";
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = Password, displayName, homeCountry = "TH", readingLanguages = new[] { "en" } }, ct)).EnsureSuccessStatusCode();
        var login = await ReadAsync(await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password }, ct), ct);
        return (email, login.GetProperty("accessToken").GetString()!);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }
}
