using System.Net;
using System.Net.Http.Json;
using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Mvc.Testing;
using static Mekong.Tests.Accounts.AccountTestKit;

namespace Mekong.Tests.Accounts;

/// <summary>Defect 5 of issue 9: a signed-in member without the role a page needs gets a 403 page that says why, not the sign-in form.</summary>
public sealed class ForbiddenPageTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Members_and_moderators_get_a_403_page_that_names_the_role(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("plain");
        await (await member.Client.PutAsJsonAsync("/api/v1/me", new { interfaceLanguage = "zh-Hans" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var moderator = await app.RegisterWithRoleAsync(app.Admin, Roles.Moderator);
        using var memberBrowser = await BrowserAsync(app, member.Email, "zh-Hans");
        using var moderatorBrowser = await BrowserAsync(app, moderator.Email, "en");

        await ExpectForbiddenAsync(memberBrowser, "/moderation", "此页面仅供本站版主和管理员使用");
        await ExpectForbiddenAsync(memberBrowser, "/admin/members", "此页面仅供本站管理员使用");
        await ExpectForbiddenAsync(moderatorBrowser, "/moderation/audit", AccountsModule.AdminOnly.Replace("'", "&#x27;", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await moderatorBrowser.GetAsync("/moderation", Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Signed_out_visitors_still_go_to_sign_in(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        using var visitor = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/moderation", "/moderation/audit", "/admin/members" })
        {
            var response = await visitor.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!;
            Assert.StartsWith("/signin", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString, StringComparison.Ordinal);
        }
    }

    private static async Task ExpectForbiddenAsync(HttpClient browser, string path, string reason)
    {
        var response = await browser.GetAsync(path, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode} {response.Headers.Location}");
        Assert.Contains("data-testid=\"forbidden-reason\"", html, StringComparison.Ordinal);
        Assert.Contains(reason, html, StringComparison.Ordinal);
    }

    private static async Task<HttpClient> BrowserAsync(MekongApp app, string email, string language)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await (await browser.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.OK);
        return browser;
    }
}
