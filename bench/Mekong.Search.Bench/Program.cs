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
// search [posts] [queries] [dir]  — builds a SQLite site of [posts] posts (default 200,000), runs [queries] searches
//                                   (default 1,000) through SearchQueries and the same through a LIKE '%term%' scan
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
    Console.WriteLine(await SearchAsync(posts, queries, folder));
    return 0;
}

Console.Error.WriteLine("usage: detect [posts] | search [posts] [queries] [folder] | glossary");
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

static async Task<string> SearchAsync(int count, int queryCount, string folder)
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
        await FillAsync(db, count);
    }

    build.Stop();
    await using (var db = Open())
    {
        await SearchStore.EnsureAsync(db);
    }

    TextSegmenter.WarmUp();

    // Queries: single words and two-word phrases cut from the templates in every language, the per-post code words
    // (about 40 posts each) and words that occur nowhere.
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
    async Task<int> Mekong(string q)
    {
        await using var db = Open();
        var result = await new SearchQueries(db, new CommunityQueries(db)).SearchAsync(q, null, null, null, anonymous, new Errors());
        return result!.Hits.Count;
    }

    await using var peerConnection = new SqliteConnection(connectionString);
    await peerConnection.OpenAsync();
    async Task<int> Peer(string q)
    {
        // The peer: what a site without a full-text index does — a LIKE scan per word, newest first, one page.
        var terms = q.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await using var command = peerConnection.CreateCommand();
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

    foreach (var q in queries.Take(50))
    {
        await Mekong(q);
        await Peer(q);
    }

    var (mekongMs, mekongHits) = await TimeAsync(queries, Mekong);
    var (peerMs, peerHits) = await TimeAsync(queries, Peer);
    return JsonSerializer.Serialize(new
    {
        posts = count,
        reusedDatabase = built,
        buildSeconds = built ? (double?)null : Math.Round(build.Elapsed.TotalSeconds, 1),
        databaseMiB = Math.Round(new FileInfo(file).Length / 1048576.0),
        queries = queryCount,
        mekong = Summary(mekongMs, mekongHits),
        peerLikeScan = Summary(peerMs, peerHits),
    });
}

static async Task<(double[] Ms, int Hits)> TimeAsync(List<string> queries, Func<string, Task<int>> run)
{
    var ms = new double[queries.Count];
    var hits = 0;
    for (var i = 0; i < queries.Count; i++)
    {
        var start = Stopwatch.GetTimestamp();
        hits += await run(queries[i]);
        ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    Array.Sort(ms);
    return (ms, hits);
}

static object Summary(double[] sorted, int hits) => new
{
    p50Ms = Math.Round(sorted[sorted.Length / 2], 2),
    p90Ms = Math.Round(sorted[(int)(sorted.Length * 0.90)], 2),
    p99Ms = Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], 2),
    meanMs = Math.Round(sorted.Average(), 2),
    hitsReturned = hits,
};

static async Task FillAsync(MekongDb db, int count)
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
    for (var from = 0; from < count; from += batch)
    {
        var posts = Enumerable.Range(from, Math.Min(batch, count - from)).Select(n =>
        {
            var (language, title, body) = Sentences.Post(random, n);
            var content = new PostContent(title, body, body, body.Length > 100 ? body[..100] : body, [], language);
            return new Post(communities[n % communities.Count].Id, author.Id, "TH", content, start.AddSeconds(n));
        }).ToList();

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
}
