using System.ComponentModel.DataAnnotations;

namespace Mekong.Platform.Outbox;

/// <summary>How the event outbox is drained (section <c>Outbox</c>); see docs/configuration.md.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// False: this node writes events but never handles them (another node, or this one after a restart with the
    /// default, drains them). For deployments that keep background work off the web nodes.
    /// </summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>Events one dispatcher claims and handles in one transaction.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How often the dispatcher looks for due events when nothing woke it: events written on another node, retries
    /// whose backoff has passed, claims of a node that died. A write on this node wakes it at once.
    /// </summary>
    [Range(50, 600_000)]
    public int PollIntervalMilliseconds { get; set; } = 2000;

    /// <summary>Attempts before an event is given up (state dead, listed for admins to replay).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Hours a handled event is kept before it is purged (0: purged at the next sweep).</summary>
    [Range(0, 8760)]
    public int RetentionHours { get; set; } = 24;

    /// <summary>Seconds a claim holds: a node that dies mid-batch leaves its events to others after this.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 60;
}
