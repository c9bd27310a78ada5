using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mekong.Platform.Telemetry;

/// <summary>
/// The platform's own meter and activity source. Each feature creates its instruments on <see cref="Meter"/> where
/// it measures (names <c>mekong.&lt;feature&gt;.&lt;what&gt;</c>, units in UCUM: <c>s</c>, <c>{event}</c>…) and starts
/// its spans from <see cref="Activities"/>; the telemetry module exports both (Prometheus at <c>/metrics</c>, OTLP when
/// configured).
/// </summary>
public static class MekongTelemetry
{
    public const string Name = "Mekong";

    public static readonly Meter Meter = new(Name);

    public static readonly ActivitySource Activities = new(Name);
}
