using System.Diagnostics.Metrics;
using Mekong.Platform.Telemetry;

namespace Mekong.Translation;

/// <summary>The translation feature's instruments on the platform's meter.</summary>
internal static class TranslationMetrics
{
    /// <summary>Provider calls, one per attempt (retries count), tagged <c>provider</c> and <c>outcome</c>.</summary>
    public static readonly Counter<long> Calls = MekongTelemetry.Meter.CreateCounter<long>(
        "mekong.translation.calls", "{call}", "Translation provider calls (each attempt), by provider and outcome");

    /// <summary>Texts answered from the translation memory without a provider call.</summary>
    public static readonly Counter<long> CacheHits = MekongTelemetry.Meter.CreateCounter<long>(
        "mekong.translation.cache_hits", "{text}", "Texts answered from the translation memory");

    public static void Call(string provider, string outcome) =>
        Calls.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("outcome", outcome));
}
