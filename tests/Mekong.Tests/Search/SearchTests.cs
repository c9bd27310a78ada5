using System.Net;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Search;
using Mekong.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Search;

/// <summary>Multilingual search through the API on both databases, with sentences written for these tests.</summary>
public sealed class SearchTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> SearchAsync(Member who, string query) =>
        await (await who.Client.GetAsync("/api/v1/search?" + query, Ct)).ExpectAsync(HttpStatusCode.OK);

    private static async Task<JsonElement> SearchAsync(HttpClient client, string query) =>
        await (await client.GetAsync("/api/v1/search?" + query, Ct)).ExpectAsync(HttpStatusCode.OK);

    private static List<JsonElement> Hits(JsonElement result) => [.. result.GetProperty("hits").EnumerateArray()];

    private static string Q(string text) => Uri.EscapeDataString(text);

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_thai_word_inside_an_unspaced_sentence_is_found_and_highlighted(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("thai");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = await author.CreatePostAsync(slug, "ตลาดกลางคืน", "เมื่อวานนี้ฉันไปตลาดนัดกลางคืนกับเพื่อนชาวเวียดนามและกินอาหารริมทางอร่อยมาก");

        var result = await SearchAsync(author, $"q={Q("อาหาร")}&community={slug}");

        var hit = Assert.Single(Hits(result));
        Assert.Equal(post.Id(), hit.GetProperty("postId").GetGuid());
        Assert.Equal("th", hit.GetProperty("language").GetString());
        Assert.Equal("post", hit.GetProperty("kind").GetString());
        Assert.False(hit.GetProperty("viaTranslation").GetBoolean());
        Assert.Contains("<mark>อาหาร</mark>", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.Empty(Hits(await SearchAsync(author, $"q={Q("อาหารจีน")}&community={slug}")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_chinese_word_inside_a_sentence_is_found_and_traditional_queries_find_simplified_text(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("zh", "CN", ["zh-Hans"]);
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = await author.CreatePostAsync(slug, "周末", "我们周末去湄公河边的夜市吃烤鱼，然后和泰国朋友一起看了一场电影。");

        var word = Assert.Single(Hits(await SearchAsync(author, $"q={Q("夜市")}&community={slug}")));
        Assert.Equal(post.Id(), word.GetProperty("postId").GetGuid());
        Assert.Equal("zh-Hans", word.GetProperty("language").GetString());
        Assert.Contains("<mark>夜市</mark>", word.GetProperty("snippet").GetString(), StringComparison.Ordinal);

        var traditional = Assert.Single(Hits(await SearchAsync(author, $"q={Q("湄公河邊 烤魚")}&community={slug}")));
        var snippet = traditional.GetProperty("snippet").GetString()!;
        Assert.Contains("<mark>湄公河边</mark>", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>烤鱼</mark>", snippet, StringComparison.Ordinal);
        Assert.Empty(Hits(await SearchAsync(author, $"q={Q("烤肉")}&community={slug}")));
    }

    public static TheoryData<DatabaseProvider> Providers => Databases.Both;

    private static readonly (string Language, string Body, string Word)[] Eleven =
    [
        ("zh-Hans", "春节的时候，奶奶总是包很多饺子，全家人围在一起聊天到深夜。", "饺子"),
        ("zh-Hant", "這所大學每年都會舉辦東協文化節，學生們穿上傳統服裝表演舞蹈。", "舞蹈"),
        ("en", "We spent the weekend at the night market by the river, eating grilled fish and talking with friends.", "grilled"),
        ("th", "มหาวิทยาลัยของเราจัดงานเทศกาลวัฒนธรรมอาเซียนทุกปีและนักศึกษาแสดงการรำพื้นเมือง", "วัฒนธรรม"),
        ("vi", "Bà tôi luôn gói bánh chưng vào dịp Tết và cả gia đình thức khuya trò chuyện với nhau.", "bánh chưng"),
        ("id", "Nenek saya selalu membuat kue lebaran untuk seluruh keluarga, dan kami begadang sampai larut malam.", "lebaran"),
        ("ms", "Universiti kami menganjurkan pesta kebudayaan setiap tahun dan pelajar-pelajar mempersembahkan tarian tradisional dari negeri masing-masing.", "kebudayaan"),
        ("fil", "Palaging nagluluto ang lola ko ng pansit tuwing kaarawan ng kahit sino sa pamilya namin.", "pansit"),
        ("km", "យាយរបស់ខ្ញុំតែងតែធ្វើនំអន្សមក្នុងពិធីបុណ្យភ្ជុំបិណ្ឌ។", "យាយ"),
        ("lo", "ແມ່ຕູ້ຂອງຂ້ອຍເຮັດເຂົ້າໜົມໃຫ້ທຸກຄົນໃນຄອບຄົວໃນບຸນປີໃໝ່.", "ຄອບຄົວ"),
        ("my", "အဖွားက သင်္ကြန်ပွဲတော်မှာ မိသားစုအားလုံးအတွက် မုန့်လုံးရေပေါ် လုပ်ပေးတယ်။", "သင်္ကြန်"),
    ];

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_word_in_each_of_the_eleven_languages_is_found_with_facets_and_pages(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("eleven");
        var community = await author.CreateCommunityAsync();
        var slug = community.GetProperty("slug").GetString()!;
        var other = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var ids = new Dictionary<string, Guid>();
        foreach (var (language, body, _) in Eleven)
        {
            // No language given: detection decides what is stored and searched.
            ids[language] = (await author.CreatePostAsync(slug, "Mekong " + language, body)).Id();
        }

        await author.CreatePostAsync(other, "Mekong elsewhere", "Another community writes about the Mekong too, in English this time.");

        foreach (var (language, _, word) in Eleven)
        {
            var hits = Hits(await SearchAsync(author, $"q={Q(word)}&community={slug}"));
            var hit = Assert.Single(hits, h => h.GetProperty("postId").GetGuid() == ids[language]);
            Assert.Equal(language, hit.GetProperty("language").GetString());
            Assert.Contains("<mark>", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);
            Assert.Single(hits);
        }

        // Facets: every language once in this community; the community facet counts both communities.
        var all = await SearchAsync(author, $"q=mekong&community={slug}");
        Assert.Equal(11, Hits(all).Count);
        var languages = all.GetProperty("facets").GetProperty("languages").EnumerateArray()
            .ToDictionary(f => f.GetProperty("value").GetString()!, f => f.GetProperty("count").GetInt32());
        Assert.Equal(Eleven.Select(e => e.Language).Order(StringComparer.Ordinal), languages.Keys.Order(StringComparer.Ordinal));
        Assert.All(languages.Values, count => Assert.Equal(1, count));
        var communities = all.GetProperty("facets").GetProperty("communities").EnumerateArray()
            .ToDictionary(f => f.GetProperty("slug").GetString()!, f => f.GetProperty("count").GetInt32());
        Assert.Equal(11, communities[slug]);
        Assert.Equal(1, communities[other]);

        var thai = Assert.Single(Hits(await SearchAsync(author, $"q=mekong&community={slug}&lang=th")));
        Assert.Equal(ids["th"], thai.GetProperty("postId").GetGuid());

        // Pages: 25 more posts with one word, newest first, no hit twice.
        for (var i = 0; i < 25; i++)
        {
            await author.CreatePostAsync(slug, $"Mekong page {i}", "Paging through the floating market reports number " + i);
        }

        var first = await SearchAsync(author, $"q=floating&community={slug}");
        Assert.Equal(SearchQueries.PageSize, Hits(first).Count);
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var second = await SearchAsync(author, $"q=floating&community={slug}&cursor={Q(cursor)}");
        Assert.Equal(25 - SearchQueries.PageSize, Hits(second).Count);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        var seen = Hits(first).Concat(Hits(second)).Select(h => h.GetProperty("postId").GetGuid()).ToList();
        Assert.Equal(25, seen.Distinct().Count());
        Assert.Equal(seen.OrderDescending(), seen);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Members_only_posts_are_hidden_from_outsiders_and_deleted_posts_are_gone(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("owner");
        var outsider = await app.RegisterAsync("outsider");
        var word = "Sampeah" + Guid.NewGuid().ToString("N")[..8];
        var closed = (await owner.CreateCommunityAsync(visibility: "membersOnly")).GetProperty("slug").GetString()!;
        await owner.CreatePostAsync(closed, "Private notes", $"Our club practised the {word} greeting today.");
        var open = (await owner.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var gone = await owner.CreatePostAsync(open, "Public notes", $"Everyone may read about the {word} greeting here.");
        var comment = await outsider.CommentAsync(gone.Id(), $"I learned the {word} greeting from my teacher.");
        using var anonymous = app.CreateClient();

        Assert.Equal(3, Hits(await SearchAsync(owner, $"q={word}")).Count);
        Assert.Equal(3, Hits(await SearchAsync(app.Admin, $"q={word}")).Count);
        var outside = Hits(await SearchAsync(outsider, $"q={word}"));
        Assert.Equal(2, outside.Count);
        Assert.All(outside, h => Assert.Equal(open, h.GetProperty("community").GetProperty("slug").GetString()));
        Assert.Contains(outside, h => h.GetProperty("kind").GetString() == "comment" && h.GetProperty("id").GetGuid() == comment.Id());
        Assert.Equal(2, Hits(await SearchAsync(anonymous, $"q={word}")).Count);

        await (await outsider.Client.DeleteAsync($"/api/v1/comments/{comment.Id()}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Single(Hits(await SearchAsync(outsider, $"q={word}")));
        await (await owner.Client.DeleteAsync($"/api/v1/posts/{gone.Id()}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Empty(Hits(await SearchAsync(outsider, $"q={word}")));
        Assert.Single(Hits(await SearchAsync(owner, $"q={word}")));

        // Restored, it is found again.
        await (await owner.Client.PostAsync($"/api/v1/posts/{gone.Id()}/restore", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(Hits(await SearchAsync(outsider, $"q={word}")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_vietnamese_query_finds_a_thai_post_through_its_vietnamese_translation(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("translated");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = await author.CreatePostAsync(slug, "สงกรานต์", "คุณยายทำขนมไทยให้ทุกคนในครอบครัวในวันสงกรานต์", language: "th");
        var community = post.GetProperty("communityId").GetGuid();
        using (var scope = app.Services.CreateScope())
        {
            var indexer = scope.ServiceProvider.GetRequiredService<ISearchIndexer>();
            await indexer.IndexAsync(
                new SearchDocument(SearchKind.Translation, post.Id(), post.Id(), community, "vi", "Tết Songkran", "Bà làm bánh Thái cho cả gia đình vào ngày Songkran.", DateTimeOffset.UtcNow), Ct);
        }

        var hit = Assert.Single(Hits(await SearchAsync(author, $"q={Q("bánh Thái")}&community={slug}")));
        Assert.Equal(post.Id(), hit.GetProperty("postId").GetGuid());
        Assert.Equal("translation", hit.GetProperty("kind").GetString());
        Assert.True(hit.GetProperty("viaTranslation").GetBoolean());
        Assert.Equal("vi", hit.GetProperty("language").GetString());
        Assert.Equal("Bà làm <mark>bánh</mark> <mark>Thái</mark> cho cả gia đình vào ngày Songkran.", hit.GetProperty("snippet").GetString());
        var thai = Assert.Single(Hits(await SearchAsync(author, $"q={Q("สงกรานต์")}&community={slug}")));
        Assert.Equal("post", thai.GetProperty("kind").GetString());

        await (await author.Client.DeleteAsync($"/api/v1/posts/{post.Id()}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Empty(Hits(await SearchAsync(author, $"q={Q("bánh Thái")}&community={slug}")));
        using var check = app.Services.CreateScope();
        Assert.False(await check.ServiceProvider.GetRequiredService<MekongDb>().SearchEntries.AnyAsync(e => e.SourceId == post.Id(), Ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Snippets_escape_html_and_edits_reindex(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("escape");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = await author.CreatePostAsync(slug, "Markup", "Write `<script>alert(1)</script>` and durian & mango are fine.");

        var hit = Assert.Single(Hits(await SearchAsync(author, $"q=durian&community={slug}")));
        var snippet = hit.GetProperty("snippet").GetString()!;
        Assert.DoesNotContain("<script>", snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>durian</mark> &amp; mango", snippet, StringComparison.Ordinal);

        await (await author.Client.PutAsync($"/api/v1/posts/{post.Id()}", System.Net.Http.Json.JsonContent.Create(new { body = "Now only rambutan is mentioned here." }), Ct))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(Hits(await SearchAsync(author, $"q=durian&community={slug}")));
        Assert.Single(Hits(await SearchAsync(author, $"q=RAMBUTAN&community={slug}")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Bad_input_is_a_problem_naming_the_field(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("bad");
        var client = member.Client;

        await (await client.GetAsync("/api/v1/search", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
        await (await client.GetAsync("/api/v1/search?q=%20%20", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
        await (await client.GetAsync("/api/v1/search?q=" + new string('a', SearchText.QueryChars + 1), Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
        await (await client.GetAsync("/api/v1/search?q=rice&lang=xx", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "lang");
        await (await client.GetAsync("/api/v1/search?q=rice&community=no-such-community-here", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "community");
        await (await client.GetAsync("/api/v1/search?q=rice&cursor=garbage", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "cursor");

        // Only punctuation: nothing to look for, an empty answer rather than an error.
        Assert.Empty(Hits(await SearchAsync(member, "q=" + Q("!!! ??? ..."))));
        // FTS5 and tsquery operators in the query are words, never syntax.
        Assert.Empty(Hits(await SearchAsync(member, "q=" + Q("\"NEAR( OR AND* ^col: & | ! <-> ' \\"))));

        // 1 MB of one Thai word in a post: a clear 4xx naming the body (or the request size), never a 5xx.
        var slug = (await member.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var huge = string.Concat(Enumerable.Repeat("สวัสดี", 1024 * 1024 / 18));
        var response = await client.PostAsync(
            $"/api/v1/communities/{slug}/posts", System.Net.Http.Json.JsonContent.Create(new { title = "ยาว", body = huge }), Ct);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"got {(int)response.StatusCode}");

        // Just under the post limit, the same word is stored, detected and searchable.
        var big = string.Concat(Enumerable.Repeat("สวัสดี", (Mekong.Platform.Limits.PostBodyBytes / 18) - 10));
        var post = await member.CreatePostAsync(slug, "ยาว", big);
        Assert.Equal("th", post.GetProperty("language").GetString());
        Assert.Single(Hits(await SearchAsync(member, $"q={Q("สวัสดี")}&community={slug}")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_search_page_shows_highlighted_hits_and_facets(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("page");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        await author.CreatePostAsync(slug, "ตลาดน้ำ", "เมื่อวานนี้ฉันไปตลาดน้ำกับเพื่อนและกินก๋วยเตี๋ยวเรืออร่อยมาก");
        using var anonymous = app.CreateClient();

        var html = await anonymous.GetStringAsync($"/search?q={Q("เพื่อน")}&community={slug}", Ct);
        Assert.Contains("<mark>เพื่อน</mark>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/c/{slug}\"", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/search\"", html, StringComparison.Ordinal);

        var empty = await anonymous.GetAsync("/search", Ct);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var bad = await anonymous.GetAsync("/search?q=rice&lang=xx", Ct);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("not a platform language", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_empty_index_over_existing_posts_is_filled_at_startup(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("backfill");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = await author.CreatePostAsync(slug, "Phở", "Sáng nào tôi cũng ăn phở bò ở quán đầu hẻm gần nhà.");
        await author.CommentAsync(post.Id(), "Quán đó có món phở gà ngon nhất quận.");

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        await db.SearchEntries.ExecuteDeleteAsync(Ct);
        Assert.Empty(Hits(await SearchAsync(author, $"q={Q("phở")}&community={slug}")));

        Assert.True(await SearchStore.BackfillAsync(db, Ct) >= 2);
        Assert.Equal(0, await SearchStore.BackfillAsync(db, Ct));
        Assert.Equal(2, Hits(await SearchAsync(author, $"q={Q("phở")}&community={slug}")).Count);
    }
}
