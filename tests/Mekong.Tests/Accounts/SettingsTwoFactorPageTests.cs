using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using static Mekong.Tests.Accounts.AccountTestKit;

namespace Mekong.Tests.Accounts;

/// <summary>The /settings security section: set up an authenticator, turn two-factor on and off, in the same session.</summary>
public sealed partial class SettingsTwoFactorPageTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Settings_sets_up_the_authenticator_shows_recovery_codes_once_and_turns_it_off(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("settings2fa");
        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await (await browser.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email = member.Email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.OK);

        var settings = await browser.GetStringAsync("/settings", Ct);
        var token = Pages.Antiforgery(settings);
        var started = await (await browser.PostAsync("/settings?handler=StartTwoFactor", Pages.Fields(token), Ct)).Content.ReadAsStringAsync(Ct);
        var key = SharedKey().Match(started).Groups[1].Value;
        Assert.NotEmpty(key);

        var wrong = await (await browser.PostAsync("/settings?handler=EnableTwoFactor", Pages.Fields(token, ("TwoFactorCode", "12345")), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("data-testid=\"two-factor-on\"", wrong, StringComparison.Ordinal);
        var enabled = await (await browser.PostAsync("/settings?handler=EnableTwoFactor", Pages.Fields(token, ("TwoFactorCode", TotpCode(key))), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-testid=\"two-factor-on\"", enabled, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"recovery-codes\"", enabled, StringComparison.Ordinal);
        var again = await browser.GetStringAsync("/settings", Ct);
        Assert.DoesNotContain("data-testid=\"recovery-codes\"", again, StringComparison.Ordinal);
        await (await member.Client.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK);
        var status = await (await browser.GetAsync("/api/v1/me/2fa", Ct)).ExpectAsync(HttpStatusCode.OK); // the session survived
        Assert.True(status.GetProperty("enabled").GetBoolean());

        var off = await (await browser.PostAsync("/settings?handler=DisableTwoFactor", Pages.Fields(token, ("TwoFactorCode", TotpCode(key, 1))), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("data-testid=\"two-factor-on\"", off, StringComparison.Ordinal);
        status = await (await browser.GetAsync("/api/v1/me/2fa", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(status.GetProperty("enabled").GetBoolean());
    }

    [GeneratedRegex("data-testid=\"shared-key\">([a-z2-7 ]+)<")]
    private static partial Regex SharedKey();
}
