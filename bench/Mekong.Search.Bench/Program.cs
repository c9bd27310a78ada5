using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Mekong.Accounts;
using Mekong.Communities;
using Mekong.LanguageDetection;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Posts;
using Mekong.Search;
using Mekong.Search.Bench;
using Mekong.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

// glossary                        — the cultural glossary: snapshot build, Constraints per sentence beside a naive
//                                   Contains scan, Match on long inputs
// detect [posts]                  — language detection + segmentation throughput (posts/s, one thread) on a mixed corpus
// search [posts] [queries] [dir] [workers]
//                                 — builds a SQLite site of [posts] posts (default 200,000) and a Lucene.Net index of the
//                                   same rows, runs [queries] searches (default 1,000) with [workers] (default 8) at once
//                                   through SearchQueries newest-first, SearchQueries by relevance, a LIKE '%term%' scan
//                                   and Lucene; prints JSON, then markdown table rows
// relevance [posts] [dir]         — nDCG@10 of 50 labeled queries (RelevanceLabels) on the demo posts among [posts]
//                                   (default 20,000) generated ones: newest-first, BM25 (Mekong) and Lucene
var mode = args.Length > 0 ? args[0] : "detect";
var invariant = CultureInfo.InvariantCulture;
if (mode == "detect")
{
    var count = args.Length > 1 ? int.Parse(args[1], invariant) : 20_000;
    Console.WriteLine(Detect(count));
    return 0;
}

if (mode == "glossary")
{
    GlossaryBench.Run();
    return 0;
}

if (mode == "search")
{
    var posts = args.Length > 1 ? int.Parse(args[1], invariant) : 200_000;
    var queries = args.Length > 2 ? int.Parse(args[2], invariant) : 1_000;
    var folder = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "mekong-search-bench");
    var workers = args.Length > 4 ? int.Parse(args[4], invariant) : 8;
    Console.WriteLine(await SearchAsync(posts, queries, folder, workers));
    return 0;
}

if (mode == "relevance")
{
    var posts = args.Length > 1 ? int.Parse(args[1], invariant) : 20_000;
    var folder = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "mekong-search-bench");
    Console.WriteLine(await RelevanceAsync(posts, folder));
    return 0;
}

Console.Error.WriteLine("usage: detect [posts] | search [posts] [queries] [folder] [workers] | relevance [posts] [folder] | glossary");
return 2;

static string Detect(int count)
{
    var random = new Random(20261125);
    var corpus = Enumerable.Range(0, count).Select(n => Sentences.Post(random, n)).ToList();
    var detector = new LanguageDetector();
    var load = Stopwatch.StartNew();
    LanguageDetector.WarmUp();
    load.Stop();
    TextSegmenter.WarmUp();
    foreach (var (_, title, body) in corpus.Take(2_000))
    {
        detector.Detect(body, null);
        SearchText.Prepare(title + "\n" + body);
    }

    var correct = 0;
    var watch = Stopwatch.StartNew();
    foreach (var (language, _, body) in corpus)
    {
        correct += detector.Detect(body, null).Language == language ? 1 : 0;
    }

    var detectSeconds = watch.Elapsed.TotalSeconds;
    watch.Restart();
    foreach (var (_, title, body) in corpus)
    {
        SearchText.Prepare(title + "\n" + body);
    }

    var segmentSeconds = watch.Elapsed.TotalSeconds;
    watch.Restart();
    foreach (var (_, title, body) in corpus)
    {
        detector.Detect(body, null);
        SearchText.Prepare(title + "\n" + body);
    }

    var bothSeconds = watch.Elapsed.TotalSeconds;
    return JsonSerializer.Serialize(new
    {
        posts = count,
        languages = Sentences.All.Length,
        averageChars = Math.Round(corpus.Average(p => p.Body.Length)),
        modelLoadMs = Math.Round(load.Elapsed.TotalMilliseconds),
        detectPostsPerSecond = Math.Round(count / detectSeconds),
        segmentPostsPerSecond = Math.Round(count / segmentSeconds),
        detectAndSegmentPostsPerSecond = Math.Round(count / bothSeconds),
        detectionAccuracy = Math.Round((double)correct / count, 4),
        heapMiB = Math.Round(GC.GetTotalMemory(false) / 1048576.0),
    });
}

