using System.Text.Json;
using Mekong.Platform.Data;

namespace Mekong.Platform.Outbox;

/// <summary>
/// Records events in the current unit of work: <see cref="Add{TEvent}"/> adds the event's row to the request's
/// <see cref="MekongDb"/>, so it commits in the same <c>SaveChangesAsync</c> as the write that raised it (or not at
/// all). Once that save succeeds the dispatcher on this node is woken, so handlers run within milliseconds;
/// other nodes find the event at their next poll.
/// </summary>
public sealed class Outbox(MekongDb db, OutboxSignal signal, TimeProvider clock)
{
    private bool _watching;

    /// <summary>Adds <paramref name="event"/> (a record of its feature, e.g. <c>CommentAdded</c>) to the unit of work.</summary>
    public void Add<TEvent>(TEvent @event)
        where TEvent : notnull
    {
        db.Set<OutboxEvent>().Add(new OutboxEvent(OutboxTypes.NameOf(typeof(TEvent)), JsonSerializer.Serialize(@event, OutboxTypes.Json), clock.GetUtcNow()));
        if (!_watching)
        {
            _watching = true;
            db.SavedChanges += (_, _) => signal.Wake();
        }
    }
}

/// <summary>The names events are stored under, and how their payloads are written.</summary>
internal static class OutboxTypes
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The type's name without the namespace: stable when code moves between folders.</summary>
    public static string NameOf(Type type) => type.Name;
}

/// <summary>Wakes a background loop when work was queued on this node, so it does not wait for its next poll.</summary>
public class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake.
            }
        }
    }

    /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose()
    {
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The event dispatcher's wake-up call.</summary>
public sealed class OutboxSignal : WakeSignal;
