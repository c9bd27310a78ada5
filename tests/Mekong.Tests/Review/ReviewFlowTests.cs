using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Review;

/// <summary>Reports, the queue, decisions, notifications, appeals and the audit trail, end to end through the API.</summary>
public sealed class ReviewFlowTests(Apps apps, PostgresServer postgres) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Report_decision_appeal_and_overturn_by_another_moderator(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var first = await app.RegisterWithRoleAsync(app.Admin, "moderator", "first-moderator");
        var second = await app.RegisterWithRoleAsync(app.Admin, "moderator", "second-moderator");
        var author = await app.RegisterAsync("author");
        var reader = await app.RegisterAsync("reader");
        var community = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var postId = (await author.CreatePostAsync(community, "Chợ nổi Cái Răng", "Đi sớm lúc 5 giờ sáng nhé.", language: "vi")).GetProperty("id").GetString();

        // A member reports; reporting twice, or reporting oneself, is refused.
        var report = await reader.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "post", id = postId, reason = "spam", note = "looks like an ad" }, Ct);
        var itemId = (await report.ExpectAsync(HttpStatusCode.Created)).GetProperty("reviewItemId").GetString();
        await (await reader.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "post", id = postId, reason = "spam" }, Ct)).ExpectAsync(HttpStatusCode.Conflict);
        await (await author.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "post", id = postId, reason = "spam" }, Ct)).ExpectAsync(HttpStatusCode.Conflict);

        // The queue shows it with the author's history; filters narrow it.
        var detail = await (await first.Client.GetAsync($"/api/v1/moderation/queue/{itemId}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, detail.GetProperty("item").GetProperty("reportCount").GetInt32());
        Assert.Equal(1, detail.GetProperty("author").GetProperty("posts").GetInt32());
        var bySpam = await (await first.Client.GetAsync("/api/v1/moderation/queue?reason=spam&language=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(bySpam.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == itemId);
        var byHate = await (await first.Client.GetAsync("/api/v1/moderation/queue?reason=hate&language=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(byHate.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == itemId);

        // A removal needs a rule; then the post is gone for readers and the author is told.
        await (await first.Client.PostAsJsonAsync($"/api/v1/moderation/queue/{itemId}/decisions", new { action = "remove" }, Ct)).ExpectAsync(HttpStatusCode.BadRequest);
        var decision = await (await first.Client.PostAsJsonAsync($"/api/v1/moderation/queue/{itemId}/decisions",
            new { action = "remove", rule = "No advertising (guideline 4)", note = "" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.Client.GetAsync($"/api/v1/posts/{postId}", Ct)).StatusCode);
        Assert.Equal("removed", (await (await author.Client.GetAsync($"/api/v1/posts/{postId}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("moderation").GetString());
        var notifications = await (await author.Client.GetAsync("/api/v1/me/notifications", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(notifications.GetProperty("items").EnumerateArray(), n => n.GetProperty("text").GetString()!.Contains("guideline 4", StringComparison.Ordinal));

        // One appeal, by the author only; the deciding moderator cannot judge it, another overturns it.
        var decisionId = decision.GetProperty("id").GetString();
        await (await reader.Client.PostAsJsonAsync($"/api/v1/moderation/decisions/{decisionId}/appeal", new { statement = "not mine" }, Ct)).ExpectAsync(HttpStatusCode.Forbidden);
        var appeal = await (await author.Client.PostAsJsonAsync($"/api/v1/moderation/decisions/{decisionId}/appeal",
            new { statement = "It is a travel tip, not an ad." }, Ct)).ExpectAsync(HttpStatusCode.Created);
        await (await author.Client.PostAsJsonAsync($"/api/v1/moderation/decisions/{decisionId}/appeal", new { statement = "again" }, Ct)).ExpectAsync(HttpStatusCode.Conflict);
        var appealId = appeal.GetProperty("id").GetString();
        await (await first.Client.PostAsJsonAsync($"/api/v1/moderation/appeals/{appealId}/decision", new { overturn = true, outcome = "mine" }, Ct)).ExpectAsync(HttpStatusCode.Forbidden);
        var overturned = await (await second.Client.PostAsJsonAsync($"/api/v1/moderation/appeals/{appealId}/decision",
            new { overturn = true, outcome = "A travel tip indeed." }, Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("overturned", overturned.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await reader.Client.GetAsync($"/api/v1/posts/{postId}", Ct)).StatusCode);
        var mine = await (await author.Client.GetAsync("/api/v1/me/decisions", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("overturned", mine.EnumerateArray().Single().GetProperty("appeal").GetString());

        // Every step is in the audit trail, and the chain holds.
        var audit = await (await app.Admin.Client.GetAsync("/api/v1/moderation/audit?limit=100", Ct)).ExpectAsync(HttpStatusCode.OK);
        var actions = audit.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("subject").GetString()!.EndsWith(postId!, StringComparison.Ordinal)
            || e.GetProperty("subject").GetString() == $"decision:{decisionId}").Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("report.create", actions);
        Assert.Contains("decision.remove", actions);
        Assert.Contains("appeal.create", actions);
        Assert.Contains("appeal.overturn", actions);
        var verify = await (await app.Admin.Client.GetAsync("/api/v1/moderation/audit/verify", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(verify.GetProperty("intact").GetBoolean());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Silenced_members_read_but_cannot_post_and_suspended_ones_cannot_sign_in(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator");
        var author = await app.RegisterAsync("author");
        var reporter = await app.RegisterAsync("reporter");
        var community = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var first = (await author.CreatePostAsync(community)).GetProperty("id").GetString();
        var second = (await author.CreatePostAsync(community)).GetProperty("id").GetString();

        var silence = await DecideOnReportAsync(reporter, moderator, first!, new { action = "silence", days = 3, rule = "Harassment (guideline 1)" });
        Assert.Equal(3, silence.GetProperty("days").GetInt32());
        var refused = await author.Client.PostAsJsonAsync($"/api/v1/communities/{community}/posts", new { title = "still here", body = "text" }, Ct);
        Assert.Contains("silenced", (await refused.ExpectAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await author.Client.GetAsync($"/api/v1/communities/{community}/posts", Ct)).StatusCode);

        await DecideOnReportAsync(reporter, moderator, second!, new { action = "suspend", rule = "Repeated harassment" });
        using var anonymous = app.CreateClient();
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = author.Email, password = "correct horse battery" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task A_tampered_audit_entry_breaks_the_chain_from_that_entry_on()
    {
        // A site of its own: the broken chain must not leak into the other tests' site.
        await using var app = await MekongApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator");
        var author = await app.RegisterAsync("author");
        var reporter = await app.RegisterAsync("reporter");
        var community = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = (await author.CreatePostAsync(community)).GetProperty("id").GetString();
        await DecideOnReportAsync(reporter, moderator, post!, new { action = "warn", rule = "Be kind" });
        long target;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            target = await db.AuditLog.Where(e => e.Action == "decision.warn").Select(e => e.Sequence).MaxAsync(Ct);
            // The database refuses to rewrite the log (AuditAppendOnly); tampering starts by dropping that guard.
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_log_no_update", Ct);
            await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET Reason = 'nothing happened' WHERE Sequence = {target}", Ct);
        }

        var verify = await (await app.Admin.Client.GetAsync("/api/v1/moderation/audit/verify", Ct)).ExpectAsync(HttpStatusCode.OK);
        var export = await app.Admin.Client.GetStringAsync("/api/v1/moderation/audit/export", Ct);

        Assert.False(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(target, verify.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Contains("nothing happened", export, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.Client.GetAsync("/api/v1/moderation/audit/verify", Ct)).StatusCode);
    }

    private static async Task<JsonElement> DecideOnReportAsync(Member reporter, Member moderator, string postId, object decision)
    {
        var report = await reporter.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "post", id = postId, reason = "harassment" }, Ct);
        var itemId = (await report.ExpectAsync(HttpStatusCode.Created)).GetProperty("reviewItemId").GetString();
        return await (await moderator.Client.PostAsJsonAsync($"/api/v1/moderation/queue/{itemId}/decisions", decision, Ct)).ExpectAsync(HttpStatusCode.OK);
    }
}
