using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Platform.Outbox;

/// <summary>Where an event is in its life: waiting (or retrying), handled, or given up after the last attempt.</summary>
public enum OutboxState
{
    Pending = 0,
    Done = 1,
    Dead = 2,
}

/// <summary>
/// One event a write committed with its rows (table <c>outbox_events</c>): its type name, its JSON payload, when it
/// is due, and how handling went. A dispatcher claims due events with a lease (<see cref="LeaseOwner"/>,
/// <see cref="LeaseUntil"/>), so several nodes share the work and a node that dies mid-batch leaves its claims to
/// expire; handled events are kept for a retention period, dead ones until an admin replays them.
/// </summary>
public sealed class OutboxEvent
{
    private OutboxEvent() { }

    internal OutboxEvent(string type, string payload, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Type = type;
        Payload = payload;
        CreatedAt = now;
        DueAt = now;
    }

    /// <summary>UUIDv7: events are handled in the order they were written.</summary>
    public Guid Id { get; private set; }

    public string Type { get; private set; } = "";
    public string Payload { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public int Attempts { get; private set; }
    public OutboxState State { get; private set; }
    public string? LastError { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    public DateTimeOffset? HandledAt { get; private set; }

    internal void Handled(DateTimeOffset now)
    {
        Attempts++;
        State = OutboxState.Done;
        HandledAt = now;
        LeaseOwner = null;
        LeaseUntil = null;
    }

    /// <summary>Schedules the next attempt with exponential backoff, or gives up (dead) after <paramref name="maxAttempts"/>.</summary>
    internal void Failed(string error, DateTimeOffset now, int maxAttempts)
    {
        Attempts++;
        LeaseOwner = null;
        LeaseUntil = null;
        LastError = error.Length > 2000 ? error[..2000] : error;
        if (Attempts >= maxAttempts)
        {
            State = OutboxState.Dead;
            return;
        }

        DueAt = now + Backoff.After(Attempts);
    }

    /// <summary>An admin's replay: due now, with a fresh set of attempts (a claim in progress is left to finish).</summary>
    internal void Replay(DateTimeOffset now)
    {
        State = OutboxState.Pending;
        Attempts = 0;
        DueAt = now;
        HandledAt = null;
    }
}

/// <summary>Retry delays shared by the event outbox and the mail outbox.</summary>
public static class Backoff
{
    /// <summary>Exponential: 30 s after the first failure, then 1 min, 2 min … capped at 6 h.</summary>
    public static TimeSpan After(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(attempts, 1) - 1), TimeSpan.FromHours(6).TotalSeconds));
}

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> b)
    {
        b.ToTable("outbox_events");
        b.HasKey(e => e.Id);
        b.Property(e => e.Type).HasMaxLength(200).IsRequired();
        b.Property(e => e.Payload).IsRequired();
        b.Property(e => e.LastError).HasMaxLength(2000);
        b.Property(e => e.LeaseOwner).HasMaxLength(64);
        b.HasIndex(e => new { e.State, e.DueAt });
    }
}