static async Task<string> SearchAsync(int count, int queryCount, string folder, int workers)
{
    Directory.CreateDirectory(folder);
    var file = Path.Combine(folder, $"bench-{count}.db");
    var connectionString = $"Data Source={file}";
    DbContextOptions<SqliteMekongDb> options = new DbContextOptionsBuilder<SqliteMekongDb>().UseSqlite(connectionString).Options;
    SqliteMekongDb Open() => new(options);

    var build = Stopwatch.StartNew();
    var built = File.Exists(file);
    if (!built)
    {
        await using var db = Open();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await db.Database.MigrateAsync();
        await SearchStore.EnsureAsync(db);
        await FillAsync(db, count, []);
    }

    build.Stop();
    await using (var db = Open())
    {
        await db.Database.MigrateAsync();
        await SearchStore.EnsureAsync(db);
    }

    TextSegmenter.WarmUp();
    using var lucene = LucenePeer.Open(connectionString, Path.Combine(folder, $"lucene-{count}"));
    var hidden = await HiddenCommunitiesAsync(connectionString);

    // The query mix, in turn: single words cut from the templates of every language (Thai, Lao, Khmer, Burmese and
    // Chinese words are dictionary words; common ones match ~10,000 posts), per-post code words (rare: ~40 posts),
    // two-word queries, and words that occur nowhere.
    var random = new Random(7);
    var words = Sentences.All.SelectMany(l => l.Lines).SelectMany(line => SearchText.Tokenize(line).Select(t => line[t.Start..t.End])).Distinct().ToArray();
    var queries = Enumerable.Range(0, queryCount).Select(i => (i % 10) switch
    {
        < 5 => words[random.Next(words.Length)],
        < 7 => "code" + random.Next(5000).ToString("D4", CultureInfo.InvariantCulture),
        < 9 => words[random.Next(words.Length)] + " " + words[random.Next(words.Length)],
        _ => "zzq" + random.Next(100_000).ToString(CultureInfo.InvariantCulture),
    }).ToList();

    var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
    Func<string, Task<int>> Mekong(string sort) => async q =>
    {
        await using var db = Open();
        var result = await new SearchQueries(db, new CommunityQueries(db)).SearchAsync(q, null, null, null, sort, anonymous, new Errors());
        return result!.Hits.Count;
    };

    async Task<int> Peer(string q)
    {
        // The peer: what a site without a full-text index does — a LIKE scan per word, newest first, one page.
        var terms = q.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, PostId, Title, Text FROM search_entries WHERE "
            + string.Join(" AND ", terms.Select((_, i) => $"(Title LIKE $p{i} OR Text LIKE $p{i})"))
            + " ORDER BY PostId DESC, Id DESC LIMIT 21";
        for (var i = 0; i < terms.Length; i++)
        {
            command.Parameters.AddWithValue($"$p{i}", "%" + terms[i] + "%");
        }

        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return Math.Min(rows, SearchQueries.PageSize);
    }

    Task<int> Lucene(string q) => Task.FromResult(lucene.Search(q, hidden, SearchQueries.PageSize).Posts.Count);

    var engines = new (string Name, Func<string, Task<int>> Run)[]
    {
        ("Mekong newest-first (FTS5, before issue 10's ranking)", Mekong("newest")),
        ("Mekong BM25 relevance (FTS5, top-k, capped facets)", Mekong("relevance")),
        ("peer: LIKE '%term%' scan, newest first", Peer),
        ("Lucene.Net 4.8 BM25 (ICU analysis)", Lucene),
    };
    foreach (var (_, run) in engines)
    {
        foreach (var q in queries.Take(50))
        {
            await run(q);
        }
    }

    // The engines take turns over five slices of the queries, so a change in the machine's load (it is shared) falls on
    // all of them alike.
    var times = engines.Select(_ => (Ms: new List<double>(), Hits: 0, Seconds: 0.0)).ToArray();
    foreach (var slice in queries.Chunk(Math.Max(1, queries.Count / 5)))
    {
        for (var e = 0; e < engines.Length; e++)
        {
            var (ms, hits, seconds) = await ConcurrentAsync([.. slice], workers, engines[e].Run);
            times[e] = (times[e].Ms, times[e].Hits + hits, times[e].Seconds + seconds);
            times[e].Ms.AddRange(ms);
        }
    }

    var results = engines.Select((e, i) => (e.Name, Ms: times[i].Ms.Order().ToArray(), times[i].Hits, times[i].Seconds)).ToList();

    var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    Console.Error.WriteLine(JsonSerializer.Serialize(new
    {
        posts = count,
        reusedDatabase = built,
        buildSeconds = built ? (double?)null : Math.Round(build.Elapsed.TotalSeconds, 1),
        luceneBuildSeconds = Math.Round(LucenePeer.BuildSeconds, 1),
        databaseMiB = Math.Round(new FileInfo(file).Length / 1048576.0),
        queries = queryCount,
        workers,
        loadAverage = load,
        engines = results.Select(r => new { r.Name, summary = Summary(r.Ms, r.Hits), queriesPerSecond = Math.Round(queryCount / r.Seconds) }),
    }));
    var rows = new List<string>
    {
        string.Create(CultureInfo.InvariantCulture, $"| search engine ({count:N0} posts, {workers} concurrent, {queryCount:N0} queries, load {load}) | p50 | p90 | p99 | queries/s | p99 vs Lucene |"),
        "|---|---:|---:|---:|---:|---:|",
    };
    var luceneP99 = P(results[^1].Ms, 0.99);
    foreach (var (name, ms, _, seconds) in results)
    {
        rows.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {P(ms, 0.5):0.0} ms | {P(ms, 0.9):0.0} ms | {P(ms, 0.99):0.0} ms | {queryCount / seconds:0} | {P(ms, 0.99) / luceneP99:0.0}× |"));
    }

    return string.Join('\n', rows);
}

