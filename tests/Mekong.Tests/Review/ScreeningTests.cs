using System.Net;
using System.Net.Http.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;

namespace Mekong.Tests.Review;

/// <summary>Pre-screening of posts and comments by watched terms, through the API, in several scripts.</summary>
public sealed class ScreeningTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Block_rule_rejects_an_obfuscated_Chinese_insult_with_the_rules_reason(DatabaseProvider provider)
    {
        var (app, moderator, author, community) = await SetUpAsync(provider);
        await AddRuleAsync(moderator, community, "傻逼", "block", "Insults are not allowed (guideline 1).");

        var rejected = await author.Client.PostAsJsonAsync($"/api/v1/communities/{community}/posts",
            new { title = "问题", body = "你是傻\u200B 逼吗", language = "zh-Hans" }, Ct);
        var fine = await author.Client.PostAsJsonAsync($"/api/v1/communities/{community}/posts",
            new { title = "好问题", body = "你是学生吗", language = "zh-Hans" }, Ct);

        var problem = await rejected.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("guideline 1", problem.GetProperty("errors").GetProperty("content")[0].GetString(), StringComparison.Ordinal);
        await fine.ExpectAsync(HttpStatusCode.Created);
        _ = app;
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Approval_rule_holds_a_Thai_post_until_a_moderator_approves_it(DatabaseProvider provider)
    {
        var (app, moderator, author, community) = await SetUpAsync(provider);
        await AddRuleAsync(moderator, community, "หวยใต้ดิน", "requireApproval", "Lottery advertising needs a moderator's look.", language: "th");
        using var visitor = app.CreateClient();

        var held = await author.CreatePostAsync(community, "โชคดี", "ใครสนใจหวยใต้ดินทักมานะครับ", language: "th");
        var id = held.GetProperty("id").GetString();

        Assert.Equal("held", held.GetProperty("moderation").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/api/v1/posts/{id}", Ct)).StatusCode);
        var queue = await (await moderator.Client.GetAsync("/api/v1/moderation/queue?language=th", Ct)).ExpectAsync(HttpStatusCode.OK);
        var item = queue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("contentId").GetString() == id);
        Assert.Equal("hold", item.GetProperty("outcome").GetString());
        Assert.Contains(item.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("หวยใต้ดิน", StringComparison.Ordinal));

        var decided = await moderator.Client.PostAsJsonAsync($"/api/v1/moderation/queue/{item.GetProperty("id").GetString()}/decisions",
            new { action = "approve", rule = "", note = "a lottery of a temple fair, fine" }, Ct);
        await decided.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/v1/posts/{id}", Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Censor_masks_the_term_and_tag_rule_adds_its_tag(DatabaseProvider provider)
    {
        var (_, moderator, author, community) = await SetUpAsync(provider);
        await AddRuleAsync(moderator, community, "shit", "censor", "Mild swearing is masked.");
        await AddRuleAsync(moderator, community, "songkran", "tag", "Festival posts are tagged.", tag: "festival");

        var post = await author.CreatePostAsync(community, "Songkran plans", "Holy sh1t, the water fight was wild.", language: "en");

        Assert.Contains("Holy **** the", post.GetProperty("body").GetString()!.Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("festival", post.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("published", post.GetProperty("moderation").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Flag_rule_publishes_a_comment_and_queues_it_and_scunthorpe_is_left_alone(DatabaseProvider provider)
    {
        var (_, moderator, author, community) = await SetUpAsync(provider);
        await AddRuleAsync(moderator, community, "scam", "flag", "Possible scam.");
        var post = await author.CreatePostAsync(community);
        var postId = post.GetProperty("id").GetString();

        var flagged = await (await author.Client.PostAsJsonAsync($"/api/v1/posts/{postId}/comments", new { body = "This is a s.c.a.m, beware" }, Ct)).ExpectAsync(HttpStatusCode.Created);
        var clean = await (await author.Client.PostAsJsonAsync($"/api/v1/posts/{postId}/comments", new { body = "Scamander river cruises are lovely" }, Ct)).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("published", flagged.GetProperty("moderation").GetString());
        var queue = await (await moderator.Client.GetAsync("/api/v1/moderation/queue?kind=comment", Ct)).ExpectAsync(HttpStatusCode.OK);
        var ids = queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("contentId").GetString()).ToList();
        Assert.Contains(flagged.GetProperty("id").GetString(), ids);
        Assert.DoesNotContain(clean.GetProperty("id").GetString(), ids);
    }

    [Fact]
    public async Task Rules_are_checked_when_saved_and_imported_all_or_nothing()
    {
        var (_, moderator, _, _) = await SetUpAsync(DatabaseProvider.Sqlite);

        var backreference = await moderator.Client.PostAsJsonAsync("/api/v1/moderation/rules",
            new { pattern = "(a+)+\\1", kind = "regex", action = "flag", reason = "test" }, Ct);
        var invalid = await moderator.Client.PostAsJsonAsync("/api/v1/moderation/rules",
            new { pattern = "([a-z", kind = "regex", action = "flag", reason = "test" }, Ct);
        var csv = "pattern,kind,action,language,community,tag,reason\nfoo-import,plain,flag,,,,ok\nbar,plain,explode,,,,bad action\nbaz,plain,flag,xx,,,bad language\n";
        var import = await moderator.Client.PostAsync("/api/v1/moderation/rules/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"), Ct);
        var rules = await (await moderator.Client.GetAsync("/api/v1/moderation/rules", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Contains("backtracking", (await backreference.ExpectAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("pattern")[0].GetString(), StringComparison.Ordinal);
        await invalid.ExpectAsync(HttpStatusCode.BadRequest);
        var errors = (await import.ExpectAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("line 3: action", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("line 4: language", out _), errors.ToString());
        Assert.DoesNotContain(rules.EnumerateArray(), r => r.GetProperty("pattern").GetString() == "foo-import");
    }

    [Fact]
    public async Task Rules_export_as_csv_that_imports_back()
    {
        var (_, moderator, _, community) = await SetUpAsync(DatabaseProvider.Sqlite);
        await AddRuleAsync(moderator, community, "ไอ้ควาย", "flag", "Insult, \"buffalo\"", language: "th");

        var csv = await moderator.Client.GetStringAsync("/api/v1/moderation/rules/export", Ct);

        Assert.StartsWith("pattern,kind,action,language,community,tag,reason\n", csv, StringComparison.Ordinal);
        Assert.Contains($"ไอ้ควาย,plain,flag,th,{community},,\"Insult, \"\"buffalo\"\"\"", csv, StringComparison.Ordinal);
        var again = await moderator.Client.PostAsync("/api/v1/moderation/rules/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"), Ct);
        Assert.Contains("already exists", (await again.ExpectAsync(HttpStatusCode.BadRequest)).ToString(), StringComparison.Ordinal);
    }

    /// <summary>A moderator, an author and a fresh community; rules are scoped to that community so tests stay apart.</summary>
    private async Task<(MekongApp App, Member Moderator, Member Author, string Community)> SetUpAsync(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator");
        var author = await app.RegisterAsync("author");
        var community = (await author.CreateCommunityAsync()).GetProperty("id").GetString()!;
        return (app, moderator, author, community);
    }

    private static async Task AddRuleAsync(Member moderator, string community, string pattern, string action, string reason, string? language = null, string? tag = null, string kind = "plain")
    {
        var response = await moderator.Client.PostAsJsonAsync("/api/v1/moderation/rules", new { pattern, kind, action, language, communityId = community, tag, reason }, Ct);
        await response.ExpectAsync(HttpStatusCode.Created);
    }
}
