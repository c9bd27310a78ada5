using System.Diagnostics;
using System.Net;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Mekong.Translation;

namespace Mekong.Tests.Translation;

/// <summary>
/// Figures for docs/benchmarks.md, run on demand:
/// <c>dotnet test tests/Mekong.Tests -c Release --filter "FullyQualifiedName~TranslationMeasurements" -- xUnit.Explicit=on</c>.
/// </summary>
public sealed class TranslationMeasurements(Apps apps, ITestOutputHelper output) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Explicit = true)]
    public async Task Memory_hits_misses_single_flight_and_fuzzy_matching()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        await using var site = await TranslationSite.StartAsync(app, "openai", new() { ["Translation:DailyBudget"] = "0" });
        var author = await app.RegisterAsync("author", "TH", ["th"]);
        var community = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        using var reader = site.As(null);
        var posts = new List<Guid>();
        for (var i = 0; i < 100; i++)
        {
            posts.Add((await author.CreatePostAsync(community, $"สงกรานต์ปีนี้ {i}", $"ไปเล่นน้ำที่เชียงใหม่กับเพื่อน ๆ ครั้งที่ {i} " + Guid.NewGuid(), language: "th")).Id());
        }

        async Task<double> TimeAsync(Guid post)
        {
            var watch = Stopwatch.StartNew();
            var response = await reader.GetAsync($"/api/v1/posts/{post}/translations/vi", Ct);
            await response.ExpectAsync(HttpStatusCode.OK);
            return watch.Elapsed.TotalMilliseconds;
        }

        // Warm-up, then misses (a provider call to the local stub each) and hits (memory only).
        await TimeAsync(posts[0]);
        var misses = new List<double>();
        foreach (var post in posts.Skip(1))
        {
            misses.Add(await TimeAsync(post));
        }

        var hits = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            foreach (var post in posts)
            {
                hits.Add(await TimeAsync(post));
            }
        }

        output.WriteLine($"miss (stub provider on 127.0.0.1, glossary check, store): p50 {P(misses, 50):F2} ms, p99 {P(misses, 99):F2} ms, n={misses.Count}");
        output.WriteLine($"hit (translation memory): p50 {P(hits, 50):F2} ms, p99 {P(hits, 99):F2} ms, n={hits.Count}");

        // 32 concurrent readers of one fresh post, provider taking 200 ms: one call.
        site.Stub.Delay = TimeSpan.FromMilliseconds(200);
        var fresh = (await author.CreatePostAsync(community, "ลอยกระทง", "คืนวันเพ็ญ " + Guid.NewGuid(), language: "th")).Id();
        var before = site.Stub.Calls;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => TimeAsync(fresh)));
        output.WriteLine($"single flight: 32 concurrent readers -> {site.Stub.Calls - before} provider call(s), all answered in {watch.Elapsed.TotalMilliseconds:F0} ms");

        // Fuzzy matching: a post against the 500-entry window of its language pair.
        var texts = Enumerable.Range(0, 500).Select(i => $"เทศกาลสงกรานต์ที่เชียงใหม่ ปีที่ {i} เล่นน้ำที่คูเมืองกับเพื่อน ๆ สนุกมาก {Guid.NewGuid()}").ToList();
        var probe = texts[250].Replace("สนุกมาก", "สนุกสุด ๆ", StringComparison.Ordinal);
        watch.Restart();
        var found = texts.Where(t => FuzzyMatch.LengthsCompatible(t.Length, probe.Length)).Count(t => FuzzyMatch.Similarity(probe, t) >= FuzzyMatch.Threshold);
        output.WriteLine($"fuzzy: 500 candidates scored in {watch.Elapsed.TotalMilliseconds:F1} ms, {found} at >= 85%");
        Assert.True(found >= 1);
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
