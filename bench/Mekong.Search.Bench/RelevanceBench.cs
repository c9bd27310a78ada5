using System.Globalization;
using System.Text.Json;

namespace Mekong.Search.Bench;

/// <summary>
/// Relevance labels for nDCG@10, made from the demo corpus (src/Mekong/Platform/Demo/Data/posts, 396 posts in eleven
/// languages, each with 1–4 English topic tags). A query stands for one tag: either the tag itself as words (Latin
/// script: "noodles", "mid autumn", "luang prabang") or a hand-picked native word for it (月饼 for mooncake, ลาบ for
/// larb, phở for pho…). Grades: 2 — the post carries the tag and its title or body contains the query (normalized
/// tokens); 1 — the post carries the tag but says it in other words or another language (a topical neighbour, found
/// only through a translation); 0 — every other post, including posts that use the word without being about it.
/// Queries are kept when at least one grade-2 post exists; the 50 with the most tagged posts are used.
/// </summary>
internal static class RelevanceLabels
{
    public sealed record DemoPost(int Index, string Language, string Title, string Body, IReadOnlyList<string> Tags);

    public sealed record Labeled(string Query, string Tag, IReadOnlyDictionary<int, int> Grades);

    /// <summary>Native words for tags, checked against the corpus (unmatched ones are dropped).</summary>
    private static readonly (string Query, string Tag)[] Native =
    [
        ("月饼", "mooncake"), ("昆明", "kunming"), ("云南", "yunnan"), ("铁路", "railway"), ("南宁", "nanning"),
        ("福建", "hokkien"), ("河粉", "pho"), ("ลาบ", "larb"), ("ส้มตำ", "somtam"), ("รถไฟ", "railway"),
        ("กรุงเทพ", "bangkok"), ("ລາບ", "larb"), ("ວຽງຈັນ", "vientiane"), ("ລົດໄຟ", "railway"), ("អាម៉ុក", "amok"),
        ("អប្សរា", "apsara"), ("မုန့်ဟင်းခါး", "mohinga"), ("ရန်ကုန်", "yangon"), ("သင်္ကြန်", "thingyan"), ("phở", "pho"),
        ("Tết", "tet"), ("bánh xèo", "banh-xeo"), ("đường sắt", "railway"), ("月餅", "mooncake"), ("鐵路", "railway"),
        ("中秋", "mid-autumn"), ("春节", "spring-festival"), ("ເຂົ້າໜຽວ", "sticky-rice"), ("ทุเรียน", "durian"), ("sầu riêng", "durian"),
    ];

    public static List<DemoPost> LoadDemo(string folder)
    {
        var posts = new List<DemoPost>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var language = Path.GetFileNameWithoutExtension(file);
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var p in json.RootElement.EnumerateArray())
            {
                posts.Add(new DemoPost(posts.Count, language, p.GetProperty("title").GetString()!, p.GetProperty("body").GetString()!,
                    [.. p.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)]));
            }
        }

        return posts;
    }

    public static List<Labeled> Make(List<DemoPost> posts, int count = 50)
    {
        var tokens = posts.ToDictionary(p => p.Index, p => " " + SearchText.Prepare(p.Title + "\n" + p.Body) + " ");
        var tagged = posts.SelectMany(p => p.Tags.Select(t => (Tag: t, Post: p))).GroupBy(x => x.Tag, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Post).ToList(), StringComparer.Ordinal);
        var candidates = tagged.Where(t => t.Value.Count >= 3).OrderByDescending(t => t.Value.Count).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => (Query: t.Key.Replace('-', ' '), Tag: t.Key)).Concat(Native);
        var labeled = new List<Labeled>();
        foreach (var (query, tag) in candidates)
        {
            if (!tagged.TryGetValue(tag, out var about))
            {
                continue;
            }

            var phrases = SearchText.Query(query).Select(t => " " + string.Join(' ', t) + " ").ToList();
            var grades = about.ToDictionary(p => p.Index, p => phrases.All(ph => tokens[p.Index].Contains(ph, StringComparison.Ordinal)) ? 2 : 1);
            if (grades.Values.Any(g => g == 2) && labeled.All(l => l.Query != query))
            {
                labeled.Add(new Labeled(query, tag, grades));
            }
        }

        // Half native-word queries where the corpus allows, the rest tag words, most-tagged first.
        var native = labeled.Where(l => Native.Any(n => n.Query == l.Query)).ToList();
        var words = labeled.Except(native).ToList();
        return [.. native.Take(count / 2), .. words.Take(count - Math.Min(native.Count, count / 2))];
    }

    /// <summary>nDCG@10 with gains 2^grade − 1.</summary>
    public static double Ndcg(IReadOnlyList<int> ranked, IReadOnlyDictionary<int, int> grades, int k = 10)
    {
        static double Gain(int grade) => Math.Pow(2, grade) - 1;
        var dcg = ranked.Take(k).Select((post, i) => Gain(grades.GetValueOrDefault(post)) / Math.Log2(i + 2)).Sum();
        var ideal = grades.Values.OrderDescending().Take(k).Select((g, i) => Gain(g) / Math.Log2(i + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }

    public static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
