namespace Mekong.Platform.Outbox;

/// <summary>
/// Handles one type of event after its write committed. Runs in its own scope (its own <c>MekongDb</c>): changes it
/// leaves unsaved, or saves, commit in one transaction with the event being marked handled, so a database-only
/// handler takes effect exactly once. Anything else it does (a call to another system) must be idempotent, keyed by
/// <see cref="OutboxContext.EventId"/>: an event whose batch failed is handled again. Throwing retries the event later.
/// </summary>
public interface IOutboxHandler<in TEvent>
{
    Task HandleAsync(TEvent @event, OutboxContext context, CancellationToken ct);
}

/// <summary>Which event is being handled: its id (the idempotency key), when it was written, and which attempt this is (1 first).</summary>
public sealed record OutboxContext(Guid EventId, DateTimeOffset CreatedAt, int Attempt);
