using System.Net;
using System.Net.Http.Json;
using Mekong.Platform.Data;
using Mekong.Privacy;
using Mekong.Tests.Platform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Tests.Privacy;

/// <summary>
/// A member erases their account: afterwards no table and no search index holds their email, display name or id
/// — except the audit log, which keeps ids (never names or emails) and records the erasure itself.
/// </summary>
public sealed class ErasureTests(Apps apps) : IClassFixture<Apps>
{
    private const string Password = "correct horse battery";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A member with a footprint in every feature: content, reactions, follows, reports, a decision and an appeal, consents, an export.</summary>
    private sealed record Footprint(Member Member, string DisplayName, Guid Post, Guid Comment, Guid OthersPost, Guid Community, string Word);

    private static async Task<Footprint> FootprintAsync(MekongApp app)
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var name = $"Quokka Sirivanich {unique}";
        var member = await app.RegisterAsync("quokka" + unique);
        await (await member.Client.PutAsJsonAsync("/api/v1/me", new { displayName = name, bio = "I write about night markets." }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var other = await app.RegisterAsync("other");
        var word = "lanternmarket" + unique;
        var community = (await member.CreateCommunityAsync()).Id();
        var post = (await member.CreatePostAsync(community.ToString(), "Lantern night", $"We walked to the {word} after dark.")).Id();
        await (await member.Client.PutAsJsonAsync($"/api/v1/posts/{post}", new { body = $"We walked to the {word} after dark, with friends." }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var othersPost = (await other.CreatePostAsync((await other.CreateCommunityAsync()).GetProperty("slug").GetString()!, "Their post", "Their text.")).Id();
        var comment = (await member.CommentAsync(othersPost, $"Reply about the {word}.")).Id();
        await other.CommentAsync(othersPost, "A reply to the reply.", comment);
        await other.CommentAsync(post, "Nice story.");
        await (await member.Client.PostAsJsonAsync($"/api/v1/communities/{(await other.CreateCommunityAsync()).Id()}/membership", new { }, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await member.Client.PutAsync($"/api/v1/posts/{othersPost}/reactions/love", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await other.Client.PutAsync($"/api/v1/posts/{post}/reactions/like", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await member.Client.PutAsync($"/api/v1/posts/{othersPost}/bookmark", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await member.Client.PutAsync($"/api/v1/users/{other.Id}/follow", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await other.Client.PutAsync($"/api/v1/users/{member.Id}/follow", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await member.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "post", id = othersPost, reason = "spam" }, Ct)).ExpectAsync(HttpStatusCode.Created);
        var report = await (await other.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "comment", id = comment, reason = "harassment" }, Ct)).ExpectAsync(HttpStatusCode.Created);
        var decision = await (await app.Admin.Client.PostAsJsonAsync(
            $"/api/v1/moderation/queue/{report.GetProperty("reviewItemId").GetGuid()}/decisions", new { action = "warn", rule = "Be kind" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await member.Client.PostAsJsonAsync($"/api/v1/moderation/decisions/{decision.Id()}/appeal", new { statement = "It was a joke between friends." }, Ct))
            .ExpectAsync(HttpStatusCode.Created);
        await member.AllowExternalAiAsync();
        await ExportTests.ReadyExportAsync(member.Client);
        return new Footprint(member, name, post, comment, othersPost, community, word);
    }

    private static async Task EraseAsync(Member member, string contributions) =>
        await (await member.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me")
        {
            Content = JsonContent.Create(new { password = Password, contributions }),
        }, Ct)).ExpectAsync(HttpStatusCode.NoContent);

    /// <summary>Every table, searched for the member's email, display name and id (as stored text, either form).</summary>
    private static async Task AssertNothingLeftAsync(MekongApp app, Footprint f)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        Assert.Empty(await DatabaseScan.FindAsync(db, app.Provider, f.Member.Email, Ct));
        Assert.Empty(await DatabaseScan.FindAsync(db, app.Provider, f.DisplayName, Ct));
        Assert.Empty(await DatabaseScan.FindAsync(db, app.Provider, f.Member.Email.Split('@')[0], Ct));
        // The audit log (hash-chained, append-only) keeps the ids of who acted; it names no one.
        Assert.Equal(["audit_log.ActorId", "audit_log.Subject"], (await DatabaseScan.FindAsync(db, app.Provider, f.Member.Id.ToString("D"), Ct)).Order(StringComparer.Ordinal));
        Assert.Empty(await DatabaseScan.FindAsync(db, app.Provider, f.Member.Id.ToString("N"), Ct));

        var folder = app.Service<IOptionsMonitor<PrivacyOptions>>().CurrentValue.ExportPath;
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder, "*" + f.Member.Id.ToString("N") + "*") : []);
    }

    private static async Task AssertAccountGoneAsync(MekongApp app, Footprint f)
    {
        await (await app.Admin.Client.GetAsync($"/api/v1/users/{f.Member.Id}", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = f.Member.Email, password = Password }, Ct)).StatusCode);
        var audit = await (await app.Admin.Client.GetAsync("/api/v1/moderation/audit", Ct)).ExpectAsync(HttpStatusCode.OK);
        var erased = audit.GetProperty("items").EnumerateArray().First(e => e.GetProperty("action").GetString() == "member.erase" && e.GetProperty("subject").GetString() == $"user:{f.Member.Id}");
        Assert.DoesNotContain(f.Member.Email, erased.ToString(), StringComparison.OrdinalIgnoreCase);
        var verify = await (await app.Admin.Client.GetAsync("/api/v1/moderation/audit/verify", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(verify.GetProperty("intact").GetBoolean());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Delete_mode_leaves_no_trace_in_any_table_or_the_search_index(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var f = await FootprintAsync(app);
        Assert.NotEmpty((await (await app.Admin.Client.GetAsync($"/api/v1/search?q={f.Word}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("hits").EnumerateArray());

        await EraseAsync(f.Member, "delete");

        await AssertAccountGoneAsync(app, f);
        await AssertNothingLeftAsync(app, f);
        await (await app.Admin.Client.GetAsync($"/api/v1/posts/{f.Post}", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await app.Admin.Client.GetAsync($"/api/v1/search?q={f.Word}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("hits").EnumerateArray());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Their words are gone from every table; only the SQLite full-text segments may hold a deleted token until they merge.
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            Assert.DoesNotContain(await DatabaseScan.FindAsync(db, app.Provider, f.Word, Ct), hit => !DatabaseScan.IsFullTextShadow(hit));
        }

        // The reply under their comment keeps its place; the comment shows neither text nor author.
        var thread = await (await app.Admin.Client.GetAsync($"/api/v1/posts/{f.OthersPost}/comments", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(thread.GetProperty("items").EnumerateArray(), c => c.GetProperty("body").GetString() == "A reply to the reply.");
        Assert.DoesNotContain(f.Word, thread.ToString(), StringComparison.Ordinal);
        var community = await (await app.Admin.Client.GetAsync($"/api/v1/communities/{f.Community}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(f.Member.Id.ToString(), community.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Anonymize_mode_keeps_the_contributions_under_deleted_member(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var f = await FootprintAsync(app);

        await EraseAsync(f.Member, "anonymize");

        await AssertAccountGoneAsync(app, f);
        await AssertNothingLeftAsync(app, f);
        var post = await (await app.Admin.Client.GetAsync($"/api/v1/posts/{f.Post}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(f.Word, post.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(Erasure.DeletedMemberId, post.GetProperty("author").GetProperty("id").GetGuid());
        Assert.Equal("Deleted member", post.GetProperty("author").GetProperty("displayName").GetString());
        Assert.NotEmpty((await (await app.Admin.Client.GetAsync($"/api/v1/search?q={f.Word}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("hits").EnumerateArray());
        using var thai = app.CreateClient();
        thai.DefaultRequestHeaders.AcceptLanguage.ParseAdd("th");
        var page = await thai.GetStringAsync($"/p/{f.Post}", Ct);
        Assert.Contains("สมาชิกที่ลบบัญชีแล้ว", page, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_wrong_or_missing_password_or_an_unknown_choice_erases_nothing(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("careful");

        async Task<HttpResponseMessage> DeleteAsync(HttpContent? body) =>
            await member.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = body }, Ct);

        var wrong = await (await DeleteAsync(JsonContent.Create(new { password = "not my password", contributions = "delete" }))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.DoesNotContain(member.Email, wrong.ToString(), StringComparison.OrdinalIgnoreCase);
        await (await DeleteAsync(null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "password");
        await (await DeleteAsync(JsonContent.Create(new { contributions = "delete" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "password");
        await (await DeleteAsync(JsonContent.Create(new { password = Password, contributions = "everything" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "contributions");
        await (await DeleteAsync(new StringContent("""{"password":true}""", System.Text.Encoding.UTF8, "application/json"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = JsonContent.Create(new { password = Password }) }, Ct)).StatusCode);

        var me = await (await member.Client.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(member.Email, me.GetProperty("email").GetString());

        // Without a choice, the site's default (anonymize) applies.
        await (await DeleteAsync(JsonContent.Create(new { password = Password }))).ExpectAsync(HttpStatusCode.NoContent);
        await (await app.Admin.Client.GetAsync($"/api/v1/users/{member.Id}", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);

        // The token issued before the erasure no longer acts for anyone (it authenticates no one: 403 where a member is
        // required), and never writes for a missing account.
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.GetAsync("/api/v1/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.PostAsJsonAsync("/api/v1/communities", new { name = "Ghost town", kind = "interestClub" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = JsonContent.Create(new { password = Password }) }, Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_settings_form_erases_with_the_password_and_signs_out(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("leaving");
        var (browser, html) = await ConsentTests.PageAsync(app, member);
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(html).Groups[1].Value;

        var refused = await browser.PostAsync("/settings/privacy?handler=Erase", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["password"] = "wrong password",
            ["contributions"] = "delete",
        }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The password does not match", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var erased = await browser.PostAsync("/settings/privacy?handler=Erase", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["password"] = Password,
            ["contributions"] = "delete",
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        await (await app.Admin.Client.GetAsync($"/api/v1/users/{member.Id}", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        var settings = await browser.GetAsync("/settings", Ct);
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode); // signed out
    }
}
