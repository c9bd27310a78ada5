using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Discussion;

/// <summary>
/// Issue 9, discussion: languages by script, counts without removed comments, editing and deleting comments,
/// the Markdown preview, following posts, unread markers, the member's lists and paging both ways.
/// </summary>
public sealed partial class CommunityExperienceTests(Apps apps) : IClassFixture<Apps>
{
    private const string Password = "correct horse battery";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_comment_gets_the_language_of_its_script_whatever_its_author_reads(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (_, post) = await PostAsync(app);
        (string Text, string[] Reads, string Expected)[] cases =
        [
            ("榴莲到昆明的时候品质怎么样？", ["th"], "zh-Hans"),
            ("สนุกมากค่ะ!", ["ms"], "th"),
            ("ຂ້ອຍໄປນຳ 2 ຄົນ", ["zh-Hans"], "lo"),
            ("អរគុណច្រើន!", ["vi"], "km"),
            ("ကျေးဇူးပါ", ["en"], "my"),
            ("Terima kasih!", ["id"], "id"), // Latin and too short to tell: the reader's Latin-script language breaks the tie
            ("好", ["zh-Hant"], "zh-Hant"),
        ];

        foreach (var (text, reads, expected) in cases)
        {
            var commenter = await app.RegisterAsync("reader", languages: reads);
            var comment = await commenter.CommentAsync(post, text);
            Assert.True(expected == comment.GetProperty("language").GetString(), $"'{text}' by a {reads[0]} reader: {comment.GetProperty("language")}");
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_demo_tags_every_comment_with_a_language_of_its_script_and_dates_nothing_in_the_future(DatabaseProvider provider)
    {
        await using var app = await MekongApp.StartAsync(provider, apps.Postgres, new Dictionary<string, string?> { ["Demo"] = "true" });
        var now = DateTimeOffset.UtcNow;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        var comments = await db.Comments.AsNoTracking().Select(c => new { c.Body, c.Language, c.CreatedAt }).ToListAsync(Ct);
        var posts = await db.Posts.AsNoTracking().Select(p => p.CreatedAt).ToListAsync(Ct);
        var reactions = await db.Reactions.AsNoTracking().Select(r => r.CreatedAt).ToListAsync(Ct);

        Assert.True(comments.Count > 100, $"the demo has {comments.Count} comments");
        var wrong = comments.Where(c => !ScriptAllows(c.Body, c.Language)).Select(c => $"{c.Language}: {c.Body}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} demo comments carry a language their script cannot be: {string.Join(" | ", wrong)}");
        Assert.DoesNotContain(comments, c => c.CreatedAt > now);
        Assert.DoesNotContain(posts, p => p > now);
        Assert.DoesNotContain(reactions, r => r > now);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Removed_comments_are_not_counted_and_their_author_sees_them_labelled(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (author, post, slug) = await PostInAsync(app);
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator", "counting-moderator");
        var commenter = await app.RegisterAsync("commenter");
        var reporter = await app.RegisterAsync("reporter");
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await commenter.CommentAsync(post, $"Comment number {i}")).Id());
        }

        var report = await (await reporter.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "comment", id = ids[2], reason = "spam" }, Ct)).ExpectAsync(HttpStatusCode.Created);
        await (await moderator.Client.PostAsJsonAsync($"/api/v1/moderation/queue/{report.GetProperty("reviewItemId").GetString()}/decisions",
            new { action = "remove", rule = "No advertising", note = "" }, Ct)).ExpectAsync(HttpStatusCode.OK);

        var view = await (await reporter.Client.GetAsync($"/api/v1/posts/{post}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(4, view.GetProperty("commentCount").GetInt32());
        var list = await (await reporter.Client.GetAsync($"/api/v1/posts?author={author.Id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(4, list.GetProperty("items").EnumerateArray().Single(p => p.Id() == post).GetProperty("commentCount").GetInt32());
        using var anonymous = app.CreateClient();
        var page = await anonymous.GetStringAsync($"/p/{post}", Ct);
        Assert.Contains("(4)", CommentCount().Match(page).Value, StringComparison.Ordinal);
        Assert.DoesNotContain($"c-{ids[2]}", page, StringComparison.Ordinal);
        var card = PostCard(await anonymous.GetStringAsync($"/c/{slug}", Ct), post);
        Assert.Contains("💬 4", card, StringComparison.Ordinal);

        // The author still sees it, labelled; a deleted comment stops counting too (and only once).
        var browser = await BrowserAsync(app, commenter);
        var own = await browser.GetStringAsync($"/p/{post}", Ct);
        Assert.Contains($"id=\"c-{ids[2]}\"", own, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"comment-removed\"", own, StringComparison.Ordinal);
        Assert.Contains("Removed by a moderator", own, StringComparison.Ordinal);
        await (await commenter.Client.DeleteAsync($"/api/v1/comments/{ids[2]}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await commenter.Client.DeleteAsync($"/api/v1/comments/{ids[0]}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        view = await (await reporter.Client.GetAsync($"/api/v1/posts/{post}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, view.GetProperty("commentCount").GetInt32());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Authors_edit_and_delete_their_comments_and_an_edit_after_deletion_is_gone(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (_, post) = await PostAsync(app);
        var commenter = await app.RegisterAsync("editor");
        var other = await app.RegisterAsync("other");
        var comment = await commenter.CommentAsync(post, "First *draft*");
        Assert.Equal(JsonValueKind.Null, comment.GetProperty("editedAt").ValueKind);

        var edited = await (await commenter.Client.PutAsJsonAsync($"/api/v1/comments/{comment.Id()}", new { body = "Second **take**" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Second **take**", edited.GetProperty("body").GetString());
        Assert.Contains("<strong>take</strong>", edited.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, edited.GetProperty("editedAt").ValueKind);
        await (await other.Client.PutAsJsonAsync($"/api/v1/comments/{comment.Id()}", new { body = "hijack" }, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await commenter.Client.PutAsJsonAsync($"/api/v1/comments/{comment.Id()}", new { body = " " }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await commenter.Client.PutAsJsonAsync($"/api/v1/comments/{Guid.CreateVersion7()}", new { body = "x" }, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = app.CreateClient();
        await (await anonymous.PutAsJsonAsync($"/api/v1/comments/{comment.Id()}", new { body = "x" }, Ct)).ExpectAsync(HttpStatusCode.Unauthorized);

        // In the page: the author's comment shows "edited", an edit box and a delete button; the edit form works.
        var browser = await BrowserAsync(app, commenter);
        var page = await browser.GetStringAsync($"/p/{post}", Ct);
        Assert.Contains("data-testid=\"comment-edited\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"edit-input\"", page, StringComparison.Ordinal);
        using var form = await browser.PostAsync($"/p/{post}?handler=EditComment", Form(page, ("CommentId", comment.Id().ToString()), ("Body", "Third version")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        var thread = await (await anonymous.GetAsync($"/api/v1/posts/{post}/comments", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Third version", thread.GetProperty("items").EnumerateArray().Single(c => c.Id() == comment.Id()).GetProperty("body").GetString());

        page = await browser.GetStringAsync($"/p/{post}", Ct);
        using var deleted = await browser.PostAsync($"/p/{post}?handler=DeleteComment", Form(page, ("CommentId", comment.Id().ToString())), Ct);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var gone = await (await commenter.Client.PutAsJsonAsync($"/api/v1/comments/{comment.Id()}", new { body = "back again" }, Ct)).ExpectProblemAsync(HttpStatusCode.Gone);
        Assert.Contains("deleted", gone.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_preview_renders_markdown_through_the_same_sanitizer(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var writer = await app.RegisterAsync("previewer");

        var preview = await (await writer.Client.PostAsJsonAsync("/api/v1/markdown/preview",
            new { markdown = "**bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var html = preview.GetProperty("html").GetString()!;
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", (await (await writer.Client.PostAsJsonAsync("/api/v1/markdown/preview", new { markdown = "" }, Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("html").GetString());
        await (await writer.Client.PostAsJsonAsync("/api/v1/markdown/preview", new { markdown = new string('a', 100 * 1024 + 1) }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "markdown");
        await (await writer.Client.PostAsJsonAsync("/api/v1/markdown/preview", new { markdown = "a\0b" }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "markdown");
        using var anonymous = app.CreateClient();
        await (await anonymous.PostAsJsonAsync("/api/v1/markdown/preview", new { markdown = "x" }, Ct)).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Followers_are_notified_of_new_comments_and_the_commenter_is_not(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (author, post) = await PostAsync(app);
        var follower = await app.RegisterAsync("follower");
        var commenter = await app.RegisterAsync("commenter");
        var latecomer = await app.RegisterAsync("latecomer");

        var followed = await (await follower.Client.PutAsync($"/api/v1/posts/{post}/follow", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(followed.GetProperty("following").GetBoolean());
        await (await follower.Client.PutAsync($"/api/v1/posts/{post}/follow", null, Ct)).ExpectAsync(HttpStatusCode.OK); // idempotent
        var first = await commenter.CommentAsync(post, "Hello followers");

        Assert.Equal([first.Id().ToString()], await FollowedCommentsAsync(follower));
        Assert.Empty(await FollowedCommentsAsync(commenter));

        // The commenter now follows (auto-follow); the follower unfollows and hears no more.
        await (await follower.Client.DeleteAsync($"/api/v1/posts/{post}/follow", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await follower.Client.DeleteAsync($"/api/v1/posts/{post}/follow", Ct)).ExpectAsync(HttpStatusCode.OK);
        var second = await latecomer.CommentAsync(post, "A later comment");
        Assert.Equal([first.Id().ToString()], await FollowedCommentsAsync(follower));
        Assert.Equal([second.Id().ToString()], await FollowedCommentsAsync(commenter));
        Assert.Empty(await FollowedCommentsAsync(latecomer));

        // The post's author follows their own post from the start; the page offers Unfollow.
        var browser = await BrowserAsync(app, author);
        Assert.Contains("aria-pressed=\"true\" data-testid=\"follow-post\"", await browser.GetStringAsync($"/p/{post}", Ct), StringComparison.Ordinal);
        var stranger = await BrowserAsync(app, latecomer);
        Assert.Contains("aria-pressed=\"true\" data-testid=\"follow-post\"", await stranger.GetStringAsync($"/p/{post}", Ct), StringComparison.Ordinal);
        var outsider = await BrowserAsync(app, await app.RegisterAsync("outsider"));
        var page = await outsider.GetStringAsync($"/p/{post}", Ct);
        Assert.Contains("aria-pressed=\"false\" data-testid=\"follow-post\"", page, StringComparison.Ordinal);
        using var follow = await outsider.PostAsync($"/p/{post}?handler=Follow", Form(page), Ct);
        Assert.Contains("aria-pressed=\"true\" data-testid=\"follow-post\"", await outsider.GetStringAsync($"/p/{post}", Ct), StringComparison.Ordinal);

        await (await follower.Client.PutAsync($"/api/v1/posts/{Guid.CreateVersion7()}/follow", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = app.CreateClient();
        await (await anonymous.PutAsync($"/api/v1/posts/{post}/follow", null, Ct)).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Posts_with_comments_since_my_last_visit_are_marked_and_listed_on_my_pages(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (author, post, slug) = await PostInAsync(app);
        var reader = await app.RegisterAsync("unread-reader");
        var other = await app.RegisterAsync("other-writer");
        var browser = await BrowserAsync(app, reader);
        await (await reader.Client.PutAsync($"/api/v1/posts/{post}/bookmark", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await reader.Client.PutAsync($"/api/v1/posts/{post}/follow", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await reader.Client.PutAsync($"/api/v1/users/{author.Id}/follow", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);

        await browser.GetStringAsync($"/p/{post}", Ct); // the visit
        Assert.DoesNotContain("data-testid=\"unread\"", PostCard(await browser.GetStringAsync($"/c/{slug}", Ct), post), StringComparison.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            await other.CommentAsync(post, $"New comment {i}");
        }

        await reader.CommentAsync(post, "My own comment is not new to me");
        var card = PostCard(await browser.GetStringAsync($"/c/{slug}", Ct), post);
        Assert.Matches("data-testid=\"unread\">3 new<", card);
        Assert.Matches("data-testid=\"unread\">3 new<", PostCard(await browser.GetStringAsync("/me/following-posts", Ct), post));
        Assert.Contains(">3 new<", PostCard(await browser.GetStringAsync("/me/bookmarks", Ct), post), StringComparison.Ordinal);
        var following = await browser.GetStringAsync("/me/following", Ct);
        Assert.Contains($"href=\"/u/{author.Id}\"", following, StringComparison.Ordinal);

        // Reading the post clears the marker; another reader never had one.
        await browser.GetStringAsync($"/p/{post}", Ct);
        Assert.DoesNotContain("data-testid=\"unread\"", PostCard(await browser.GetStringAsync($"/c/{slug}", Ct), post), StringComparison.Ordinal);
        var stranger = await BrowserAsync(app, await app.RegisterAsync("stranger"));
        Assert.DoesNotContain("data-testid=\"unread\"", PostCard(await stranger.GetStringAsync($"/c/{slug}", Ct), post), StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"p-{post}\"", await stranger.GetStringAsync("/me/bookmarks", Ct), StringComparison.Ordinal);

        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/me/bookmarks", "/me/following-posts", "/me/following" })
        {
            using var response = await anonymous.GetAsync(path, Ct);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"{path}: {response.StatusCode}");
            Assert.Contains("/signin", response.Headers.Location?.ToString() ?? "", StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Paging_goes_older_and_back_newer_to_the_same_posts(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("prolific");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        for (var i = 0; i < 45; i++)
        {
            await author.CreatePostAsync(slug, $"Post {i}", $"Body {i}");
        }

        using var anonymous = app.CreateClient();
        var first = await anonymous.GetStringAsync($"/c/{slug}?tag=", Ct);
        Assert.DoesNotContain("data-testid=\"newer-posts\"", first, StringComparison.Ordinal);
        var second = await anonymous.GetStringAsync($"/c/{slug}" + Href(first, "older-posts"), Ct);
        var third = await anonymous.GetStringAsync($"/c/{slug}" + Href(second, "older-posts"), Ct);
        Assert.DoesNotContain("data-testid=\"older-posts\"", third, StringComparison.Ordinal);
        Assert.Equal(5, PostIds(third).Count);
        var backToSecond = await anonymous.GetStringAsync($"/c/{slug}" + Href(third, "newer-posts"), Ct);
        var backToFirst = await anonymous.GetStringAsync($"/c/{slug}" + Href(backToSecond, "newer-posts"), Ct);

        Assert.Equal(20, PostIds(first).Count);
        Assert.Equal(PostIds(second), PostIds(backToSecond));
        Assert.Equal(PostIds(first), PostIds(backToFirst));
        Assert.DoesNotContain("data-testid=\"newer-posts\"", backToFirst, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"older-posts\"", backToFirst, StringComparison.Ordinal);
        Assert.Equal(45, PostIds(first).Concat(PostIds(second)).Concat(PostIds(third)).Distinct().Count());
        Assert.Contains("tag=", Href(first, "older-posts"), StringComparison.Ordinal); // other filters stay in the link

        // The home page pages both ways the same way.
        var home = await anonymous.GetStringAsync("/", Ct);
        var older = await anonymous.GetStringAsync("/" + Href(home, "older-posts"), Ct);
        Assert.Equal(PostIds(home), PostIds(await anonymous.GetStringAsync("/" + Href(older, "newer-posts"), Ct)));
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/?before=not-a-cursor", Ct)).StatusCode);
    }

    private static bool ScriptAllows(string text, string language)
    {
        int latin = 0, han = 0, thai = 0, lao = 0, khmer = 0, myanmar = 0;
        foreach (var c in text)
        {
            switch (c)
            {
                case >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '\u00C0' and <= '\u024F' or >= '\u1E00' and <= '\u1EFF':
                    latin++;
                    break;
                case >= '\u0E00' and <= '\u0E7F':
                    thai++;
                    break;
                case >= '\u0E80' and <= '\u0EFF':
                    lao++;
                    break;
                case >= '\u1780' and <= '\u17FF':
                    khmer++;
                    break;
                case >= '\u1000' and <= '\u109F':
                    myanmar++;
                    break;
                case >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF':
                    han++;
                    break;
            }
        }

        var ofLanguage = language switch
        {
            "th" => thai,
            "lo" => lao,
            "km" => khmer,
            "my" => myanmar,
            "zh-Hans" or "zh-Hant" => han,
            "en" or "vi" or "id" or "ms" or "fil" => latin,
            _ => 0,
        };
        var letters = latin + han + thai + lao + khmer + myanmar;
        return letters == 0 ? true : ofLanguage > 0 && ofLanguage >= letters * 0.3;
    }

    private static async Task<List<string>> FollowedCommentsAsync(Member member)
    {
        var list = await (await member.Client.GetAsync("/api/v1/me/notifications", Ct)).ExpectAsync(HttpStatusCode.OK);
        return [.. list.GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "post.followed.comment")
            .Select(n => n.GetProperty("link").GetString()!.Split("#c-")[1])];
    }

    /// <summary>A cookie client signed in through the form, as a browser would be.</summary>
    private static async Task<HttpClient> BrowserAsync(MekongApp app, Member member)
    {
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await browser.SignInByFormAsync(member.Email, Password);
        return browser;
    }

    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields)
    {
        var values = new Dictionary<string, string> { ["__RequestVerificationToken"] = InterfaceLanguageTests.AntiforgeryToken().Match(page).Groups[1].Value };
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        return new FormUrlEncodedContent(values);
    }

    private static string PostCard(string html, Guid post)
    {
        var start = html.IndexOf($"id=\"p-{post}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no card for post {post}");
        var end = html.IndexOf("</li>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    private static List<Guid> PostIds(string html) => [.. CardId().Matches(html).Select(m => Guid.Parse(m.Groups[1].Value))];

    private static string Href(string html, string testId)
    {
        var match = Regex.Match(html, $"href=\"([^\"]*)\" data-testid=\"{testId}\"");
        Assert.True(match.Success, $"no {testId} link");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("id=\"p-([0-9a-f-]{36})\"")]
    private static partial Regex CardId();

    [GeneratedRegex("data-testid=\"comment-count\">[^<]*<")]
    private static partial Regex CommentCount();

    private static async Task<(Member Author, Guid Post)> PostAsync(MekongApp app)
    {
        var (author, post, _) = await PostInAsync(app);
        return (author, post);
    }

    private static async Task<(Member Author, Guid Post, string Slug)> PostInAsync(MekongApp app)
    {
        var author = await app.RegisterAsync("poster");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = await author.CreatePostAsync(slug, "Talk about it");
        return (author, post.Id(), slug);
    }
}
