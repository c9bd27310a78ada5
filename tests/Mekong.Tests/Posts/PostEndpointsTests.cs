using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;

namespace Mekong.Tests.Posts;

/// <summary>Publishing, reading, editing, deleting and listing posts under /api/v1.</summary>
public sealed class PostEndpointsTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Thai_post_is_stored_as_written_with_its_language_origin_and_tags(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("somchai", country: "TH");
        var community = await author.CreateCommunityAsync();
        const string body = "ข้าวซอยไก่ร้านนี้อร่อยมาก น้ำแกงเข้มข้น เส้นกรอบ\n\nแนะนำให้ไปตอนเช้า";

        var created = await author.CreatePostAsync(community.Id().ToString(), "  ข้าวซอยที่เชียงใหม่ ", body, ["อาหาร", "#เชียงใหม่", "อาหาร"], "th");
        using var anonymous = app.CreateClient();
        var read = await (await anonymous.GetAsync($"/api/v1/posts/{created.Id()}", Ct)).ExpectAsync(HttpStatusCode.OK);

        foreach (var post in new[] { created, read })
        {
            Assert.Equal("ข้าวซอยที่เชียงใหม่", post.GetProperty("title").GetString());
            Assert.Equal(body, post.GetProperty("body").GetString());
            Assert.Equal("th", post.GetProperty("language").GetString());
            Assert.Equal("TH", post.GetProperty("origin").GetString());
            Assert.Equal(["อาหาร", "เชียงใหม่"], Strings(post.GetProperty("tags")));
            Assert.Equal(author.Id, post.GetProperty("author").GetProperty("id").GetGuid());
            Assert.Equal(community.Id(), post.GetProperty("communityId").GetGuid());
            Assert.Equal(community.GetProperty("slug").GetString(), post.GetProperty("communitySlug").GetString());
            Assert.Equal(1, post.GetProperty("revision").GetInt32());
            Assert.Equal(JsonValueKind.Null, post.GetProperty("deletedAt").ValueKind);
        }

        var counted = await (await anonymous.GetAsync($"/api/v1/communities/{community.Id()}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, counted.GetProperty("postCount").GetInt32());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Chinese_post_takes_its_origin_from_the_authors_home_country(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("wei", country: "CN", languages: ["zh-Hans"]);
        var community = await author.CreateCommunityAsync("云南美食");
        const string body = "过桥米线是云南最有名的小吃。汤要先烫，再放米线和配料。";

        var post = await author.CreatePostAsync(community.Id().ToString(), "过桥米线的做法", body, ["美食", "云南"], "zh-hans");
        var listed = await (await author.Client.GetAsync($"/api/v1/communities/{community.Id()}/posts", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("过桥米线的做法", post.GetProperty("title").GetString());
        Assert.Equal(body, post.GetProperty("body").GetString());
        Assert.Equal("zh-Hans", post.GetProperty("language").GetString());
        Assert.Equal("CN", post.GetProperty("origin").GetString());
        Assert.Equal(["美食", "云南"], Strings(post.GetProperty("tags")));
        var summary = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(body, summary.GetProperty("excerpt").GetString());
        Assert.Equal("CN", summary.GetProperty("origin").GetString());
        Assert.Equal("zh-Hans", summary.GetProperty("language").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Text_is_stored_in_NFC_and_without_a_language_it_is_detected(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("lan", country: "VN");
        var community = await author.CreateCommunityAsync();
        var decomposed = "Phở bò Hà Nội".Normalize(NormalizationForm.FormD);
        Assert.NotEqual("Phở bò Hà Nội", decomposed);

        var post = await author.CreatePostAsync(community.Id().ToString(), decomposed, decomposed);

        Assert.Equal("Phở bò Hà Nội", post.GetProperty("title").GetString());
        Assert.Equal("Phở bò Hà Nội", post.GetProperty("body").GetString());
        Assert.Equal("vi", post.GetProperty("language").GetString()); // detected (see tests/Mekong.Tests/LanguageDetection)
        Assert.Equal("VN", post.GetProperty("origin").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Markdown_is_rendered_and_sanitized(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("md");
        var community = await author.CreateCommunityAsync();
        const string body = """
            Selamat **pagi** semua!

            <script>alert('x')</script>

            [click me](javascript:alert(1)) and [Mekong](https://example.com/mekong) or <img src=x onerror=alert(1)>

            ![pic](javascript:alert(2))
            """;

        var post = await author.CreatePostAsync(community.Id().ToString(), "Markdown", body);
        var html = post.GetProperty("bodyHtml").GetString()!;

        Assert.Equal(body, post.GetProperty("body").GetString()); // the source is kept as written
        Assert.Contains("<strong>pagi</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=\"x\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<a href=\"https://example.com/mekong\" rel=\"nofollow ugc noopener\">Mekong</a>", html, StringComparison.Ordinal);
        Assert.Contains(">click me</a>", html, StringComparison.Ordinal);
        var anchors = html.Split("<a ", StringSplitOptions.None).Skip(1).ToList();
        Assert.Equal(2, anchors.Count);
        Assert.All(anchors, a => Assert.Contains("rel=\"nofollow ugc noopener\"", a, StringComparison.Ordinal));
        var listed = await (await author.Client.GetAsync($"/api/v1/communities/{community.Id()}/posts", Ct)).ExpectAsync(HttpStatusCode.OK);
        var excerpt = Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("excerpt").GetString()!;
        Assert.StartsWith("Selamat pagi semua!", excerpt, StringComparison.Ordinal); // plain text, no Markdown marks
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Edit_keeps_every_former_version_as_a_revision(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("editor");
        var other = await app.RegisterAsync("stranger");
        var community = await author.CreateCommunityAsync();
        var post = await author.CreatePostAsync(community.Id().ToString(), "Bánh mì v1", "one", ["banhmi"], "vi");
        var path = $"/api/v1/posts/{post.Id()}";

        var second = await (await author.Client.PutAsJsonAsync(path, new { title = "Bánh mì v2" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var third = await (await author.Client.PutAsJsonAsync(path, new { body = "three **bold**", tags = new[] { "food", "saigon" } }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var foreign = await other.Client.PutAsJsonAsync(path, new { title = "defaced" }, Ct);
        using var anonymous = app.CreateClient();
        var revisions = (await (await anonymous.GetAsync($"{path}/revisions", Ct)).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var current = await (await anonymous.GetAsync(path, Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, second.GetProperty("revision").GetInt32());
        Assert.Equal("one", second.GetProperty("body").GetString()); // not given, so kept
        Assert.Equal(3, third.GetProperty("revision").GetInt32());
        Assert.Equal("Bánh mì v2", third.GetProperty("title").GetString());
        Assert.Contains("<strong>bold</strong>", third.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal("vi", third.GetProperty("language").GetString());
        await foreign.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Bánh mì v2", current.GetProperty("title").GetString());
        Assert.Equal(["food", "saigon"], Strings(current.GetProperty("tags")));
        Assert.Equal([2, 1], revisions.Select(r => r.GetProperty("number").GetInt32()));
        Assert.Equal(["Bánh mì v2", "Bánh mì v1"], revisions.Select(r => r.GetProperty("title").GetString() ?? ""));
        Assert.All(revisions, r => Assert.Equal("one", r.GetProperty("body").GetString()));
        Assert.All(revisions, r => Assert.Equal(["banhmi"], Strings(r.GetProperty("tags"))));
        Assert.All(revisions, r => Assert.Equal(author.Id, r.GetProperty("editorId").GetGuid()));
        Assert.Equal(current.GetProperty("createdAt").GetDateTimeOffset(), revisions[1].GetProperty("writtenAt").GetDateTimeOffset());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Delete_is_soft_the_author_still_sees_the_post_and_may_restore_it(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("regret");
        var other = await app.RegisterAsync("onlooker");
        var community = await author.CreateCommunityAsync();
        var post = await author.CreatePostAsync(community.Id().ToString(), "Oops");
        var path = $"/api/v1/posts/{post.Id()}";
        using var anonymous = app.CreateClient();

        var refused = await other.Client.DeleteAsync(path, Ct);
        await (await author.Client.DeleteAsync(path, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        var hiddenFromOthers = await other.Client.GetAsync(path, Ct);
        var hiddenFromVisitors = await anonymous.GetAsync(path, Ct);
        var authorSees = await (await author.Client.GetAsync(path, Ct)).ExpectAsync(HttpStatusCode.OK);
        var listWhileDeleted = await (await author.Client.GetAsync($"/api/v1/communities/{community.Id()}/posts", Ct)).ExpectAsync(HttpStatusCode.OK);
        var countWhileDeleted = await (await author.Client.GetAsync($"/api/v1/communities/{community.Id()}", Ct)).ExpectAsync(HttpStatusCode.OK);
        var commentOnDeleted = await author.Client.PostAsJsonAsync($"{path}/comments", new { body = "hello?" }, Ct);
        var editDeleted = await author.Client.PutAsJsonAsync(path, new { title = "changed" }, Ct);
        var othersRestore = await other.Client.PostAsync($"{path}/restore", null, Ct);
        var restored = await (await author.Client.PostAsync($"{path}/restore", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var backForOthers = await (await other.Client.GetAsync(path, Ct)).ExpectAsync(HttpStatusCode.OK);
        var countAfter = await (await author.Client.GetAsync($"/api/v1/communities/{community.Id()}", Ct)).ExpectAsync(HttpStatusCode.OK);

        await refused.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await hiddenFromOthers.ExpectProblemAsync(HttpStatusCode.NotFound);
        await hiddenFromVisitors.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.NotEqual(JsonValueKind.Null, authorSees.GetProperty("deletedAt").ValueKind);
        Assert.Empty(listWhileDeleted.GetProperty("items").EnumerateArray());
        Assert.Equal(0, countWhileDeleted.GetProperty("postCount").GetInt32());
        await commentOnDeleted.ExpectProblemAsync(HttpStatusCode.NotFound);
        await editDeleted.ExpectProblemAsync(HttpStatusCode.Conflict);
        await othersRestore.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(JsonValueKind.Null, restored.GetProperty("deletedAt").ValueKind);
        Assert.Equal("Oops", backForOthers.GetProperty("title").GetString());
        Assert.Equal(1, countAfter.GetProperty("postCount").GetInt32());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_filters_by_tag_in_any_case_and_by_language(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("tagger");
        var community = (await author.CreateCommunityAsync()).Id().ToString();
        var mango = await author.CreatePostAsync(community, "Mango sticky rice", tags: ["mango", "dessert"], language: "en");
        var durian = await author.CreatePostAsync(community, "ทุเรียน", tags: ["durian"], language: "th");
        var both = await author.CreatePostAsync(community, "Fruit stall", tags: ["durian", "mango"], language: "th");
        await author.CreatePostAsync(community, "mangosteen", tags: ["mangosteen"], language: "en");

        var byTag = await ListAsync(author, $"/api/v1/communities/{community}/posts?tag=Mango");
        var byLanguage = await ListAsync(author, $"/api/v1/communities/{community}/posts?lang=th");
        var byBoth = await ListAsync(author, $"/api/v1/communities/{community}/posts?tag=mango&lang=th");
        var none = await ListAsync(author, $"/api/v1/communities/{community}/posts?tag=rambutan");

        Assert.Equal(new[] { mango.Id(), both.Id() }.Order(), byTag.Order());
        Assert.Equal(new[] { durian.Id(), both.Id() }.Order(), byLanguage.Order());
        Assert.Equal([both.Id()], byBoth);
        Assert.Empty(none);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Community_posts_page_newest_first_with_cursors(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("prolific");
        var community = (await author.CreateCommunityAsync()).Id().ToString();
        var created = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            created.Add((await author.CreatePostAsync(community, $"Post {i}")).Id());
        }

        var pages = new List<List<JsonElement>>();
        string? cursor = null;
        do
        {
            var page = await (await author.Client.GetAsync($"/api/v1/communities/{community}/posts?limit=5{(cursor is null ? "" : "&cursor=" + cursor)}", Ct)).ExpectAsync(HttpStatusCode.OK);
            pages.Add(page.GetProperty("items").EnumerateArray().ToList());
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.True(pages.Count < 10, "the cursor never ends");
        }
        while (cursor is not null);

        Assert.Equal([5, 5, 2], pages.Select(p => p.Count));
        var walked = pages.SelectMany(p => p).ToList();
        var ids = walked.Select(p => p.Id()).ToList();
        Assert.Equal(created.Order(), ids.Order()); // every post exactly once
        Assert.True(ids.SequenceEqual(ids.OrderDescending()), "ids should run newest first");
        var times = walked.Select(p => p.GetProperty("createdAt").GetDateTimeOffset().ToUnixTimeMilliseconds()).ToList(); // ids order to the millisecond
        Assert.True(times.SequenceEqual(times.OrderDescending()), "creation times should run newest first");
        Assert.True(ids.IndexOf(created[^1]) < ids.IndexOf(created[0]), "the last published should come before the first");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Latest_feed_shows_public_communities_only_and_no_deleted_posts(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("feeder");
        var open = (await author.CreateCommunityAsync()).Id().ToString();
        var closed = (await author.CreateCommunityAsync(visibility: "membersOnly")).Id().ToString();
        var visible = await author.CreatePostAsync(open, "Open to all");
        var secret = await author.CreatePostAsync(closed, "Members only");
        var removed = await author.CreatePostAsync(open, "Removed");
        await (await author.Client.DeleteAsync($"/api/v1/posts/{removed.Id()}", Ct)).ExpectAsync(HttpStatusCode.NoContent);

        var feed = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await author.Client.GetAsync($"/api/v1/posts?limit=50{(cursor is null ? "" : "&cursor=" + cursor)}", Ct)).ExpectAsync(HttpStatusCode.OK);
            feed.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        var byAuthor = await ListAsync(author, $"/api/v1/posts?author={author.Id}");

        Assert.Contains(visible.Id(), feed);
        Assert.DoesNotContain(secret.Id(), feed);
        Assert.DoesNotContain(removed.Id(), feed);
        Assert.Equal([visible.Id()], byAuthor);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Only_members_post_and_only_members_read_a_members_only_post(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("keeper");
        var outsider = await app.RegisterAsync("outsider");
        var open = (await owner.CreateCommunityAsync()).Id().ToString();
        var closed = (await owner.CreateCommunityAsync(visibility: "membersOnly")).Id().ToString();
        var secret = await owner.CreatePostAsync(closed, "Members only");

        var notJoined = await outsider.Client.PostAsJsonAsync($"/api/v1/communities/{open}/posts", new { title = "Hi", body = "x" }, Ct);
        var unreadable = await outsider.Client.GetAsync($"/api/v1/posts/{secret.Id()}", Ct);
        await (await outsider.Client.PostAsync($"/api/v1/communities/{open}/membership", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        // A members-only community asks for approval: the plain join files a request, the owner accepts it.
        var request = await (await outsider.Client.PostAsync($"/api/v1/communities/{closed}/membership", null, Ct)).ExpectAsync(HttpStatusCode.Accepted);
        var stillUnreadable = await outsider.Client.GetAsync($"/api/v1/posts/{secret.Id()}", Ct);
        await (await owner.Client.PostAsync($"/api/v1/communities/{closed}/join-requests/{request.Id()}/accept", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var joined = await outsider.Client.PostAsJsonAsync($"/api/v1/communities/{open}/posts", new { title = "Hi", body = "x" }, Ct);
        var readable = await outsider.Client.GetAsync($"/api/v1/posts/{secret.Id()}", Ct);

        await notJoined.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await unreadable.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await stillUnreadable.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await joined.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("Members only", (await readable.ExpectAsync(HttpStatusCode.OK)).GetProperty("title").GetString());
    }

    private static async Task<List<Guid>> ListAsync(Member reader, string path)
    {
        var page = await (await reader.Client.GetAsync(path, Ct)).ExpectAsync(HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray().Select(p => p.Id())];
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString() ?? "")];
}