static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];

static async Task<List<string>> HiddenCommunitiesAsync(string connectionString)
{
    await using var connection = new SqliteConnection(connectionString);
    await connection.OpenAsync();
    await using var command = connection.CreateCommand();
    command.CommandText = "SELECT Id FROM communities WHERE Visibility = 'MembersOnly'";
    var ids = new List<string>();
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
        ids.Add(reader.GetString(0));
    }

    return ids;
}

static async Task<string> RelevanceAsync(int count, string folder)
{
    Directory.CreateDirectory(folder);
    var file = Path.Combine(folder, $"relevance-{count}.db");
    File.Delete(file);
    var lucenePath = Path.Combine(folder, $"lucene-relevance-{count}");
    if (Directory.Exists(lucenePath))
    {
        Directory.Delete(lucenePath, true);
    }

    var connectionString = $"Data Source={file};Pooling=False";
    DbContextOptions<SqliteMekongDb> options = new DbContextOptionsBuilder<SqliteMekongDb>().UseSqlite(connectionString).Options;
    SqliteMekongDb Open() => new(options);
    var demo = RelevanceLabels.LoadDemo(Path.Combine("src", "Mekong", "Platform", "Demo", "Data", "posts"));
    var labels = RelevanceLabels.Make(demo);
    Dictionary<Guid, int> demoIds;
    await using (var db = Open())
    {
        await db.Database.MigrateAsync();
        await SearchStore.EnsureAsync(db);
        demoIds = await FillAsync(db, count, demo);
    }

    TextSegmenter.WarmUp();
    using var lucene = LucenePeer.Open(connectionString, lucenePath);
    var hidden = await HiddenCommunitiesAsync(connectionString);
    var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
    var byText = demoIds.ToDictionary(p => p.Key.ToString(), p => p.Value, StringComparer.OrdinalIgnoreCase);
    async Task<List<int>> Mekong(string q, string sort)
    {
        await using var db = Open();
        var result = await new SearchQueries(db, new CommunityQueries(db)).SearchAsync(q, null, null, null, sort, anonymous, new Errors());
        return [.. result!.Hits.Select(h => h.PostId).Distinct().Take(10).Select(id => demoIds.GetValueOrDefault(id, -1))];
    }

    List<int> Lucene(string q) => [.. lucene.Search(q, hidden, 30).Posts.Distinct().Take(10).Select(id => byText.GetValueOrDefault(id, -1))];

    var scores = new List<(string Query, double Newest, double Bm25, double Lucene)>();
    foreach (var label in labels)
    {
        scores.Add((label.Query,
            RelevanceLabels.Ndcg(await Mekong(label.Query, "newest"), label.Grades),
            RelevanceLabels.Ndcg(await Mekong(label.Query, "relevance"), label.Grades),
            RelevanceLabels.Ndcg(Lucene(label.Query), label.Grades)));
    }

    Console.Error.WriteLine(JsonSerializer.Serialize(new
    {
        demoPosts = demo.Count,
        generatedPosts = count,
        queries = labels.Count,
        perQuery = scores.Select(s => new { s.Query, newest = Math.Round(s.Newest, 3), bm25 = Math.Round(s.Bm25, 3), lucene = Math.Round(s.Lucene, 3) }),
    }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    var native = scores.Where((_, i) => labels[i].Query != labels[i].Tag.Replace('-', ' ')).ToList();
    var tagWords = scores.Except(native).ToList();
    string Row(string name, Func<(string Query, double Newest, double Bm25, double Lucene), double> pick) =>
        $"| {name} | {RelevanceLabels.F(scores.Average(pick))} | {RelevanceLabels.F(tagWords.Average(pick))} | {RelevanceLabels.F(native.Average(pick))} |";
    return string.Join('\n',
        string.Create(CultureInfo.InvariantCulture, $"| relevance ({labels.Count} queries, {demo.Count} demo posts among {count:N0} generated) | nDCG@10 all | {tagWords.Count} tag-word queries | {native.Count} native-word queries |"),
        "|---|---:|---:|---:|",
        Row("Mekong newest-first", s => s.Newest),
        Row("Mekong BM25 (FTS5)", s => s.Bm25),
        Row("Lucene.Net BM25 (ICU)", s => s.Lucene));
}

static async Task<(double[] Ms, int Hits, double Seconds)> ConcurrentAsync(List<string> queries, int workers, Func<string, Task<int>> run)
{
    var ms = new double[queries.Count];
    var hits = 0;
    var next = -1;
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < queries.Count)
        {
            var start = Stopwatch.GetTimestamp();
            Interlocked.Add(ref hits, await run(queries[i]));
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
    })));
    wall.Stop();
    Array.Sort(ms);
    return (ms, hits, wall.Elapsed.TotalSeconds);
}

