using System.ComponentModel.DataAnnotations;

namespace Mekong.Platform.Telemetry;

/// <summary>What the site measures and where it sends it (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>Shortest scrape token accepted: a token is a password for the metrics, so it must not be guessable.</summary>
    public const int MinScrapeTokenLength = 24;

    /// <summary>Off: no meters are listened to, no spans are made for export, and <c>/metrics</c> is not mapped.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A secret a scraper (Prometheus) sends as <c>Authorization: Bearer &lt;token&gt;</c> to read <c>/metrics</c>;
    /// without it only signed-in admins may.
    /// </summary>
    public string? ScrapeToken { get; set; }

    /// <summary>
    /// The OTLP collector's base address (<c>http://127.0.0.1:4318</c>); metrics, traces and logs go to its
    /// <c>/v1/metrics</c>, <c>/v1/traces</c> and <c>/v1/logs</c>. Empty: the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is used when set, otherwise nothing is exported over OTLP.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>HttpProtobuf</c> (OTLP/HTTP, port 4318) or <c>Grpc</c> (port 4317).</summary>
    public OtlpTransport OtlpProtocol { get; set; } = OtlpTransport.HttpProtobuf;

    /// <summary>How often metrics are pushed over OTLP (Prometheus pulls whenever it scrapes).</summary>
    [Range(1, 3600)]
    public int OtlpExportIntervalSeconds { get; set; } = 60;

    /// <summary>Share of requests traced when no caller decided (a caller's sampled <c>traceparent</c> is honoured).</summary>
    [Range(0.0, 1.0)]
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>The OTLP base address from <see cref="OtlpEndpoint"/>, or null when none is set.</summary>
    public Uri? OtlpBase => Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) ? uri : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ScrapeToken is { } token && (token.Length < MinScrapeTokenLength || token.Any(char.IsWhiteSpace)))
        {
            yield return new ValidationResult(
                $"Telemetry:ScrapeToken must be at least {MinScrapeTokenLength} characters without spaces (e.g. `openssl rand -hex 24`).",
                [nameof(ScrapeToken)]);
        }

        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && OtlpBase is not { Scheme: "http" or "https" })
        {
            yield return new ValidationResult(
                "Telemetry:OtlpEndpoint must be an absolute http:// or https:// address (e.g. http://127.0.0.1:4318).", [nameof(OtlpEndpoint)]);
        }
    }
}

public enum OtlpTransport
{
    HttpProtobuf,
    Grpc,
}
