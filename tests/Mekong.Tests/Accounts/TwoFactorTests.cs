using System.Net;
using System.Net.Http.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Mekong.Tests.Accounts.AccountTestKit;

namespace Mekong.Tests.Accounts;

/// <summary>Two-factor sign-in with an authenticator (TOTP) and recovery codes, and its secrets encrypted at rest.</summary>
public sealed class TwoFactorTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Enabling_then_signing_in_asks_for_the_second_factor_and_accepts_a_fresh_code_once(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("totp");
        using var client = app.CreateClient();

        var before = await (await member.Client.GetAsync("/api/v1/me/2fa", Ct)).ExpectAsync(HttpStatusCode.OK);
        var setup = await (await member.Client.PostAsync("/api/v1/me/2fa/authenticator", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var key = setup.GetProperty("sharedKey").GetString()!;
        Assert.StartsWith("otpauth://totp/Mekong%3A", setup.GetProperty("authenticatorUri").GetString(), StringComparison.Ordinal);
        var enableCode = TotpCode(key);
        var enabled = await (await member.Client.PostAsJsonAsync("/api/v1/me/2fa/enable", new { code = enableCode }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var after = await (await member.Client.GetAsync("/api/v1/me/2fa", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.False(before.GetProperty("enabled").GetBoolean());
        Assert.True(after.GetProperty("enabled").GetBoolean());
        Assert.Equal(10, enabled.GetProperty("recoveryCodes").GetArrayLength());
        Assert.Equal(10, after.GetProperty("recoveryCodesLeft").GetInt32());

        // The password alone is not enough any more, and saying so reveals nothing the password did not.
        var passwordOnly = await (await LoginAsync(client, member.Email, Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("second factor", Detail(passwordOnly), StringComparison.OrdinalIgnoreCase);

        // The code that turned it on was used: replaying it in the same time step is refused.
        var replayed = await (await LoginAsync(client, member.Email, Password, enableCode)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("already been used", Detail(replayed), StringComparison.Ordinal);

        // The next step's code (authenticators run a little ahead) works once, then is refused too.
        var next = TotpCode(key, 1);
        var signedIn = await (await LoginAsync(client, member.Email, Password, next)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(signedIn.GetProperty("accessToken").GetString()));
        await (await LoginAsync(client, member.Email, Password, next)).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        var wrong = await (await LoginAsync(client, member.Email, Password, "000000" == next ? "111111" : "000000")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var notDigits = await (await LoginAsync(client, member.Email, Password, "abcdef")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("wrong or has expired", Detail(wrong), StringComparison.Ordinal);
        Assert.Contains("six digits", Detail(notDigits), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_recovery_code_signs_in_once_and_new_codes_replace_the_old(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("recovery");
        var (_, codes) = await EnableTwoFactorAsync(member);
        using var client = app.CreateClient();

        await (await LoginAsync(client, member.Email, Password, recoveryCode: codes[0])).ExpectAsync(HttpStatusCode.OK);
        var reused = await (await LoginAsync(client, member.Email, Password, recoveryCode: codes[0])).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var invented = await (await LoginAsync(client, member.Email, Password, recoveryCode: "AAAAA-BBBBB")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("recovery code is wrong or has already been used", Detail(reused), StringComparison.Ordinal);
        Assert.Equal(Detail(reused), Detail(invented));
        var left = await (await member.Client.GetAsync("/api/v1/me/2fa", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(9, left.GetProperty("recoveryCodesLeft").GetInt32());

        var renewed = await (await member.Client.PostAsync("/api/v1/me/2fa/recovery-codes", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var fresh = renewed.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        await (await LoginAsync(client, member.Email, Password, recoveryCode: codes[1])).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await LoginAsync(client, member.Email, Password, recoveryCode: fresh[0])).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Bad_codes_when_enabling_and_disabling_are_400_naming_the_field_and_change_nothing(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("badcodes");

        await (await member.Client.PostAsJsonAsync("/api/v1/me/2fa/enable", new { code = "123456" }, Ct)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await member.Client.PostAsync("/api/v1/me/2fa/recovery-codes", null, Ct)).ExpectProblemAsync(HttpStatusCode.Conflict);
        var setup = await (await member.Client.PostAsync("/api/v1/me/2fa/authenticator", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var key = setup.GetProperty("sharedKey").GetString()!;
        await (await member.Client.PostAsJsonAsync("/api/v1/me/2fa/enable", new { code = "12345" }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await member.Client.PostAsJsonAsync("/api/v1/me/2fa/enable", new { code = "12\u00003456" }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await member.Client.PostAsJsonAsync("/api/v1/me/2fa/enable", new { code = TotpCode(key, 10) }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "code");
        var off = await (await member.Client.GetAsync("/api/v1/me/2fa", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(off.GetProperty("enabled").GetBoolean());

        await (await member.Client.PostAsJsonAsync("/api/v1/me/2fa/enable", new { code = TotpCode(key) }, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await member.Client.PostAsync("/api/v1/me/2fa/authenticator", null, Ct)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await member.Client.PostAsJsonAsync("/api/v1/me/2fa/disable", new { }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "recoveryCode");
        await (await member.Client.PostAsJsonAsync("/api/v1/me/2fa/disable", new { code = "000000" == TotpCode(key, 1) ? "111111" : "000000" }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await member.Client.PostAsJsonAsync("/api/v1/me/2fa/disable", new { code = TotpCode(key, 1) }, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        var disabled = await (await member.Client.GetAsync("/api/v1/me/2fa", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.False(disabled.GetProperty("hasAuthenticator").GetBoolean());
        using var client = app.CreateClient();
        await (await LoginAsync(client, member.Email, Password)).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_authenticator_key_and_recovery_codes_are_not_stored_in_clear(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("atrest");
        var (key, codes) = await EnableTwoFactorAsync(member);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        var rows = await db.UserTokens.AsNoTracking().Where(t => t.UserId == member.Id).ToListAsync(Ct);
        var storedKey = Assert.Single(rows, r => r.Name == "AuthenticatorKey").Value ?? "";
        var storedCodes = Assert.Single(rows, r => r.Name == "RecoveryCodes").Value ?? "";

        var plainKey = key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.NotEmpty(storedKey);
        Assert.DoesNotContain(plainKey, storedKey.ToUpperInvariant(), StringComparison.Ordinal);
        Assert.All(codes, c => Assert.DoesNotContain(c, storedCodes, StringComparison.Ordinal));

        // And the application still reads them: a code from the key signs in.
        using var client = app.CreateClient();
        await (await LoginAsync(client, member.Email, Password, TotpCode(key, 1))).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_sign_in_page_asks_for_the_code_and_then_signs_in(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("pagecode");
        var (key, _) = await EnableTwoFactorAsync(member);
        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var form = await Pages.FormAsync(browser, "/signin");
        var step1 = await browser.PostAsync("/signin", Pages.Fields(form, ("Email", member.Email), ("Password", Password)), Ct);
        var html = await step1.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, step1.StatusCode);
        Assert.Contains("data-testid=\"second-factor-form\"", html, StringComparison.Ordinal);

        var token = Pages.Antiforgery(html);
        var wrong = await browser.PostAsync("/signin?handler=SecondFactor", Pages.Fields(token, ("Code", "00000a")), Ct);
        Assert.Contains("second-factor-form", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var step2 = await browser.PostAsync("/signin?handler=SecondFactor", Pages.Fields(token, ("Code", TotpCode(key, 1))), Ct);
        Assert.Equal(HttpStatusCode.Redirect, step2.StatusCode);
        var me = await browser.GetAsync("/api/v1/me", Ct);
        await me.ExpectAsync(HttpStatusCode.OK);
    }
}
