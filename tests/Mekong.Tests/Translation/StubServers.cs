using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mekong.Tests.Translation;

/// <summary>How a stub provider behaves for the next requests.</summary>
public enum StubMode
{
    /// <summary>Translates: "[target] " + text, glossary terms as the prompt or placeholders ask.</summary>
    Normal,

    /// <summary>Translates but ignores the glossary constraints in the prompt.</summary>
    IgnoreGlossary,

    /// <summary>HTTP 500 with an error body, as a crashed server would.</summary>
    Fail,

    /// <summary>Answers only after 5 s (longer than the tests' timeout).</summary>
    Hang,

    /// <summary>Accepts the connection and the request, then never answers (until the client gives up).</summary>
    NeverAnswer,
}

/// <summary>
/// A provider server on 127.0.0.1 (Kestrel, port 0) speaking the real wire protocol: OpenAI chat completions
/// (<c>POST /v1/chat/completions</c>) and LibreTranslate (<c>POST /translate</c>). It records every request body.
/// </summary>
public sealed partial class StubProvider : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubProvider(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    public int Calls => Requests.Count;

    public StubMode Mode { get; set; }

    private int _connections;

    /// <summary>TCP connections the stub has accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private int _inFlight;

    /// <summary>The most requests the stub was answering at one time.</summary>
    public int MaxConcurrent { get; private set; }

    /// <summary>Extra latency per answer, to make concurrent readers overlap.</summary>
    public TimeSpan Delay { get; set; }

    public string BaseUrl { get; private set; } = "";

    /// <summary>OpenAI-style base URL (…/v1).</summary>
    public string OpenAiEndpoint => BaseUrl + "/v1";

    public static async Task<StubProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        StubProvider stub = null!;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
        {
            Interlocked.Increment(ref stub._connections);
            return next(connection);
        })));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        stub = new StubProvider(app);
        app.MapPost("/v1/chat/completions", (Delegate)stub.ChatAsync);
        app.MapPost("/translate", (Delegate)stub.LibreAsync);
        await app.StartAsync();
        stub.BaseUrl = app.Urls.First().TrimEnd('/');
        return stub;
    }

    public IEnumerable<string> SystemPrompts() =>
        Requests.Select(r => r["messages"]!.AsArray().First(m => (string?)m!["role"] == "system")!["content"]!.GetValue<string>());

    private async Task<IResult> ChatAsync(HttpContext context)
    {
        var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        Requests.Enqueue(request);
        if (await MisbehaveAsync(context) is { } failure)
        {
            return failure;
        }

        var messages = request["messages"]!.AsArray();
        var system = (string)messages.First(m => (string?)m!["role"] == "system")!["content"]!;
        var user = (string)messages.Last(m => (string?)m!["role"] == "user")!["content"]!;
        var target = TargetLanguage().Match(system).Groups[1].Value;
        var text = user;
        if (Mode != StubMode.IgnoreGlossary)
        {
            foreach (Match rule in Constraint().Matches(system))
            {
                text = text.Replace(rule.Groups[1].Value, rule.Groups[2].Value, StringComparison.Ordinal);
            }
        }

        return Results.Json(new
        {
            id = "chatcmpl-stub",
            @object = "chat.completion",
            created = 1_764_000_000,
            model = (string?)request["model"],
            choices = new[] { new { index = 0, message = new { role = "assistant", content = $"[{target}] {text}" }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
        });
    }

    private async Task<IResult> LibreAsync(HttpContext context)
    {
        var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        Requests.Enqueue(request);
        if (await MisbehaveAsync(context) is { } failure)
        {
            return failure;
        }

        if (request["q"] is null || request["source"] is null || request["target"] is null)
        {
            return Results.Json(new { error = "Invalid request: missing q, source or target" }, statusCode: 400);
        }

        // An MT engine leaves the placeholder numbers alone but may space the brackets out, as real engines do.
        var q = (string)request["q"]!;
        var translated = Placeholder().Replace(q, m => $"⟦ {m.Groups[1].Value} ⟧");
        return Results.Json(new { translatedText = $"[{(string?)request["target"]}] {translated}" });
    }

    private async Task<IResult?> MisbehaveAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _inFlight);
        lock (Requests)
        {
            MaxConcurrent = Math.Max(MaxConcurrent, now);
        }

        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        return Mode switch
        {
            StubMode.Fail => Results.Json(new { error = new { message = "model crashed", type = "server_error" } }, statusCode: 500),
            StubMode.Hang => await HangAsync(context),
            StubMode.NeverAnswer => await NeverAnswerAsync(context),
            _ => null,
        };
    }

    private static async Task<IResult> HangAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }

        return Results.StatusCode(504);
    }

    private static async Task<IResult> NeverAnswerAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }

        return Results.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex(@"into [^(]+\(([A-Za-z-]+)\)")]
    private static partial Regex TargetLanguage();

    [GeneratedRegex("translate \"([^\"]+)\" as \"([^\"]+)\"")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"⟦(\d+)⟧")]
    private static partial Regex Placeholder();
}
