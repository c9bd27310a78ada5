using System.Diagnostics;
using System.Diagnostics.Metrics;
using Mekong.Platform.Data;
using Mekong.Platform.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Outbox;

/// <summary>
/// Drains the event outbox: claims due events in order (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c> under a lease
/// update, so several nodes share the work; SQLite: a lease update), calls every handler registered for each event's
/// type, and marks the batch handled in the same transaction as the handlers' changes. When a batch fails its events
/// are handled one by one, so one bad event delays only itself: it is retried with backoff and, after
/// <see cref="OutboxOptions.MaxAttempts"/>, left dead for an admin to replay. Woken by <see cref="OutboxSignal"/> after
/// every commit that added events; otherwise polls.
/// </summary>
internal sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IOptions<OutboxOptions> options,
    OutboxSignal signal,
    TimeProvider clock,
    IEnumerable<OutboxRoute> routes,
    IHostApplicationLifetime lifetime,
    IServiceProvider services,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    /// <summary>On SQLite: this process's queue for the one write lock (see <see cref="SqliteWriteGate"/>).</summary>
    private readonly SqliteWriteGate? _gate = services.GetService<SqliteWriteGate>();

    private static readonly TimeSpan CountEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, OutboxRoute> _routes = routes.DistinctBy(r => r.Type).ToDictionary(r => r.Name, StringComparer.Ordinal);
    private readonly string _node = Guid.NewGuid().ToString("N")[..12];
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _purgedAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Dispatch)
        {
            return;
        }

        // Other start-up work (search structures, demo data) finishes before the first event is handled.
        await WhenStartedAsync(stoppingToken);
        var poll = TimeSpan.FromMilliseconds(settings.PollIntervalMilliseconds);
        try
        {
            await LoopAsync(poll, stoppingToken);
        }
        finally
        {
            await ReleaseLeasesAsync();
        }
    }

    private async Task LoopAsync(TimeSpan poll, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchDueAsync(stoppingToken) >= settings.BatchSize)
                {
                }

                await HousekeepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogDispatchFailed(log, e);
            }

            try
            {
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// On shutdown, hands back the events this node leased and did not finish (their handling was cancelled and rolled
    /// back), so another node or the next start takes them at once instead of after the lease runs out.
    /// </summary>
    private async Task ReleaseLeasesAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            var mine = _node + ":";
            using var turn = await EnterAsync(CancellationToken.None);
            await db.Set<OutboxEvent>().Where(e => e.State == OutboxState.Pending && e.LeaseOwner != null && e.LeaseOwner.StartsWith(mine))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseOwner, (string?)null).SetProperty(e => e.LeaseUntil, (DateTimeOffset?)null));
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or ObjectDisposedException)
        {
            LogReleaseFailed(log, e);
        }
    }

    private Task WhenStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        ct.Register(() => started.TrySetCanceled(ct));
        return started.Task;
    }

    /// <summary>
    /// Handles what is due on this call and waits for what others (the background loop) are handling, until no due
    /// event is pending; for tests and the command line. Events waiting out a backoff do not count.
    /// </summary>
    internal async Task DrainAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        if (!options.Value.Dispatch)
        {
            return;
        }

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await DispatchDueAsync(ct);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            var now = clock.GetUtcNow();
            if (!await db.Set<OutboxEvent>().AnyAsync(e => e.State == OutboxState.Pending && e.DueAt <= now, ct))
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"The outbox still has due events after {timeout}.");
            }

            await Task.Delay(5, ct);
        }
    }

    /// <summary>Claims and handles one batch of due events; returns how many it claimed.</summary>
    internal async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var owner = _node + ":" + Guid.NewGuid().ToString("N");
        List<Guid> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            claimed = await ClaimAsync(scope.ServiceProvider.GetRequiredService<MekongDb>(), owner, settings, ct);
        }

        if (claimed.Count == 0)
        {
            return 0;
        }

        if (claimed.Count == 1 || await HandleAsync(claimed, owner, ct) is not null)
        {
            foreach (var id in claimed)
            {
                if (await HandleAsync([id], owner, ct) is { } error)
                {
                    await FailAsync(id, owner, error, ct);
                }
            }
        }

        return claimed.Count;
    }

    /// <summary>Leases up to a batch of due events to <paramref name="owner"/>, oldest first.</summary>
    private async Task<List<Guid>> ClaimAsync(MekongDb db, string owner, OutboxOptions settings, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now.AddSeconds(settings.LeaseSeconds);
        var events = db.Set<OutboxEvent>();
        if (db.Database.IsNpgsql())
        {
            // Rows another node is claiming right now are skipped, not waited for.
            await db.Database.ExecuteSqlAsync($"""
                UPDATE outbox_events SET "LeaseOwner" = {owner}, "LeaseUntil" = {until}
                WHERE "Id" IN (
                    SELECT "Id" FROM outbox_events
                    WHERE "State" = 0 AND "DueAt" <= {now} AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                    ORDER BY "Id" LIMIT {settings.BatchSize}
                    FOR UPDATE SKIP LOCKED)
                """, ct);
        }
        else
        {
            var due = await events.AsNoTracking()
                .Where(e => e.State == OutboxState.Pending && e.DueAt <= now && (e.LeaseUntil == null || e.LeaseUntil < now))
                .OrderBy(e => e.Id).Select(e => e.Id).Take(settings.BatchSize).ToListAsync(ct);
            if (due.Count == 0)
            {
                return due;
            }

            // The lease: only rows still unclaimed when the update runs become ours.
            using var turn = await EnterAsync(ct);
            await events.Where(e => due.Contains(e.Id) && e.State == OutboxState.Pending && (e.LeaseUntil == null || e.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseOwner, owner).SetProperty(e => e.LeaseUntil, until), ct);
        }

        return await events.AsNoTracking().Where(e => e.LeaseOwner == owner).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
    }

    /// <summary>Runs the handlers of <paramref name="ids"/> in one scope and one transaction; the error when any failed (nothing is kept then).</summary>
    private async Task<string?> HandleAsync(List<Guid> ids, string owner, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        try
        {
            using var turn = await EnterAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var batch = await db.Set<OutboxEvent>().Where(e => ids.Contains(e.Id) && e.LeaseOwner == owner).OrderBy(e => e.Id).ToListAsync(ct);
            using var activity = MekongTelemetry.Activities.StartActivity("outbox dispatch");
            activity?.SetTag("mekong.outbox.events", batch.Count);
            foreach (var stored in batch)
            {
                if (_routes.TryGetValue(stored.Type, out var route))
                {
                    await route.Invoke(scope.ServiceProvider, stored, ct);
                }
            }

            var now = clock.GetUtcNow();
            foreach (var stored in batch)
            {
                stored.Handled(now);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            foreach (var stored in batch)
            {
                OutboxMetrics.Lag.Record((now - stored.CreatedAt).TotalSeconds);
            }

            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogBatchFailed(log, ids.Count, e.GetType().Name, e.Message);
            return e.GetType().Name + ": " + e.Message;
        }
    }

    /// <summary>Records a failed attempt: the event is due again after its backoff, or dead after the last attempt.</summary>
    private async Task FailAsync(Guid id, string owner, string error, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        var stored = await db.Set<OutboxEvent>().FirstOrDefaultAsync(e => e.Id == id && e.LeaseOwner == owner, ct);
        if (stored is null)
        {
            return;
        }

        stored.Failed(error, clock.GetUtcNow(), options.Value.MaxAttempts);
        await db.SaveChangesAsync(ct);
        if (stored.State == OutboxState.Dead)
        {
            LogDead(log, stored.Id, stored.Type, stored.Attempts, error);
        }
        else
        {
            LogRetry(log, stored.Id, stored.Type, stored.Attempts, stored.DueAt);
        }
    }

    /// <summary>Now and then: purges handled events past their retention and counts what is pending and dead for the gauges.</summary>
    private async Task HousekeepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _countedAt < CountEvery && now - _purgedAt < PurgeEvery)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        var events = db.Set<OutboxEvent>();
        if (now - _purgedAt >= PurgeEvery)
        {
            _purgedAt = now;
            var before = now.AddHours(-options.Value.RetentionHours);
            using var turn = await EnterAsync(ct);
            await events.Where(e => e.State == OutboxState.Done && e.HandledAt < before).ExecuteDeleteAsync(ct);
        }

        _countedAt = now;
        OutboxMetrics.Observe(
            await events.CountAsync(e => e.State == OutboxState.Pending, ct),
            await events.CountAsync(e => e.State == OutboxState.Dead, ct));
    }

    private async Task<IDisposable?> EnterAsync(CancellationToken ct) => _gate is null ? null : await _gate.EnterAsync(ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox leases could not be handed back at shutdown; they run out by themselves")]
    private static partial void LogReleaseFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed; retrying at the next poll")]
    private static partial void LogDispatchFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox batch of {Count} failed ({Error}: {Message}); handling its events one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox event {Id} ({Type}) failed (attempt {Attempts}); retrying at {DueAt}")]
    private static partial void LogRetry(ILogger logger, Guid id, string type, int attempts, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox event {Id} ({Type}) is dead after {Attempts} attempts: {Error}")]
    private static partial void LogDead(ILogger logger, Guid id, string type, int attempts, string error);
}

/// <summary>The outbox's instruments on <see cref="MekongTelemetry.Meter"/>.</summary>
internal static class OutboxMetrics
{
    private static long s_pending;
    private static long s_dead;

    public static readonly Histogram<double> Lag = MekongTelemetry.Meter.CreateHistogram<double>(
        "mekong.outbox.lag", "s", "Time from an event's commit to its handlers having run");

    public static readonly ObservableGauge<long> Pending = MekongTelemetry.Meter.CreateObservableGauge(
        "mekong.outbox.pending", () => Volatile.Read(ref s_pending), "{event}", "Events committed and not yet handled");

    public static readonly ObservableGauge<long> Dead = MekongTelemetry.Meter.CreateObservableGauge(
        "mekong.outbox.dead", () => Volatile.Read(ref s_dead), "{event}", "Events given up after their last attempt, waiting for an admin");

    public static void Observe(long pending, long dead)
    {
        Volatile.Write(ref s_pending, pending);
        Volatile.Write(ref s_dead, dead);
    }
}
