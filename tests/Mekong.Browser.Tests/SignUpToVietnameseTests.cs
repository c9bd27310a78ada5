using System.Globalization;
using System.Resources;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Mekong.Browser.Tests;

/// <summary>
/// A newcomer's first visit in a real browser (Debian's Chromium, headless): sign up, found a community,
/// post in Thai, comment, then switch the interface to Vietnamese. Screenshots are kept as test artifacts.
/// </summary>
public sealed class SignUpToVietnameseTests(MekongServer server) : IClassFixture<MekongServer>
{
    private static readonly ResourceManager UiText = new("Mekong.Platform.Localization.UiText", typeof(Program).Assembly);

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Newcomer_signs_up_posts_in_Thai_comments_and_switches_to_Vietnamese()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseUrl,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, // a phone
            Locale = "en-US",
        });
        var page = await context.NewPageAsync();

        // The strict Content-Security-Policy must never block the site's own scripts. (Style reports are left out:
        // Playwright's screenshots inject a caret-hiding <style> of their own; the pages' HTML is checked for inline
        // styles in Mekong.Tests' HardeningTests.)
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)
                && !message.Text.StartsWith("Applying inline style", StringComparison.Ordinal))
            {
                blocked.Add(message.Text);
            }
        };
        try
        {
            await Walkthrough(page);
            Assert.Empty(blocked);
        }
        catch (Exception)
        {
            await Screenshot(page, "failure");
            TestContext.Current.SendDiagnosticMessage(server.Log);
            throw;
        }
    }

    private async Task Walkthrough(IPage page)
    {

        // Sign up
        await page.GotoAsync("/signup");
        await page.FillAsync("input[name=Email]", "somchai@example.test");
        await page.FillAsync("input[name=Password]", "mekong river 2026");
        await page.FillAsync("input[name=DisplayName]", "สมชาย ใจดี");
        await page.SelectOptionAsync("select[name=HomeCountry]", "TH");
        await page.SelectOptionAsync("select[name=ReadingLanguage]", "th");
        await page.ClickAsync("section form button[type=submit]");

        // A new address gets the same answer as a taken one: on to sign in with what was just chosen.
        await page.WaitForURLAsync($"{server.BaseUrl}/signin?registered=true");
        await page.FillAsync("input[name=Email]", "somchai@example.test");
        await page.FillAsync("input[name=Password]", "mekong river 2026");
        await page.ClickAsync("form:has(input[name=Password]) button[type=submit]");
        await page.WaitForURLAsync($"{server.BaseUrl}/");
        await Expect(page.Locator("a.me")).ToHaveTextAsync("สมชาย ใจดี");

        // Found a community
        await page.GotoAsync("/communities/new");
        await page.FillAsync("input[name=Name]", "Mekong Street Food");
        await page.FillAsync("input[name=Slug]", "mekong-street-food");
        await page.SelectOptionAsync("select[name=Kind]", "InterestClub");
        await page.SelectOptionAsync("select[name=Language]", "th");
        await page.FillAsync("textarea[name=Description]", "ชมรมคนรักอาหารริมทาง จากลุ่มแม่น้ำโขง");
        await page.ClickAsync("section form button[type=submit]");
        await page.WaitForURLAsync($"{server.BaseUrl}/c/mekong-street-food");

        // Post in Thai
        await page.ClickAsync("[data-testid=new-post]");
        await page.FillAsync("[data-testid=post-title-input]", "ส้มตำปูปลาร้าที่ตลาดเช้าหนองคาย");
        await page.SelectOptionAsync("select[name=Language]", "th");
        await page.FillAsync("[data-testid=post-body-input]", "เมื่อเช้าไปตลาดริมโขง ได้กิน**ส้มตำ**รสจัดจ้าน <script>alert(1)</script>");
        await page.FillAsync("input[name=Tags]", "อาหาร, nong-khai");
        await page.ClickAsync("[data-testid=publish]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/p/[0-9a-f-]{36}$"));
        await Expect(page.Locator("[data-testid=post-title]")).ToHaveTextAsync("ส้มตำปูปลาร้าที่ตลาดเช้าหนองคาย");
        await Expect(page.Locator("[data-testid=post-body] strong")).ToHaveTextAsync("ส้มตำ");
        await Expect(page.Locator("[data-testid=post-body] script")).ToHaveCountAsync(0);

        // Comment
        await page.FillAsync("[data-testid=comment-input]", "น่ากินมาก! ไปกันอีกนะ");
        await page.ClickAsync("[data-testid=comment-submit]");
        await Expect(page.Locator("[data-testid=comment-body]")).ToContainTextAsync("น่ากินมาก");
        await Screenshot(page, "post-in-thai-with-comment");

        // Switch the interface to Vietnamese
        await page.SelectOptionAsync("[data-testid=language-switcher] select", "vi");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        var vi = CultureInfo.GetCultureInfo("vi");
        Assert.NotEqual("Home", UiText.GetString("Home", vi));
        await Expect(page.Locator(".comments h2")).ToContainTextAsync(UiText.GetString("Comments", vi)!);
        await Expect(page.Locator(".main-nav a[href='/']")).ToHaveTextAsync(UiText.GetString("Home", vi)!);
        await Expect(page.Locator("[data-testid=post-title]")).ToHaveTextAsync("ส้มตำปูปลาร้าที่ตลาดเช้าหนองคาย");
        await Screenshot(page, "post-in-thai-interface-in-vietnamese");

        // The choice is the member's setting: it holds on another page and after signing in again.
        await page.GotoAsync("/communities");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await Screenshot(page, "communities-in-vietnamese");
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(name, bytes, "image/png");
    }
}
