using System.Net;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;

namespace Mekong.Tests.Search;

/// <summary>Relevance order (BM25 on SQLite, ts_rank_cd on PostgreSQL), sort=newest, paging and capped facets (issue 10).</summary>
public sealed class SearchRelevanceTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> SearchAsync(Member who, string query) =>
        await (await who.Client.GetAsync("/api/v1/search?" + query, Ct)).ExpectAsync(HttpStatusCode.OK);

    private static List<Guid> PostIds(JsonElement result) => [.. result.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("postId").GetGuid())];

    /// <summary>A word no other test writes.</summary>
    private static string Word() => "rambutan" + Guid.NewGuid().ToString("N")[..8];

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_post_about_the_word_ranks_first_newest_breaks_ties_and_sort_newest_keeps_the_old_order(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("ranker");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var word = Word();
        var about = await author.CreatePostAsync(slug, $"All about {word}", $"The {word} season: {word} juice, {word} jam and {word} trees everywhere.");
        var older = await author.CreatePostAsync(slug, "Market notes", $"Saw one {word} at the stall near the bridge today, next to the mangoes.");
        var newer = await author.CreatePostAsync(slug, "Market notes", $"Saw one {word} at the stall near the bridge today, next to the mangoes.");

        var relevance = await SearchAsync(author, $"q={word}&community={slug}");
        Assert.Equal([about.Id(), newer.Id(), older.Id()], PostIds(relevance));
        Assert.Equal("relevance", relevance.GetProperty("sort").GetString());
        Assert.Equal(PostIds(relevance), PostIds(await SearchAsync(author, $"q={word}&community={slug}&sort=relevance")));

        var newest = await SearchAsync(author, $"q={word}&community={slug}&sort=newest");
        Assert.Equal([newer.Id(), older.Id(), about.Id()], PostIds(newest));
        Assert.Equal("newest", newest.GetProperty("sort").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Pages_under_relevance_have_no_duplicates_or_gaps(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("pager");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var word = Word();
        var ids = new List<Guid>();
        for (var i = 0; i < 45; i++)
        {
            var times = string.Join(' ', Enumerable.Repeat(word, 1 + (i % 4)));
            ids.Add((await author.CreatePostAsync(slug, $"Report {i}", $"Notes from the river market number {i}: {times}.")).Id());
        }

        var seen = new List<Guid>();
        string? cursor = null;
        for (var page = 0; page < 5; page++)
        {
            var result = await SearchAsync(author, $"q={word}&community={slug}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(PostIds(result));
            cursor = result.GetProperty("nextCursor").GetString();
            if (cursor is null)
            {
                break;
            }

            Assert.StartsWith("r.", cursor, StringComparison.Ordinal);
        }

        Assert.Null(cursor);
        Assert.Equal(45, seen.Count);
        Assert.Equal(ids.Order(), seen.Order());
        // The posts with the word four times come first (the newest of them first), those with it once last.
        Assert.Equal(ids[43], seen[0]);
        Assert.Equal(ids[0], seen[^1]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_bad_sort_or_a_cursor_of_the_other_order_is_a_problem(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        await (await client.GetAsync("/api/v1/search?q=rice&sort=oldest", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "sort");
        await (await client.GetAsync("/api/v1/search?q=rice&sort=r.1", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "sort");
        await (await client.GetAsync("/api/v1/search?q=rice&sort=relevance&cursor=r.zzzzzzzzzzzzzzzz.1", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "cursor");
        await (await client.GetAsync("/api/v1/search?q=rice&sort=newest&cursor=r.3ff0000000000000.1", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Facets_of_a_small_result_are_exact_and_not_capped(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("facets");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var word = Word();
        await author.CreatePostAsync(slug, "Fruit", $"We bought {word} at the night market by the river with our friends.", language: "en");
        await author.CreatePostAsync(slug, "Fruit again", $"Another basket of {word} from the same market this evening, very sweet.", language: "en");
        await author.CreatePostAsync(slug, "Buah", $"Kami membeli {word} di pasar malam dekat sungai bersama teman-teman kami.", language: "id");

        var result = await SearchAsync(author, $"q={word}&community={slug}");
        Assert.False(result.GetProperty("facetsCapped").GetBoolean());
        var languages = result.GetProperty("facets").GetProperty("languages").EnumerateArray().ToDictionary(f => f.GetProperty("value").GetString()!, f => f.GetProperty("count").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["en"] = 2, ["id"] = 1 }, languages);
        var community = Assert.Single(result.GetProperty("facets").GetProperty("communities").EnumerateArray());
        Assert.Equal(3, community.GetProperty("count").GetInt32());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Facets_above_the_cap_are_flagged_and_hits_still_rank_every_match(DatabaseProvider provider)
    {
        await using var app = await MekongApp.StartAsync(provider, apps.Postgres, new Dictionary<string, string?> { ["Search:FacetCap"] = "3" });
        var author = await app.RegisterAsync("capped");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var word = Word();
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await author.CreatePostAsync(slug, $"Note {i}", $"The river market sells {word} every morning, report {i}.")).Id());
        }

        var result = await SearchAsync(author, $"q={word}");
        Assert.True(result.GetProperty("facetsCapped").GetBoolean());
        Assert.Equal(ids.Order(), PostIds(result).Order());
        var community = Assert.Single(result.GetProperty("facets").GetProperty("communities").EnumerateArray());
        Assert.InRange(community.GetProperty("count").GetInt32(), 1, 3); // a lower bound, counted over the newest 3

        var small = await SearchAsync(author, $"q={word}+{Uri.EscapeDataString("report 2")}");
        Assert.False(small.GetProperty("facetsCapped").GetBoolean());

        var page = await (await author.Client.GetAsync($"/search?q={word}&sort=newest", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("class=\"facets-capped\"", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"newest\" selected=\"selected\">", page, StringComparison.Ordinal);
    }
}
