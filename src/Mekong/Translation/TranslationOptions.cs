namespace Mekong.Translation;

/// <summary>
/// The <c>Translation</c> configuration section (environment form <c>Translation__Provider</c>…). A language pair
/// may override any of the provider settings under <c>Translation:Pairs:{source}-{target}</c> (e.g. <c>th-vi</c>).
/// </summary>
public sealed class TranslationOptions
{
    /// <summary><c>openai</c> (any OpenAI-compatible chat endpoint), <c>libretranslate</c>, or <c>none</c>.</summary>
    public string Provider { get; set; } = "none";

    /// <summary>Base URL: <c>http://127.0.0.1:8000/v1</c> for OpenAI-compatible servers, the server root for LibreTranslate.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Per provider call, seconds.</summary>
    public double TimeoutSeconds { get; set; } = 20;

    /// <summary>
    /// The longest one reader's request (a page, an API read) waits on translation providers, in total, seconds.
    /// What is not ready by then is answered as "pending" while the translation goes on in the background.
    /// </summary>
    public double ReadWaitSeconds { get; set; } = 1;

    /// <summary>Retries after a transient failure (5xx, 429, timeout, connection refused).</summary>
    public int Retries { get; set; } = 2;

    /// <summary>First retry waits this long; each later one twice as long.</summary>
    public double BackoffMilliseconds { get; set; } = 250;

    /// <summary>Consecutive failures that open the circuit breaker of one provider endpoint.</summary>
    public int BreakerFailures { get; set; } = 5;

    /// <summary>How long an open breaker refuses calls before letting one trial call through.</summary>
    public double BreakerSeconds { get; set; } = 30;

    /// <summary>Provider calls per UTC day for the whole site (retries count); 0 = unlimited.</summary>
    public int DailyBudget { get; set; } = 5000;

    /// <summary>Net votes that make a community proposal replace the machine translation.</summary>
    public int AcceptVotes { get; set; } = 3;

    public Dictionary<string, PairOptions> Pairs { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Provider settings for one language pair: the pair's overrides over the site defaults.</summary>
    public ProviderSettings For(string source, string target)
    {
        var pair = Pairs.GetValueOrDefault($"{source}-{target}");
        return new ProviderSettings(
            (pair?.Provider ?? Provider).Trim().ToLowerInvariant(),
            pair?.Endpoint ?? Endpoint,
            pair?.Model ?? Model,
            pair?.ApiKey ?? ApiKey);
    }
}

public sealed class PairOptions
{
    public string? Provider { get; set; }
    public string? Endpoint { get; set; }
    public string? Model { get; set; }
    public string? ApiKey { get; set; }
}

/// <summary>Which provider, where: also the identity of a circuit breaker.</summary>
public sealed record ProviderSettings(string Provider, string? Endpoint, string? Model, string? ApiKey)
{
    public const string OpenAi = "openai";
    public const string LibreTranslate = "libretranslate";
    public const string None = "none";

    public bool Enabled => Provider is OpenAi or LibreTranslate && !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>The model as recorded with a translation: the configured model, or the provider's name.</summary>
    public string ModelName => string.IsNullOrWhiteSpace(Model) ? Provider : Model;
}
