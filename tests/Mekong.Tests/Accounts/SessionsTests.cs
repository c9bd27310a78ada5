using System.Net;
using System.Net.Http.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using static Mekong.Tests.Accounts.AccountTestKit;

namespace Mekong.Tests.Accounts;

/// <summary>Signing out everywhere: refresh tokens and cookies from before stop working.</summary>
public sealed class SessionsTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Revoking_sessions_kills_old_refresh_tokens_and_new_sign_ins_work(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("revoke");
        using var phone = app.CreateClient();
        var phoneLogin = await (await LoginAsync(phone, member.Email, Password)).ExpectAsync(HttpStatusCode.OK);
        var oldRefresh = phoneLogin.GetProperty("refreshToken").GetString();
        await (await phone.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = oldRefresh }, Ct)).ExpectAsync(HttpStatusCode.OK);

        await (await member.Client.PostAsync("/api/v1/me/sessions/revoke", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);

        await (await phone.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = oldRefresh }, Ct)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var again = await (await LoginAsync(phone, member.Email, Password)).ExpectAsync(HttpStatusCode.OK);
        await (await phone.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = again.GetProperty("refreshToken").GetString() }, Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_settings_button_signs_out_everywhere(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("button");
        using var api = app.CreateClient();
        var login = await (await LoginAsync(api, member.Email, Password)).ExpectAsync(HttpStatusCode.OK);
        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await (await browser.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email = member.Email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.OK);

        var settings = await browser.GetStringAsync("/settings", Ct);
        Assert.Contains("data-testid=\"sign-out-everywhere\"", settings, StringComparison.Ordinal);
        var signedOut = await browser.PostAsync("/settings?handler=SignOutEverywhere", Pages.Fields(Pages.Antiforgery(settings)), Ct);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        await (await browser.GetAsync("/api/v1/me", Ct)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() }, Ct)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}
