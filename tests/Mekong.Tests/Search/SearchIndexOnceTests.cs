using System.Net;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Search;
using Mekong.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Search;

/// <summary>
/// Each text is indexed once (issue 9, defect 8): a post's title belongs to the post, not to each of its comments,
/// so a comment is found only by its own words, and what matched is highlighted where it matched. The rows are the
/// demo's own (a Chinese post with a Thai comment, a Thai post with a Chinese comment).
/// </summary>
public sealed class SearchIndexOnceTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<JsonElement>> HitsAsync(Member who, string query) =>
        [.. (await (await who.Client.GetAsync("/api/v1/search?" + query, Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("hits").EnumerateArray()];

    private static string Q(string text) => Uri.EscapeDataString(text);

    private static string S(JsonElement hit, string name) => hit.GetProperty(name).GetString()!;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_word_of_a_post_title_finds_the_post_not_its_comments(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("concert", "CN", ["zh-Hans"]);
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = await author.CreatePostAsync(slug, "泰国男团要来上海开演唱会了！", "听说他们下个月就到，大家准备好了吗？", language: "zh-Hans");
        await author.CommentAsync(post.Id(), "มาเซี่ยงไฮ้จริงเหรอ ดีใจมาก!");
        await author.CommentAsync(post.Id(), "抢票前记得先实名认证。");

        var hit = Assert.Single(await HitsAsync(author, $"q={Q("演唱会")}&community={slug}"));
        Assert.Equal("post", S(hit, "kind"));
        Assert.Equal(post.Id(), hit.GetProperty("postId").GetGuid());
        Assert.Contains("<mark>演唱会</mark>", S(hit, "titleHtml"), StringComparison.Ordinal);
        Assert.Equal($"/p/{post.Id()}", S(hit, "link"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_comment_is_found_by_its_own_words_highlighted_and_linked_to_its_anchor(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("durian");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var rail = await author.CreatePostAsync(slug, "ส่งทุเรียนไปจีนทางรถไฟลาว–จีน คุ้มไหม", "ส่งทุเรียนจากจันทบุรีขึ้นรถไฟที่เวียงจันทน์ ใช้เวลาสองวันถึงคุนหมิง", language: "th");
        var question = await author.CommentAsync(rail.Id(), "榴莲到昆明的时候品质怎么样？");
        var pastry = await author.CreatePostAsync(slug, "ขนมเปี๊ยะไทยกับโฮเปียฟิลิปปินส์", "ขนมเปี๊ยะของไทยกับโฮเปียของฟิลิปปินส์มาจากขนมจีนแบบเดียวกัน", language: "th");
        await author.CommentAsync(pastry.Id(), "Ube hopia is the best flavour!");
        var filling = await author.CommentAsync(pastry.Id(), "ขนมเปี๊ยะไส้ทุเรียนไข่เค็มของไทยก็อร่อยนะ");

        var hits = await HitsAsync(author, $"q={Q("ทุเรียน")}&community={slug}");

        Assert.Equal(2, hits.Count);
        Assert.DoesNotContain(hits, h => h.GetProperty("id").GetGuid() == question.Id());
        // Every hit shows the word where it was found: in the title or the text of what matched.
        Assert.All(hits, h => Assert.Contains("<mark>ทุเรียน</mark>", S(h, "titleHtml") + S(h, "snippet"), StringComparison.Ordinal));
        var post = Assert.Single(hits, h => S(h, "kind") == "post");
        Assert.Equal(rail.Id(), post.GetProperty("postId").GetGuid());
        var comment = Assert.Single(hits, h => S(h, "kind") == "comment");
        Assert.Equal(filling.Id(), comment.GetProperty("id").GetGuid());
        Assert.Contains("<mark>ทุเรียน</mark>", S(comment, "snippet"), StringComparison.Ordinal);
        Assert.DoesNotContain("<mark>", S(comment, "titleHtml"), StringComparison.Ordinal); // the post's title only labels the comment
        Assert.Equal($"/p/{pastry.Id()}#c-{filling.Id()}", S(comment, "link"));

        // The search page links the comment hit to the comment's anchor, which the post page carries.
        var page = await author.Client.GetStringAsync($"/search?q={Q("ทุเรียน")}&community={slug}", Ct);
        Assert.Contains($"href=\"/p/{pastry.Id()}#c-{filling.Id()}\"", page, StringComparison.Ordinal);
        var postPage = await author.Client.GetStringAsync($"/p/{pastry.Id()}", Ct);
        Assert.Contains($"id=\"c-{filling.Id()}\"", postPage, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Comments_indexed_the_old_way_are_indexed_again_by_the_backfill(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("reindex");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = await author.CreatePostAsync(slug, "Hội chợ sách", "Hội chợ sách năm nay có rất nhiều sách thiếu nhi.", language: "vi");
        var comment = await author.CommentAsync(post.Id(), "Tôi đã mua ba cuốn truyện tranh ở đó.");

        // The upgrade removes comment rows (they carried their post's title); the backfill indexes comments again.
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        await db.SearchEntries.Where(e => e.Kind == SearchKind.Comment).ExecuteDeleteAsync(Ct);
        Assert.True(await SearchStore.BackfillAsync(db, Ct) >= 1);
        Assert.Equal(0, await SearchStore.BackfillAsync(db, Ct));

        var hit = Assert.Single(await HitsAsync(author, $"q={Q("truyện tranh")}&community={slug}"));
        Assert.Equal(comment.Id(), hit.GetProperty("id").GetGuid());
        var title = Assert.Single(await HitsAsync(author, $"q={Q("hội chợ")}&community={slug}"));
        Assert.Equal("post", S(title, "kind"));
    }
}