static object Summary(double[] sorted, int hits) => new
{
    p50Ms = Math.Round(sorted[sorted.Length / 2], 2),
    p90Ms = Math.Round(sorted[(int)(sorted.Length * 0.90)], 2),
    p99Ms = Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], 2),
    meanMs = Math.Round(sorted.Average(), 2),
    hitsReturned = hits,
};

// Fills a bench site with [count] generated posts and the demo posts spread among them in time; returns the demo
// posts' ids.
static async Task<Dictionary<Guid, int>> FillAsync(MekongDb db, int count, List<RelevanceLabels.DemoPost> demo)
{
    var author = new User { UserName = "bench@bench.mekong", Email = "bench@bench.mekong", DisplayName = "Bench", HomeCountry = "TH" };
    db.Users.Add(author);
    var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    var communities = Enumerable.Range(0, 20).Select(i => i < 2 ? CommunityVisibility.MembersOnly : CommunityVisibility.Public).Select((visibility, i) => new Community(
        $"bench-{i}", $"Bench community {i}", "", CommunityKind.InterestClub, visibility, Community.DefaultJoinPolicy(visibility), "en", author.Id, start)).ToList();
    db.Communities.AddRange(communities);
    await db.SaveChangesAsync();
    db.ChangeTracker.Clear();

    var random = new Random(20261125);
    const int batch = 5_000;
    var demoIds = new Dictionary<Guid, int>();
    var every = demo.Count == 0 ? int.MaxValue : Math.Max(1, count / demo.Count);
    for (var from = 0; from < count; from += batch)
    {
        var posts = Enumerable.Range(from, Math.Min(batch, count - from)).Select(n =>
        {
            var (language, title, body) = Sentences.Post(random, n);
            var content = new PostContent(title, body, body, body.Length > 100 ? body[..100] : body, [], language);
            return new Post(communities[n % communities.Count].Id, author.Id, "TH", content, start.AddSeconds(n));
        }).ToList();
        for (var n = from; n < from + posts.Count; n++)
        {
            if (n % every == 0 && n / every < demo.Count)
            {
                // A demo post, in a public community, at this point in time (between generated ones).
                var d = demo[n / every];
                var content = new PostContent(d.Title, d.Body, d.Body, d.Body.Length > 100 ? d.Body[..100] : d.Body, d.Tags, d.Language);
                var post = new Post(communities[2 + (n % (communities.Count - 2))].Id, author.Id, "TH", content, start.AddSeconds(n).AddMilliseconds(500));
                demoIds[post.Id] = d.Index;
                posts.Add(post);
            }
        }

        // The indexer's own row builder (normalize + segment), on every core.
        var entries = posts.AsParallel().AsOrdered()
            .Select(p => SearchIndexer.Entry(new SearchDocument(SearchKind.Post, p.Id, p.Id, p.CommunityId, p.Language, p.Title, p.Body, p.CreatedAt)))
            .ToList();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Posts.AddRange(posts);
        db.SearchEntries.AddRange(entries);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        db.ChangeTracker.Clear();
        Console.Error.WriteLine($"{from + posts.Count} posts");
    }

    return demoIds;
}
