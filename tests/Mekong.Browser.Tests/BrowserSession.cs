using Microsoft.Playwright;

namespace Mekong.Browser.Tests;

/// <summary>Debian's Chromium, headless, with one context and page on the test server; script CSP reports are collected.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Messages of scripts the Content-Security-Policy blocked.</summary>
    public List<string> Blocked { get; } = [];

    public static async Task<BrowserSession> StartAsync(MekongServer server, BrowserNewContextOptions options)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        options.BaseURL = server.BaseUrl;
        var context = await browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        var session = new BrowserSession(playwright, browser, context, page);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) && !message.Text.StartsWith("Applying inline style", StringComparison.Ordinal))
            {
                lock (session.Blocked)
                {
                    session.Blocked.Add(message.Text);
                }
            }
        };
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
