using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Mekong.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mekong.Platform.Telemetry;

/// <summary>
/// Seeing the site run: OpenTelemetry metrics (ASP.NET Core, Kestrel, EF Core, HttpClient, the runtime and the
/// platform's own <see cref="MekongTelemetry.Meter"/>) served as Prometheus text at <c>/metrics</c> to admins and the
/// configured scraper; traces, metrics and logs over OTLP when a collector is configured; trace and span ids on every
/// log line written inside a request.
/// </summary>
public static class TelemetryModule
{
    public const string MetricsPath = "/metrics";

    /// <summary>The meters exported: the framework's built-in ones (no instrumentation package needed on .NET 10) and ours.</summary>
    internal static readonly string[] Meters =
    [
        MekongTelemetry.Name,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.Identity",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.EntityFrameworkCore",
        "Npgsql",
        "System.Net.Http",
        "System.Runtime",
    ];

    /// <summary>Buckets for the platform's durations (unit s): sub-millisecond work up to a minute of queue lag.</summary>
    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Each log line written inside a request carries its trace and span as a scope: the console formatters print
        // it with IncludeScopes (appsettings.json), OTLP log records carry it natively.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var settings = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!settings.Enabled)
        {
            return builder;
        }

        var otlpBase = settings.OtlpBase;
        var otlp = otlpBase is not null || !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        // Telemetry:OtlpEndpoint is a base address; OTEL_EXPORTER_OTLP_ENDPOINT (and its protocol) the exporter reads itself.
        void Otlp(OtlpExporterOptions o, string signal)
        {
            if (otlpBase is null)
            {
                return;
            }

            o.Protocol = settings.OtlpProtocol == OtlpTransport.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            o.Endpoint = o.Protocol == OtlpExportProtocol.Grpc ? otlpBase : new Uri(otlpBase.AbsoluteUri.TrimEnd('/') + "/" + signal);
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("mekong", serviceVersion: typeof(TelemetryModule).Assembly.GetName().Version?.ToString()))
            .WithMetrics(m =>
            {
                m.AddMeter(Meters);
                m.AddView(instrument => instrument.Meter.Name == MekongTelemetry.Name && instrument is Histogram<double> && instrument.Unit == "s"
                    ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets }
                    : null);

                // No response cache: a scrape right after a request must see it (the load harness reads before and after).
                m.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    m.AddOtlpExporter((o, reader) =>
                    {
                        Otlp(o, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = settings.OtlpExportIntervalSeconds * 1000;
                    });
                }
            });

        // Spans and log records are made for export only: without a collector, nothing is recorded.
        if (otlp)
        {
            otel.WithTracing(t => t
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.TraceSampleRatio)))
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase))
                .AddSource("System.Net.Http")
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource(MekongTelemetry.Name)
                .AddOtlpExporter(o => Otlp(o, "v1/traces")));
            otel.WithLogging(l => l.AddOtlpExporter(o => Otlp(o, "v1/logs")), o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
        }

        return builder;
    }

    /// <summary>Prometheus text at <c>/metrics</c>, for admins and the scraper holding <see cref="TelemetryOptions.ScrapeToken"/>.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Enabled)
        {
            return app;
        }

        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(AdmitAsync), optionsName: null)
            .WithMetadata(new HttpMethodMetadata(["GET"]))
            .WithDisplayName("Prometheus metrics");
        return app;
    }

    /// <summary>Lets the scraper and admins through; anyone else gets a problem document (401 signed out, 403 signed in).</summary>
    private static async Task AdmitAsync(HttpContext context, RequestDelegate next)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<TelemetryOptions>>().CurrentValue;
        context.Response.Headers.CacheControl = "no-store";
        if (HoldsScrapeToken(context.Request, options.ScrapeToken)
            || (await context.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(context.User, Roles.AdminPolicy)).Succeeded)
        {
            await next(context);
            return;
        }

        var refusal = context.User.Identity?.IsAuthenticated == true
            ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "The site's metrics are for its admins and its configured scraper.")
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "Sign in as an admin, or send the scrape token (Telemetry:ScrapeToken) as a bearer token.");
        await refusal.ExecuteAsync(context);
    }

    /// <summary><c>Authorization: Bearer &lt;token&gt;</c> equal to the configured token, compared in constant time.</summary>
    internal static bool HoldsScrapeToken(HttpRequest request, string? expected)
    {
        const string Scheme = "Bearer ";
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(expected) || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing first makes the comparison's time independent of the lengths too.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        var wanted = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(given, wanted);
    }
}
