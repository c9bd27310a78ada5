// Translation load harness: the real platform (a separate process, SQLite in a temp folder) configured against an
// OpenAI-compatible stub on 127.0.0.1, measured through its HTTP API. Reports translation-memory misses (a provider
// call to the stub, glossary check, store) beside hits (memory only) in the same run, single flight under 32
// concurrent readers, and fuzzy matching over the 500-entry window.
//   dotnet artifacts/bin/Mekong.Translation.Bench/release/Mekong.Translation.Bench.dll <path to Mekong.dll> [posts]
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mekong.Translation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Mekong.Translation.Bench <path to Mekong.dll> [posts]");
    return 2;
}

var postCount = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100;

// The stub provider: answers chat completions as "[vi] " + the user message, after an adjustable delay.
var delayMs = 0;
var calls = 0;
var stubBuilder = WebApplication.CreateSlimBuilder();
stubBuilder.WebHost.UseUrls("http://127.0.0.1:0");
stubBuilder.Logging.ClearProviders();
await using var stub = stubBuilder.Build();
stub.MapPost("/v1/chat/completions", async (HttpContext context) =>
{
    Interlocked.Increment(ref calls);
    var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
    var messages = request["messages"]!.AsArray();
    var user = (string)messages.Last(m => (string?)m!["role"] == "user")!["content"]!;
    var system = (string)messages.First(m => (string?)m!["role"] == "system")!["content"]!;
    foreach (System.Text.RegularExpressions.Match rule in System.Text.RegularExpressions.Regex.Matches(system, "translate \"([^\"]+)\" as \"([^\"]+)\""))
    {
        user = user.Replace(rule.Groups[1].Value, rule.Groups[2].Value, StringComparison.Ordinal); // a model that follows the glossary
    }
    if (Volatile.Read(ref delayMs) > 0)
    {
        await Task.Delay(Volatile.Read(ref delayMs));
    }

    return Results.Json(new
    {
        id = "chatcmpl-bench",
        @object = "chat.completion",
        created = 1_764_000_000,
        model = (string?)request["model"],
        choices = new[] { new { index = 0, message = new { role = "assistant", content = "[vi] " + user }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
    });
});
await stub.StartAsync();
var stubUrl = stub.Urls.First().TrimEnd('/');

// The platform, as an operator runs it.
var folder = Directory.CreateTempSubdirectory("mekong-translation-bench");
var port = FreePort();
var site = new ProcessStartInfo("dotnet", [args[0], "--urls", $"http://127.0.0.1:{port}"])
{
    WorkingDirectory = folder.FullName,
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    Environment =
    {
        ["Translation__Provider"] = "openai",
        ["Translation__Endpoint"] = stubUrl + "/v1",
        ["Translation__Model"] = "bench-model",
        ["Translation__ApiKey"] = "bench",
        ["Translation__DailyBudget"] = "0",
        ["Logging__LogLevel__Default"] = "Warning",
    },
};
using var process = Process.Start(site)!;
process.OutputDataReceived += (_, _) => { };
process.ErrorDataReceived += (_, _) => { };
process.BeginOutputReadLine();
process.BeginErrorReadLine();
try
{
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    await WaitUntilUpAsync(http);
    var token = await RegisterAsync(http);
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var community = (await ExpectAsync(await http.PostAsJsonAsync("/api/v1/communities", new { name = "Bench " + Guid.NewGuid().ToString("N")[..8], kind = "interestClub", visibility = "public" }))).GetProperty("slug").GetString();
    var posts = new List<string>();
    for (var i = 0; i < postCount; i++)
    {
        var post = await ExpectAsync(await http.PostAsJsonAsync($"/api/v1/communities/{community}/posts",
            new { title = $"สงกรานต์ปีนี้ {i}", body = $"ไปเล่นน้ำที่เชียงใหม่กับเพื่อน ๆ ครั้งที่ {i} {Guid.NewGuid()}", tags = Array.Empty<string>(), language = "th" }));
        posts.Add(post.GetProperty("id").GetString()!);
    }

    async Task<double> TimeAsync(string post)
    {
        var watch = Stopwatch.StartNew();
        var response = await http.GetAsync($"/api/v1/posts/{post}/translations/vi");
        var body = await ExpectAsync(response);
        if (body.GetProperty("status").GetString() != "translated")
        {
            throw new InvalidOperationException("Not translated: " + body);
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    await TimeAsync(posts[0]); // warm-up
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

    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; posts: {postCount}");
    Console.WriteLine($"miss (provider call to the stub, glossary check, store): p50 {P(misses, 50):F2} ms, p99 {P(misses, 99):F2} ms, n={misses.Count}");
    Console.WriteLine($"hit (translation memory):                            p50 {P(hits, 50):F2} ms, p99 {P(hits, 99):F2} ms, n={hits.Count}");
    Console.WriteLine($"hit / miss at p50: {P(hits, 50) / P(misses, 50):F2}x");

    // 32 concurrent readers of one fresh post, the provider taking 200 ms: one provider call.
    Volatile.Write(ref delayMs, 200);
    var fresh = (await ExpectAsync(await http.PostAsJsonAsync($"/api/v1/communities/{community}/posts",
        new { title = "ลอยกระทง", body = "คืนวันเพ็ญ " + Guid.NewGuid(), tags = Array.Empty<string>(), language = "th" }))).GetProperty("id").GetString()!;
    var before = Volatile.Read(ref calls);
    var all = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => TimeAsync(fresh)));
    Console.WriteLine($"single flight: 32 concurrent readers -> {Volatile.Read(ref calls) - before} provider call(s), all answered in {all.Elapsed.TotalMilliseconds:F0} ms");

    // Fuzzy matching as post-editors get it: one text against the 500-entry window of its language pair.
    var texts = Enumerable.Range(0, 500).Select(i => $"เทศกาลสงกรานต์ที่เชียงใหม่ ปีที่ {i} เล่นน้ำที่คูเมืองกับเพื่อน ๆ สนุกมาก {Guid.NewGuid()}").ToList();
    var probe = texts[250].Replace("สนุกมาก", "สนุกสุด ๆ", StringComparison.Ordinal);
    for (var round = 1; round <= 3; round++)
    {
        var fuzzy = Stopwatch.StartNew();
        var found = texts.Where(t => FuzzyMatch.LengthsCompatible(t.Length, probe.Length)).Count(t => FuzzyMatch.Similarity(probe, t) >= FuzzyMatch.Threshold);
        Console.WriteLine($"fuzzy, round {round}: 500 candidates scored in {fuzzy.Elapsed.TotalMilliseconds:F1} ms, {found} at >= 85%");
    }
    return 0;
}
finally
{
    process.Kill(entireProcessTree: true);
    await process.WaitForExitAsync();
    folder.Delete(recursive: true);
}

static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitUntilUpAsync(HttpClient http)
{
    for (var i = 0; i < 600; i++)
    {
        try
        {
            if ((await http.GetAsync("/api/v1/health")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // not listening yet
        }

        await Task.Delay(100);
    }

    throw new TimeoutException("The platform did not start within 60 s.");
}

static async Task<string> RegisterAsync(HttpClient http)
{
    var email = $"bench-{Guid.NewGuid():N}@bench.mekong.test";
    const string password = "correct horse battery";
    await ExpectAsync(await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password, displayName = "Bench", homeCountry = "VN", readingLanguages = new[] { "vi" } }));
    var login = await ExpectAsync(await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password }));
    return login.GetProperty("accessToken").GetString()!;
}

static async Task<JsonElement> ExpectAsync(HttpResponseMessage response)
{
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
    }

    return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
}
