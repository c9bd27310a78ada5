using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;

namespace Mekong.Tests.Accounts;

/// <summary>Sign-up, sign-in, tokens, profiles and site roles under /api/v1.</summary>
public sealed class AccountEndpointsTests(Apps apps) : IClassFixture<Apps>
{
    private const string Password = "correct horse battery";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Register_stores_the_profile_in_canonical_form(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var email = NewEmail("lan");

        var register = await client.PostAsJsonAsync("/api/v1/auth/register", new
        {
            email,
            password = Password,
            displayName = "  Nguyễn Thị Lan ",
            homeCountry = "vn",
            readingLanguages = new[] { "vi", "ZH-hans", "vi", "en" },
            interfaceLanguage = "VI",
        }, Ct);
        await register.ExpectAsync(HttpStatusCode.OK);
        using var member = await SignInAsync(app, email);
        var me = await (await member.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK);

        var profile = me.GetProperty("profile");
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal("Nguyễn Thị Lan", profile.GetProperty("displayName").GetString());
        Assert.Equal("VN", profile.GetProperty("homeCountry").GetString());
        Assert.Equal(["vi", "zh-Hans", "en"], Strings(profile.GetProperty("readingLanguages")));
        Assert.Equal("vi", profile.GetProperty("interfaceLanguage").GetString());
        Assert.Equal(["member"], Strings(me.GetProperty("roles")));
        Assert.Equal(0, profile.GetProperty("followers").GetInt32());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Register_without_a_country_makes_it_other_and_the_display_name_from_the_email(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var email = NewEmail("somchai");

        await (await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.OK);
        using var member = await SignInAsync(app, email);
        var profile = (await (await member.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("profile");

        Assert.Equal("other", profile.GetProperty("homeCountry").GetString());
        Assert.Equal(email.Split('@')[0], profile.GetProperty("displayName").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Register_answers_a_taken_email_like_a_new_one_and_refuses_a_short_password(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var existing = await app.RegisterAsync("taken");
        using var client = app.CreateClient();

        // No "email taken" to probe with (issue 8): the owner is notified instead (EnumerationTests).
        var duplicate = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = existing.Email.ToUpperInvariant(), password = Password }, Ct);
        var shortPassword = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = NewEmail("short"), password = "1234567" }, Ct);

        await duplicate.ExpectAsync(HttpStatusCode.OK);
        await shortPassword.ExpectProblemAsync(HttpStatusCode.BadRequest, "password");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Login_answers_a_bearer_token_and_a_wrong_password_with_401(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("login");
        using var client = app.CreateClient();

        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = member.Email, password = Password }, Ct);
        var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = member.Email, password = "not the password" }, Ct);
        var nobody = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = NewEmail("nobody"), password = Password }, Ct);

        var token = await login.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Bearer", token.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(token.GetProperty("accessToken").GetString()));
        Assert.False(string.IsNullOrEmpty(token.GetProperty("refreshToken").GetString()));
        Assert.Equal(3600, token.GetProperty("expiresIn").GetInt64());
        var problem = await wrong.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Email or password is wrong.", problem.GetProperty("detail").GetString());
        await nobody.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        using var bearer = Bearer(app, token.GetProperty("accessToken").GetString()!);
        var me = await bearer.GetAsync("/api/v1/me", Ct);
        Assert.Equal(member.Id, (await me.ExpectAsync(HttpStatusCode.OK)).GetProperty("profile").GetProperty("id").GetGuid());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Refresh_trades_a_refresh_token_for_a_working_access_token_and_refuses_a_forged_one(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("refresh");
        using var client = app.CreateClient();
        var login = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = member.Email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var refreshToken = login.GetProperty("refreshToken").GetString();

        var refreshed = await (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var forged = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refreshToken + "x" }, Ct);
        var missing = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { }, Ct);

        Assert.Equal("Bearer", refreshed.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(refreshed.GetProperty("refreshToken").GetString()));
        using var renewed = Bearer(app, refreshed.GetProperty("accessToken").GetString()!);
        var me = await (await renewed.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(member.Id, me.GetProperty("profile").GetProperty("id").GetGuid());
        await forged.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await missing.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Logout_ends_a_cookie_session_and_needs_a_signed_in_caller(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("cookie");
        using var browser = app.CreateClient(); // keeps cookies between requests
        await (await browser.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email = member.Email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await browser.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK);

        // A cookie write proves intent with the antiforgery token (docs/api.md); without it the session stays.
        await (await browser.PostAsync("/api/v1/auth/logout", null, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await browser.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK);
        using var proven = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
        proven.Headers.Add("RequestVerificationToken", Platform.InterfaceLanguageTests.AntiforgeryToken().Match(await browser.GetStringAsync("/", Ct)).Groups[1].Value);
        var logout = await browser.SendAsync(proven, Ct);
        var afterwards = await browser.GetAsync("/api/v1/me", Ct);
        using var anonymous = app.CreateClient();
        var anonymousLogout = await anonymous.PostAsync("/api/v1/auth/logout", null, Ct);

        await logout.ExpectAsync(HttpStatusCode.NoContent);
        await afterwards.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await anonymousLogout.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Me_needs_a_signed_in_caller(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        using var anonymous = app.CreateClient();
        using var badToken = Bearer(app, "not-a-token");

        await (await anonymous.GetAsync("/api/v1/me", Ct)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await badToken.GetAsync("/api/v1/me", Ct)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PutAsJsonAsync("/api/v1/me", new { bio = "x" }, Ct)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Updating_me_changes_only_the_fields_given_and_others_see_it(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("update", country: "TH", languages: ["th", "en"]);
        using var anonymous = app.CreateClient();

        var updated = await (await member.Client.PutAsJsonAsync("/api/v1/me", new
        {
            displayName = "ស្រីពេជ្រ",
            bio = "ជំរាបសួរ — I write about Phnom Penh food.",
            readingLanguages = new[] { "km", "th" },
        }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var seen = await (await anonymous.GetAsync($"/api/v1/users/{member.Id}", Ct)).ExpectAsync(HttpStatusCode.OK);

        foreach (var profile in new[] { updated, seen })
        {
            Assert.Equal(member.Id, profile.GetProperty("id").GetGuid());
            Assert.Equal("ស្រីពេជ្រ", profile.GetProperty("displayName").GetString());
            Assert.Equal("ជំរាបសួរ — I write about Phnom Penh food.", profile.GetProperty("bio").GetString());
            Assert.Equal(["km", "th"], Strings(profile.GetProperty("readingLanguages")));
            Assert.Equal("TH", profile.GetProperty("homeCountry").GetString()); // not given, so kept
        }

        Assert.False(seen.TryGetProperty("email", out _)); // a public profile never shows the email
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Updating_me_with_a_bad_field_names_it_and_changes_nothing(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("badupdate", country: "MY");

        var refused = await member.Client.PutAsJsonAsync("/api/v1/me", new { displayName = "Aisyah", homeCountry = "XX" }, Ct);
        var profile = await (await member.Client.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK);

        await refused.ExpectProblemAsync(HttpStatusCode.BadRequest, "homeCountry");
        Assert.Equal("badupdate", profile.GetProperty("profile").GetProperty("displayName").GetString());
        Assert.Equal("MY", profile.GetProperty("profile").GetProperty("homeCountry").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Unknown_user_is_a_404_problem(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        using var anonymous = app.CreateClient();

        await (await anonymous.GetAsync($"/api/v1/users/{Guid.CreateVersion7()}", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Admin_grants_and_revokes_a_role_which_takes_effect_at_the_next_sign_in(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("promoted");

        await (await app.Admin.Client.PutAsync($"/api/v1/admin/users/{member.Id}/roles/moderator", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await app.Admin.Client.PutAsync($"/api/v1/admin/users/{member.Id}/roles/moderator", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await member.SignInAgainAsync(app);
        var granted = Strings((await (await member.Client.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("roles"));
        await (await app.Admin.Client.DeleteAsync($"/api/v1/admin/users/{member.Id}/roles/moderator", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await member.SignInAgainAsync(app);
        var revoked = Strings((await (await member.Client.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("roles"));

        Assert.Equal(["member", "moderator"], granted);
        Assert.Equal(["member"], revoked);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Role_changes_are_for_admins_only_and_keep_the_house_rules(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("plain");
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator");
        using var anonymous = app.CreateClient();
        var admin = app.Admin.Client;

        await (await anonymous.PutAsync($"/api/v1/admin/users/{member.Id}/roles/creator", null, Ct)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await member.Client.PutAsync($"/api/v1/admin/users/{member.Id}/roles/admin", null, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await moderator.Client.PutAsync($"/api/v1/admin/users/{member.Id}/roles/creator", null, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.PutAsync($"/api/v1/admin/users/{member.Id}/roles/superuser", null, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "role");
        await (await admin.DeleteAsync($"/api/v1/admin/users/{member.Id}/roles/member", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "role");
        await (await admin.DeleteAsync($"/api/v1/admin/users/{app.Admin.Id}/roles/admin", Ct)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PutAsync($"/api/v1/admin/users/{Guid.CreateVersion7()}/roles/creator", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);

        var roles = Strings((await (await member.Client.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("roles"));
        Assert.Equal(["member"], roles);
        var adminRoles = Strings((await (await admin.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("roles"));
        Assert.Contains("admin", adminRoles);
    }

    private static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@test.mekong";

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString() ?? "")];

    private static HttpClient Bearer(MekongApp app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<HttpClient> SignInAsync(MekongApp app, string email)
    {
        using var anonymous = app.CreateClient();
        var login = await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.OK);
        return Bearer(app, login.GetProperty("accessToken").GetString()!);
    }
}
