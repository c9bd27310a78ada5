using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Running;
using Mekong.Text.Bench;
using Mekong.Text.Tests;

// prepare <folder> [megabytes]  — writes posts.txt, terms.txt, variants.tsv, clean.txt (the npm peers read them)
// screen <folder>               — Mekong.Text on those files: MB/s (one thread), per-post p50/p99, recall; JSON
// anything else                 — BenchmarkDotNet (e.g. --filter '*' --job short)
if (args.Length >= 2 && args[0] == "prepare")
{
    int megabytes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
    var corpus = Corpus.Build(FindRepositoryRoot(), megabytes);
    corpus.Write(args[1]);
    foreach (string source in Corpus.Sources)
    {
        Console.Error.WriteLine("also read " + source);
    }
    Console.Error.WriteLine($"{corpus.Posts.Count} posts, {corpus.Utf8Bytes / 1048576.0:F1} MiB, {corpus.Terms.Count} terms, {corpus.Variants.Count} variants");
    return 0;
}
if (args.Length >= 2 && args[0] == "screen")
{
    Console.WriteLine(Screen.Run(Corpus.Read(args[1])));
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Screen).Assembly).Run(args);
return 0;

static string FindRepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
    {
        directory = directory.Parent;
    }
    return directory?.FullName ?? Directory.GetCurrentDirectory();
}

namespace Mekong.Text.Bench
{
    internal static class Screen
    {
        public static TermMatcher BuildMatcher(IEnumerable<string> terms)
        {
            var options = ObfuscationSuite.Terms.ToDictionary(t => t.Text, t => t.Options, StringComparer.Ordinal);
            return TermMatcher.Build(terms.Select((t, i) => new WatchedTerm(i, t, options.GetValueOrDefault(t))));
        }

        public static string Run(Corpus corpus)
        {
            var build = Stopwatch.StartNew();
            var matcher = BuildMatcher(corpus.Terms);
            build.Stop();
            TextSegmenter.WarmUp();
            var results = new List<TermMatch>();

            // Warm up until the JIT has settled (tiered compilation promotes hot methods to optimized code in the
            // background: on one core that takes a few seconds of running), then three timed passes over the whole
            // corpus; the best is kept.
            var warmUp = Stopwatch.StartNew();
            while (warmUp.Elapsed.TotalSeconds < 5)
            {
                foreach (string post in corpus.Posts)
                {
                    results.Clear();
                    matcher.FindAll(post, results);
                }
            }
            double bestSeconds = double.MaxValue;
            long matches = 0;
            for (int pass = 0; pass < 3; pass++)
            {
                matches = 0;
                long start = Stopwatch.GetTimestamp();
                foreach (string post in corpus.Posts)
                {
                    results.Clear();
                    matches += matcher.FindAll(post, results);
                }
                bestSeconds = Math.Min(bestSeconds, Stopwatch.GetElapsedTime(start).TotalSeconds);
                Console.Error.WriteLine($"pass {pass}: {Stopwatch.GetElapsedTime(start).TotalSeconds:F3} s");
            }

            // Per-post latency, each ~1 KB post timed alone.
            var latencies = new double[corpus.Posts.Count];
            for (int i = 0; i < corpus.Posts.Count; i++)
            {
                long start = Stopwatch.GetTimestamp();
                results.Clear();
                matcher.FindAll(corpus.Posts[i], results);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
            if (Environment.GetEnvironmentVariable("MEKONG_BENCH_SLOWEST") is { } slowest)
            {
                var order = Enumerable.Range(0, latencies.Length).OrderByDescending(i => latencies[i]).Take(int.Parse(slowest, CultureInfo.InvariantCulture));
                foreach (int i in order)
                {
                    Console.Error.WriteLine($"{latencies[i]:F0} us  post {i}: {corpus.Posts[i][..Math.Min(80, corpus.Posts[i].Length)]}");
                }
                Console.Error.WriteLine($"sum {latencies.Sum() / 1e6:F3} s");
            }
            Array.Sort(latencies);

            int caught = corpus.Variants.Count(v => matcher.FindAll(v.Text).Any(m => m.TermId == v.Term));
            // A clean sentence is flagged when one of the suite's terms matches it (the 10,000 terms include
            // ordinary words of each language, which clean sentences may well contain).
            var suiteTerms = corpus.Variants.Select(v => v.Term).ToHashSet();
            int flaggedClean = corpus.Clean.Count(s => matcher.FindAll(s).Any(m => suiteTerms.Contains(m.TermId)));
            double megabytes = corpus.Utf8Bytes / 1048576.0;
            return JsonSerializer.Serialize(new
            {
                engine = "Mekong.Text",
                terms = corpus.Terms.Count,
                automatonStates = matcher.StateCount,
                buildMs = Math.Round(build.Elapsed.TotalMilliseconds),
                megabytes = Math.Round(megabytes, 2),
                posts = corpus.Posts.Count,
                mbPerSecond = Math.Round(megabytes / bestSeconds, 1),
                p50Microseconds = Math.Round(Percentile(latencies, 0.50), 1),
                p99Microseconds = Math.Round(Percentile(latencies, 0.99), 1),
                matches,
                variants = corpus.Variants.Count,
                recall = Math.Round((double)caught / corpus.Variants.Count, 3),
                cleanSentences = corpus.Clean.Count,
                cleanFlagged = flaggedClean,
            });
        }

        private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }
}
