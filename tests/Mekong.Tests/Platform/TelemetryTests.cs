using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Mekong.Platform.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Tests.Platform;

/// <summary>
/// Seeing the site run: Prometheus text at /metrics for admins and the scraper only, OTLP export to a collector when one
/// is configured, trace ids on the log lines written inside a request.
/// </summary>
/// <remarks>
/// Runs alone (its own collection, not in parallel): a meter listener subscribes to meters by name, so in one test
/// process it also aggregates the dozens of other live test apps' ASP.NET Core and EF Core instruments, and their
/// series can exceed the exporter's stream and cardinality limits and crowd out this app's own series. One site per
/// process, as in production, has no such neighbours.
/// </remarks>
[Collection(nameof(TelemetryTests))]
public sealed partial class TelemetryTests(PostgresServer postgres)
{
    private const string ScrapeToken = "scrape-token-0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Metrics_are_served_to_admins_and_the_scraper_and_refused_to_everyone_else(DatabaseProvider provider)
    {
        await using var app = await MekongApp.StartAsync(provider, postgres, new Dictionary<string, string?> { ["Telemetry:ScrapeToken"] = ScrapeToken });
        var member = await app.RegisterAsync("reader");
        var community = await member.CreateCommunityAsync();
        await member.CreatePostAsync(community.Id().ToString(), "Khao soi", "A bowl in Chiang Mai."); // screened before publishing

        using var anonymous = app.CreateClient();
        var refusedAnonymous = await anonymous.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedAnonymous.StatusCode);
        Assert.Equal("application/problem+json", refusedAnonymous.Content.Headers.ContentType?.MediaType);

        using var guesser = app.CreateClient();
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/metrics", Ct)).StatusCode);

        var refusedMember = await member.Client.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refusedMember.StatusCode);
        Assert.Equal("application/problem+json", refusedMember.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("http_server", await refusedMember.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var scraper = app.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken);
        foreach (var client in new[] { app.Admin.Client, scraper })
        {
            var text = await ScrapeAsync(client);
            Assert.Contains("http_server_request_duration_seconds_count{", text, StringComparison.Ordinal);
            Assert.Matches(PostRoute(), text);
            Assert.Contains("mekong_screening_duration_seconds_count{", text, StringComparison.Ordinal);
            Assert.Contains("microsoft_entityframeworkcore_queries_total", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_short_scrape_token_stops_the_start()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            MekongApp.StartAsync(DatabaseProvider.Sqlite, postgres, new Dictionary<string, string?> { ["Telemetry:ScrapeToken"] = "short" }));
        Assert.Contains("Telemetry:ScrapeToken", Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_telemetry_there_is_no_metrics_endpoint()
    {
        await using var app = await MekongApp.StartAsync(DatabaseProvider.Sqlite, postgres, new Dictionary<string, string?>
        {
            ["Telemetry:Enabled"] = "false",
            ["Telemetry:ScrapeToken"] = ScrapeToken,
        });
        using var scraper = app.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken);
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/metrics", Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Traces_and_metrics_reach_an_otlp_collector_when_one_is_configured(DatabaseProvider provider)
    {
        await using var collector = new OtlpCollector();
        var app = await MekongApp.StartAsync(provider, postgres, new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = collector.Address.AbsoluteUri,
            ["Telemetry:OtlpExportIntervalSeconds"] = "1",
        });
        try
        {
            using var anonymous = app.CreateClient();
            (await anonymous.GetAsync("/api/v1/health", Ct)).EnsureSuccessStatusCode();
            (await anonymous.GetAsync("/api/v1/communities", Ct)).EnsureSuccessStatusCode();
        }
        finally
        {
            await app.DisposeAsync(); // shutting down flushes what is still batched
        }

        // Bounded: the batches were flushed at shutdown; a slow machine gets a few seconds more.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20) && !(collector.Has("/v1/traces", "/api/v1/communities") && collector.Has("/v1/metrics", "http.server.request.duration")))
        {
            await Task.Delay(100, Ct);
        }

        Assert.True(collector.Has("/v1/traces", "/api/v1/communities"), "no span of GET /api/v1/communities reached the collector: " + collector.Summary());
        Assert.True(collector.Has("/v1/metrics", "http.server.request.duration"), "no request duration reached the collector: " + collector.Summary());
        Assert.True(collector.Has("/v1/traces", "OpenTelemetry.Instrumentation.EntityFrameworkCore"), "no EF Core span reached the collector: " + collector.Summary());
        Assert.True(collector.Has("/v1/metrics", "mekong"), "the service name is missing: " + collector.Summary());
        Assert.Empty(collector.Malformed);
    }

    [Fact]
    public async Task Log_lines_written_inside_a_request_carry_its_trace_and_span()
    {
        await using var app = await MekongApp.StartAsync(DatabaseProvider.Sqlite, postgres, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        });
        var lines = new CapturedLogs();
        app.Service<ILoggerFactory>().AddProvider(lines);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/health");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        (await client.SendAsync(request, Ct)).EnsureSuccessStatusCode();

        var started = lines.Entries.Where(e => e.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && e.Message.Contains("/api/v1/health", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(started);
        Assert.All(started, e =>
        {
            Assert.Equal(traceId, e.Scope.GetValueOrDefault("TraceId"));
            Assert.Matches("^[0-9a-f]{16}$", e.Scope.GetValueOrDefault("SpanId") ?? "");
        });

        // The console formatter prints those scopes.
        var console = app.Service<IOptionsMonitor<Microsoft.Extensions.Logging.Console.SimpleConsoleFormatterOptions>>().CurrentValue;
        Assert.True(console.IncludeScopes);
    }

    /// <summary>
    /// /metrics once the last request's duration is in: the server records it after the response is handed over, so a
    /// scrape right after a request may come first (at most 50 tries, 100 ms apart).
    /// </summary>
    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        var text = "";
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var response = await client.GetAsync("/metrics", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            text = await response.Content.ReadAsStringAsync(Ct);
            // A request's duration is recorded as its response ends, which a busy machine may do after the client
            // already read it: wait (bounded) for the post's own series, not just any request's.
            if (PostRoute().IsMatch(text)
                && text.Contains("mekong_screening_duration_seconds_count{", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(100, Ct);
        }

        return text;
    }

    [System.Text.RegularExpressions.GeneratedRegex("http_server_request_duration_seconds_count\\{[^}]*http_request_method=\"POST\"[^}]*http_route=\"/api/v1/communities/\\{id\\}/posts")]
    private static partial System.Text.RegularExpressions.Regex PostRoute();

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    /// <summary>Every log entry with the scopes it was written in (the logger factory's, with the activity's ids).</summary>
    private sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(string Category, string Message, Dictionary<string, string?> Scope)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, string?>(StringComparer.Ordinal);
                owner._scopes.ForEachScope(
                    (s, into) =>
                    {
                        if (s is IEnumerable<KeyValuePair<string, object?>> pairs)
                        {
                            foreach (var (key, value) in pairs)
                            {
                                into[key] = value?.ToString();
                            }
                        }
                    },
                    scope);
                owner.Entries.Enqueue((category, formatter(state, exception), scope));
            }
        }
    }
}

