using System.Diagnostics;
using Mekong.Glossary;
using Mekong.Text;

namespace Mekong.Search.Bench;

/// <summary>
/// The glossary as translation uses it: how long a snapshot takes to build (paid after every edit), how long
/// <c>Constraints</c> takes on one sentence beside a naive peer (every form of the source language looked up with
/// <c>string.Contains</c>, ignoring case: no word boundaries, no normalization), and <c>Match</c> on long inputs.
/// </summary>
internal static class GlossaryBench
{
    private static readonly (string Language, string Text)[] Sentences =
    [
        ("zh-Hans", "今年春节我们回老家包饺子，吃年夜饭，还给孩子们发了红包。"),
        ("th", "ปีนี้เราไปเล่นน้ำสงกรานต์ที่เชียงใหม่แล้วกินข้าวเหนียวมะม่วงกับเพื่อน ๆ สนุกมาก"),
        ("vi", "Tết Nguyên Đán năm nay cả nhà gói bánh chưng và lì xì cho bọn trẻ."),
        ("en", "This Lunar New Year we made dumplings and gave red envelopes to the children."),
    ];

    public static void Run()
    {
        var now = DateTimeOffset.UtcNow;
        var starter = StarterGlossary.Load()
            .Select(c => new GlossaryConceptView(c.Id, c.Category, c.Note, now, now, 1, [.. c.Terms.Select(t => new GlossaryTermView(t.Language, t.Preferred, t.Allowed))]))
            .ToList();
        TextSegmenter.WarmUp();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; starter glossary: {starter.Count} concepts");

        var snapshot = new GlossarySnapshot(1, starter);
        Console.WriteLine($"snapshot build, starter glossary: {Median(5, () => _ = new GlossarySnapshot(1, starter)):F1} ms (median of 5)");
        var large = Enumerable.Range(0, 10_000).Select(i =>
        {
            var c = starter[i % starter.Count];
            return c with { Id = $"{c.Id}-{i}", Terms = [.. c.Terms.Select(t => new GlossaryTermView(t.Language, t.Preferred + i, [.. t.Allowed.Select(a => a + i)]))] };
        }).ToList();
        Console.WriteLine($"snapshot build, 10,000 concepts: {Median(3, () => _ = new GlossarySnapshot(1, large)):F0} ms (median of 3)");

        Console.WriteLine("Constraints(sentence, source, km) per call, beside the naive Contains peer:");
        foreach (var (language, text) in Sentences)
        {
            var forms = starter.Where(c => c.Term(language) is not null)
                .SelectMany(c => c.Term(language)!.Allowed.Prepend(c.Term(language)!.Preferred).Select(f => (c.Id, Form: f))).ToList();
            var found = snapshot.Constraints(text, language, "km").Count;
            var naiveFound = forms.Where(f => text.Contains(f.Form, StringComparison.OrdinalIgnoreCase)).Select(f => f.Id).Distinct().Count();
            var ours = PerCall(() => _ = snapshot.Constraints(text, language, "km"));
            var naive = PerCall(() => _ = forms.Where(f => text.Contains(f.Form, StringComparison.OrdinalIgnoreCase)).Select(f => f.Id).Distinct().Count());
            Console.WriteLine($"  {language,-8} {text.Length,3} chars: {ours,7:F1} µs, {found} concepts | naive {naive,7:F1} µs, {naiveFound} concepts | ratio {ours / naive:F2}x");
        }

        Console.WriteLine("Match on long inputs:");
        foreach (var (label, language, text) in new[]
        {
            ("1,000,000 x ก (one Thai 'word')", "th", new string('ก', 1_000_000)),
            ("สงกรานต์ x 125,000 (1M chars, unspaced Thai)", "th", string.Concat(Enumerable.Repeat("สงกรานต์", 125_000))),
            ("a Chinese sentence with punctuation x 1,200 (34k chars, a maximal 100 KB post)", "zh-Hans", string.Concat(Enumerable.Repeat(Sentences[0].Text, 1_200))),
            ("春节 x 16,000 (32k chars, one Han run)", "zh-Hans", string.Concat(Enumerable.Repeat("春节", 16_000))),
            ("春节 x 250,000 (500k chars, one Han run: the super-linear case)", "zh-Hans", string.Concat(Enumerable.Repeat("春节", 250_000))),
        })
        {
            var watch = Stopwatch.StartNew();
            var matches = snapshot.Match(text, language).Count;
            Console.WriteLine($"  {label}: {matches} matches in {watch.Elapsed.TotalMilliseconds:F0} ms");
        }
    }

    private static double Median(int runs, Action action)
    {
        var times = Enumerable.Range(0, runs).Select(_ =>
        {
            var watch = Stopwatch.StartNew();
            action();
            return watch.Elapsed.TotalMilliseconds;
        }).Order().ToList();
        return times[runs / 2];
    }

    private static double PerCall(Action action)
    {
        for (var i = 0; i < 200; i++)
        {
            action();
        }

        const int calls = 5_000;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            action();
        }

        return watch.Elapsed.TotalMicroseconds / calls;
    }
}
