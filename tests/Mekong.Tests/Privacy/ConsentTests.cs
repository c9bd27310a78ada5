using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mekong.Tests.Privacy;

/// <summary>Consent: separate, revocable, opt-in choices recorded with time and policy version (issue 8).</summary>
public sealed class ConsentTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ConsentsAsync(HttpClient client) =>
        await (await client.GetAsync("/api/v1/me/consents", Ct)).ExpectAsync(HttpStatusCode.OK);

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Choices_start_off_and_change_one_at_a_time(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("consenting");

        var fresh = await ConsentsAsync(member.Client);
        Assert.False(fresh.GetProperty("personalization").GetBoolean());
        Assert.False(fresh.GetProperty("analytics").GetBoolean());
        Assert.False(fresh.GetProperty("externalAi").GetBoolean());
        Assert.True(fresh.GetProperty("needsReview").GetBoolean());
        Assert.Equal("2026-12", fresh.GetProperty("policyVersion").GetString());
        Assert.Equal(JsonValueKind.Null, fresh.GetProperty("updatedAt").ValueKind);

        var first = await (await member.Client.PutAsJsonAsync("/api/v1/me/consents", new { analytics = true }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(first.GetProperty("analytics").GetBoolean());
        Assert.False(first.GetProperty("personalization").GetBoolean());
        Assert.False(first.GetProperty("needsReview").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, first.GetProperty("updatedAt").ValueKind);

        // Missing fields keep their value; a choice is revoked as easily as it was given.
        await (await member.Client.PutAsJsonAsync("/api/v1/me/consents", new { externalAi = true, personalization = true }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var revoked = await (await member.Client.PutAsJsonAsync("/api/v1/me/consents", new { personalization = false }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(revoked.GetProperty("personalization").GetBoolean());
        Assert.True(revoked.GetProperty("analytics").GetBoolean());
        Assert.True(revoked.GetProperty("externalAi").GetBoolean());
        Assert.Equal(revoked.ToString(), (await ConsentsAsync(member.Client)).ToString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Wrong_types_are_400s_and_ids_in_the_body_change_no_one_else(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("member");
        var other = await app.RegisterAsync("other");

        foreach (var body in new[] { """{"analytics":"yes"}""", """{"externalAi":1}""", """{"personalization":[true]}""", "[]", "\"true\"" })
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            await (await member.Client.PutAsync("/api/v1/me/consents", content, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        }

        Assert.True((await ConsentsAsync(member.Client)).GetProperty("needsReview").GetBoolean()); // nothing was recorded

        // Mass assignment: naming another member (or a policy version) in the body changes only the caller's own choices.
        var mine = await (await member.Client.PutAsJsonAsync(
            "/api/v1/me/consents", new { userId = other.Id, member = other.Id, id = other.Id, policyVersion = "1999-01", externalAi = true }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(mine.GetProperty("externalAi").GetBoolean());
        Assert.Equal("2026-12", mine.GetProperty("policyVersion").GetString());
        var theirs = await ConsentsAsync(other.Client);
        Assert.False(theirs.GetProperty("externalAi").GetBoolean());
        Assert.True(theirs.GetProperty("needsReview").GetBoolean());

        // There is no route that names another member's consents.
        Assert.Equal(HttpStatusCode.NotFound, (await member.Client.PutAsJsonAsync($"/api/v1/users/{other.Id}/consents", new { externalAi = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/me/consents", Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_new_policy_version_asks_again_and_earlier_answers_no_longer_count(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("member");
        await (await member.Client.PutAsJsonAsync("/api/v1/me/consents", new { personalization = true, analytics = true, externalAi = true }, Ct)).ExpectAsync(HttpStatusCode.OK);
        await using var revised = app.WithWebHostBuilder(b => b.UseSetting("Privacy:PolicyVersion", "2027-06"));
        using var client = revised.CreateClient();
        client.DefaultRequestHeaders.Authorization = member.Client.DefaultRequestHeaders.Authorization;

        var asked = await ConsentsAsync(client);

        Assert.Equal("2027-06", asked.GetProperty("policyVersion").GetString());
        Assert.True(asked.GetProperty("needsReview").GetBoolean());
        Assert.False(asked.GetProperty("personalization").GetBoolean());
        Assert.False(asked.GetProperty("externalAi").GetBoolean());
        var page = await PageAsync(revised, member);
        Assert.Contains("data-testid=\"consent-review\"", page.Html, StringComparison.Ordinal);

        var answered = await (await client.PutAsJsonAsync("/api/v1/me/consents", new { externalAi = true }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(answered.GetProperty("needsReview").GetBoolean());
        Assert.True(answered.GetProperty("externalAi").GetBoolean());
        Assert.False(answered.GetProperty("analytics").GetBoolean());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_settings_page_shows_and_saves_the_choices_with_antiforgery(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("member");
        var (browser, html) = await PageAsync(app, member);
        Assert.Contains("name=\"externalAi\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"consent-review\"", html, StringComparison.Ordinal);
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(html).Groups[1].Value;

        var forged = await browser.PostAsync("/settings/privacy?handler=Consents", new FormUrlEncodedContent(new Dictionary<string, string> { ["analytics"] = "true" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var saved = await browser.PostAsync("/settings/privacy?handler=Consents", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token),
            new("personalization", "false"),
            new("analytics", "true"),
            new("analytics", "false"),
            new("externalAi", "false"),
        ]), Ct);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var now = await ConsentsAsync(member.Client);
        Assert.True(now.GetProperty("analytics").GetBoolean());
        Assert.False(now.GetProperty("externalAi").GetBoolean());
        Assert.False(now.GetProperty("needsReview").GetBoolean());
        var (_, after) = await PageAsync(app, member);
        Assert.DoesNotContain("data-testid=\"consent-review\"", after, StringComparison.Ordinal);
    }

    /// <summary>A browser signed in with the member's cookie, and the settings page it sees.</summary>
    internal static async Task<(HttpClient Browser, string Html)> PageAsync(WebApplicationFactory<Program> app, Member member)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await (await browser.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email = member.Email, password = "correct horse battery" }, Ct))
            .ExpectAsync(HttpStatusCode.OK);
        var settings = await browser.GetAsync("/settings", Ct);
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        return (browser, await settings.Content.ReadAsStringAsync(Ct));
    }
}
