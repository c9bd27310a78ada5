using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Mekong.Translation;

/// <summary>Why no translation came back: the reader sees the original, labelled "translation unavailable".</summary>
public sealed class TranslationUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner)
{
    public string Reason { get; } = reason;
}

/// <summary>
/// Every provider call goes through here: the provider chosen for the language pair, a timeout per call, retries
/// with exponential backoff on transient failures, a circuit breaker per provider endpoint and the site's daily
/// budget. Singleton: breakers and budget are per process (one site = one process).
/// </summary>
public sealed class TranslationGateway(IOptionsMonitor<TranslationOptions> options, IHttpClientFactory http, TimeProvider time, ILogger<TranslationGateway> log)
{
    public const string HttpClientName = "translation";

    private readonly ConcurrentDictionary<ProviderSettings, ITranslationProvider> _providers = new();
    private readonly ConcurrentDictionary<ProviderSettings, CircuitBreaker> _breakers = new();
    private readonly DailyBudget _budget = new(time);

    public TranslationOptions Options => options.CurrentValue;

    /// <summary>The provider settings for a pair; <c>Enabled</c> is false for "none" (or no endpoint).</summary>
    public ProviderSettings Settings(string source, string target) => Options.For(source, target);

    /// <summary>Calls so far today (UTC), for operators and tests.</summary>
    public int CallsToday => _budget.Used;

    public CircuitState Breaker(ProviderSettings settings) => BreakerFor(settings).State;

    public async Task<string> TranslateAsync(ProviderSettings settings, TranslationRequest request, CancellationToken ct)
    {
        var o = Options;
        var provider = _providers.GetOrAdd(settings, s => Create(s, TimeSpan.FromSeconds(o.TimeoutSeconds)));
        var breaker = BreakerFor(settings);
        for (var attempt = 0; ; attempt++)
        {
            if (!breaker.TryEnter())
            {
                TranslationMetrics.Call(settings.Provider, "circuit_open");
                throw new TranslationUnavailableException("circuit-open");
            }

            if (!_budget.TryTake(o.DailyBudget))
            {
                TranslationMetrics.Call(settings.Provider, "budget_exhausted");
                throw new TranslationUnavailableException("budget-exhausted");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
            Exception failure;
            bool transient;
            try
            {
                var text = await provider.TranslateAsync(request, timeout.Token);
                breaker.Succeeded();
                TranslationMetrics.Call(settings.Provider, "ok");
                return text;
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                (failure, transient) = (e, true);
            }
            catch (ProviderException e)
            {
                (failure, transient) = (e, e.Transient);
            }
            catch (HttpRequestException e)
            {
                (failure, transient) = (e, true);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or IOException or InvalidOperationException or TimeoutException)
            {
                (failure, transient) = (e, true);
            }

            // A timeout (a provider that accepts and never answers) counts like any other failure.
            breaker.Failed();
            TranslationMetrics.Call(settings.Provider, failure is OperationCanceledException or TimeoutException ? "timeout" : "error");
            log.LogWarning("Translation {Source}->{Target} by {Provider} failed (attempt {Attempt}): {Error}",
                request.SourceLanguage, request.TargetLanguage, settings.Provider, attempt + 1, failure.Message);
            if (!transient || attempt >= o.Retries)
            {
                throw new TranslationUnavailableException(failure is OperationCanceledException or TimeoutException ? "timeout" : "provider-error", failure);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(o.BackoffMilliseconds * Math.Pow(2, attempt)), time, ct);
        }
    }

    private CircuitBreaker BreakerFor(ProviderSettings settings) =>
        _breakers.GetOrAdd(settings, _ => new CircuitBreaker(() => Options.BreakerFailures, () => TimeSpan.FromSeconds(Options.BreakerSeconds), time));

    private ITranslationProvider Create(ProviderSettings settings, TimeSpan timeout) => settings.Provider switch
    {
        ProviderSettings.OpenAi => new OpenAiChatProvider(settings, timeout),
        ProviderSettings.LibreTranslate => new LibreTranslateProvider(http.CreateClient(HttpClientName), settings),
        _ => throw new TranslationUnavailableException("disabled"),
    };
}

public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>
/// Opens after <c>threshold</c> consecutive failures; refuses calls while open; after the open period lets one
/// trial call through (half-open): its success closes the circuit, its failure opens it again.
/// </summary>
public sealed class CircuitBreaker(Func<int> threshold, Func<TimeSpan> openFor, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _failures;
    private DateTimeOffset? _openUntil;
    private bool _trialInFlight;

    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return _openUntil is null ? CircuitState.Closed : time.GetUtcNow() < _openUntil ? CircuitState.Open : CircuitState.HalfOpen;
            }
        }
    }

    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_openUntil is null)
            {
                return true;
            }

            if (time.GetUtcNow() < _openUntil || _trialInFlight)
            {
                return false;
            }

            _trialInFlight = true;
            return true;
        }
    }

    public void Succeeded()
    {
        lock (_gate)
        {
            (_failures, _openUntil, _trialInFlight) = (0, null, false);
        }
    }

    public void Failed()
    {
        lock (_gate)
        {
            _failures++;
            if (_trialInFlight || _failures >= Math.Max(1, threshold()))
            {
                _openUntil = time.GetUtcNow() + openFor();
            }

            _trialInFlight = false;
        }
    }
}

/// <summary>Provider calls per UTC day; the count starts again at midnight UTC.</summary>
public sealed class DailyBudget(TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateOnly _day;
    private int _used;

    public int Used
    {
        get
        {
            lock (_gate)
            {
                return _day == Today() ? _used : 0;
            }
        }
    }

    public bool TryTake(int perDay)
    {
        lock (_gate)
        {
            var today = Today();
            if (today != _day)
            {
                (_day, _used) = (today, 0);
            }

            if (perDay > 0 && _used >= perDay)
            {
                return false;
            }

            _used++;
            return true;
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
