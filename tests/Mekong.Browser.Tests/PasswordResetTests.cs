using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Mekong.Browser.Tests;

/// <summary>
/// A member who forgot their password, in a real browser: asks for a reset on the sign-in page, reads the mail the
/// real SMTP test server received, opens its link, chooses a new password and signs in with it.
/// </summary>
public sealed partial class PasswordResetTests(PasswordResetTests.MailedSite site) : IClassFixture<PasswordResetTests.MailedSite>
{
    [Fact]
    public async Task A_member_resets_a_forgotten_password_by_mail()
    {
        var ct = TestContext.Current.CancellationToken;
        var email = $"forgetful-{Guid.NewGuid():N}@example.test";
        using (var http = new HttpClient { BaseAddress = new Uri(site.Server.BaseUrl) })
        {
            (await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "the old passphrase", displayName = "Malee" }, ct)).EnsureSuccessStatusCode();
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.Server.BaseUrl, Locale = "en-US" });
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/signin");
            await page.ClickAsync("[data-testid=forgot-password]");
            await page.WaitForURLAsync($"{site.Server.BaseUrl}/forgot-password");
            await page.FillAsync("input[name=Email]", email);
            await page.ClickAsync("section form button[type=submit]");
            await Assertions.Expect(page.Locator("[data-testid=reset-sent]")).ToBeVisibleAsync();

            var link = await ResetLinkAsync(email, ct);
            Assert.StartsWith(site.Server.BaseUrl + "/reset-password?", link, StringComparison.Ordinal);
            await page.GotoAsync(link);
            await page.FillAsync("input[name=NewPassword]", "a fresh passphrase");
            await page.ClickAsync("section form button[type=submit]");
            await page.WaitForURLAsync($"{site.Server.BaseUrl}/signin?reset=true");
            await Assertions.Expect(page.Locator("[data-testid=password-reset-done]")).ToBeVisibleAsync();

            await page.FillAsync("input[name=Email]", email);
            await page.FillAsync("input[name=Password]", "a fresh passphrase");
            await page.ClickAsync("form:has(input[name=Password]) button[type=submit]");
            await page.WaitForURLAsync($"{site.Server.BaseUrl}/");
            await Assertions.Expect(page.Locator("a.me")).ToHaveTextAsync("Malee");

            // The link worked once.
            await page.GotoAsync(link);
            await Assertions.Expect(page.Locator("[data-testid=invalid-link]")).ToBeVisibleAsync();
        }
        catch (Exception)
        {
            TestContext.Current.SendDiagnosticMessage(site.Server.Log);
            throw;
        }
    }

    private async Task<string> ResetLinkAsync(string email, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var list = JsonDocument.Parse(await site.MailApi.GetStringAsync("/api/email", ct));
            foreach (var mail in list.RootElement.EnumerateArray())
            {
                var to = mail.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString());
                var text = mail.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
                if (to.Contains(email, StringComparer.OrdinalIgnoreCase) && Link().Match(text) is { Success: true } link)
                {
                    return link.Value;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "no reset mail arrived");
            await Task.Delay(100, ct);
        }
    }

    [GeneratedRegex(@"https?://\S+/reset-password\?\S+")]
    private static partial Regex Link();

    /// <summary>A real SMTP test server (maildev, from tests/tools), and the site sending through it.</summary>
    public sealed class MailedSite : IAsyncLifetime
    {
        private Process? _maildev;
        private string _folder = "";

        public MekongServer Server { get; } = new();

        public HttpClient MailApi { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Mekong.slnx")))
            {
                root = root.Parent;
            }

            var maildev = Path.Combine(root!.FullName, "tests", "tools", "node_modules", "maildev", "dist", "bin", "maildev.js");
            if (!File.Exists(maildev))
            {
                throw new InvalidOperationException($"maildev is not installed at {maildev}: run .ci/prerequisites (npm ci in tests/tools).");
            }

            var (smtp, web) = (FreePort(), FreePort());
            _folder = Path.Combine(Path.GetTempPath(), "mekong-maildev-" + Guid.NewGuid().ToString("N")[..8]);
            _maildev = Process.Start(new ProcessStartInfo("node")
            {
                ArgumentList = { maildev, "--smtp", $"{smtp}", "--web", $"{web}", "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--mail-directory", _folder, "--silent" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            _maildev.OutputDataReceived += (_, _) => { };
            _maildev.ErrorDataReceived += (_, _) => { };
            _maildev.BeginOutputReadLine();
            _maildev.BeginErrorReadLine();
            MailApi = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}") };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    (await MailApi.GetAsync("/api/email")).EnsureSuccessStatusCode();
                    break;
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_maildev.HasExited)
                {
                    await Task.Delay(200);
                }
            }

            Server.Settings["Mail__Host"] = "127.0.0.1";
            Server.Settings["Mail__Port"] = smtp.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Server.Settings["Mail__Security"] = "None";
            Server.Settings["Mail__From"] = "Mekong <noreply@mekong.test>";
            await Server.InitializeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            MailApi?.Dispose();
            if (_maildev is { HasExited: false })
            {
                _maildev.Kill(entireProcessTree: true);
                await _maildev.WaitForExitAsync();
            }

            _maildev?.Dispose();
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
