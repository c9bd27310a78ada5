using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mekong.Platform.Data;

/// <summary>
/// How a SQLite connection waits and syncs (<c>Database:SqliteSynchronous</c>, docs/configuration.md). WAL with
/// <c>synchronous=NORMAL</c> (the default) commits without an fsync: a commit survives the application crashing at any
/// point, and a power cut may lose the last commits but never corrupts the file. <c>FULL</c> fsyncs the WAL at every
/// commit, surviving a power cut too, at one fsync per write (about 4 ms on the reference machine's disk, which caps
/// SQLite at a few hundred writes per second). <c>busy_timeout</c> lets a writer from another process wait inside
/// SQLite in small steps instead of Microsoft.Data.Sqlite's 150 ms retry sleeps.
/// </summary>
internal sealed class SqliteConnectionSetup(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    private readonly string _pragmas = $"PRAGMA busy_timeout = 10000; PRAGMA synchronous = {(synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary><c>synchronous</c> for SQLite in WAL mode.</summary>
public enum SqliteSynchronous
{
    Normal,
    Full,
}

/// <summary>
/// SQLite has one writer at a time. Writers of this process queue here, in order, for a moment each (one
/// <c>SaveChanges</c>), instead of colliding inside SQLite and backing off with sleeps: under load the lock passes
/// from one commit to the next without a gap. A save inside an explicit transaction is not gated (the transaction
/// holds SQLite's lock already); code that opens a write transaction on a busy path enters the gate itself
/// (<see cref="EnterAsync"/>), as the outbox dispatcher does.
/// </summary>
public sealed class SqliteWriteGate : SaveChangesInterceptor, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConditionalWeakTable<DbContext, object> _holders = [];

    /// <summary>Waits for the write turn; dispose the result to pass it on.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        return new Turn(_gate);
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            await _gate.WaitAsync(cancellationToken);
            _holders.AddOrUpdate(context, this);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            _gate.Wait();
            _holders.AddOrUpdate(context, this);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Release(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    private void Release(DbContext? context)
    {
        if (context is not null && _holders.Remove(context))
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