/// <summary>
/// A stand-in OpenTelemetry collector on 127.0.0.1: takes OTLP/HTTP protobuf POSTs on /v1/traces, /v1/metrics and
/// /v1/logs and answers as a collector does (200, an empty Export…ServiceResponse). It walks each body's protobuf
/// wire format: an export request is one or more field-1 messages (resource spans, metrics or logs).
/// </summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private static readonly string[] Signals = ["/v1/traces", "/v1/metrics", "/v1/logs"];
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public OtlpCollector()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Address = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
            probe.Stop();
        }

        _listener.Prefixes.Add(Address.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

    public ConcurrentQueue<string> Malformed { get; } = new();

    /// <summary>Whether any export to <paramref name="path"/> carried <paramref name="text"/> (a name, a key or a value).</summary>
    public bool Has(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(bytes) >= 0);
    }

    public string Summary() =>
        string.Join(", ", Received.GroupBy(r => r.Path).Select(g => $"{g.Key}: {g.Count()} exports")) + (Malformed.IsEmpty ? "" : "; malformed: " + string.Join(", ", Malformed));

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var path = context.Request.Url?.AbsolutePath ?? "";
            var known = context.Request.HttpMethod == "POST" && Signals.Contains(path, StringComparer.Ordinal);
            var protobuf = context.Request.ContentType == "application/x-protobuf";
            if (known && protobuf && IsExportRequest(body.ToArray()))
            {
                Received.Enqueue((path, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
            }
            else
            {
                Malformed.Enqueue($"{context.Request.HttpMethod} {path} {context.Request.ContentType} ({body.Length} bytes)");
                context.Response.StatusCode = known ? 400 : 404;
            }

            context.Response.ContentLength64 = 0;
            context.Response.Close();
        }
    }

    /// <summary>One or more length-delimited field-1 entries, each within the body.</summary>
    private static bool IsExportRequest(byte[] body)
    {
        var i = 0;
        var entries = 0;
        while (i < body.Length)
        {
            if (Varint(body, ref i) != ((1 << 3) | 2))
            {
                return false;
            }

            var length = Varint(body, ref i);
            if (length < 0 || length > body.Length - i)
            {
                return false;
            }

            i += (int)length;
            entries++;
        }

        return entries > 0;
    }

    private static long Varint(byte[] body, ref int i)
    {
        long value = 0;
        for (var shift = 0; shift < 64 && i < body.Length; shift += 7)
        {
            var b = body[i++];
            value |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

/// <summary>The telemetry tests' collection: run after the parallel ones, with no other test app alive beside them.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryTestsCollection;
