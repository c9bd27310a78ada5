using System.Text.Json;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Audit;

/// <summary>
/// Result of checking the chain: intact, or the first entry where it breaks and how: <c>changed</c> (its content
/// no longer matches its hash, or it no longer follows the entry before it), <c>removed</c> (a sequence is missing)
/// or <c>reordered</c> (an intact entry sits at another entry's place). <c>Entries</c>: the entries that check out.
/// </summary>
public sealed record AuditVerification(bool Intact, long Entries, long? FirstBrokenSequence, string? Problem = null, string? Detail = null)
{
    public const string Changed = "changed";
    public const string Removed = "removed";
    public const string Reordered = "reordered";
}

/// <summary>Writes and checks the moderation audit trail. Writes are serialized so the chain never forks.</summary>
public sealed class AuditLog(MekongDb db, TimeProvider clock)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Appends an entry and saves it together with whatever else the context holds, in one transaction.</summary>
    public async Task<AuditEntry> AppendAsync(Guid? actorId, string action, string subject, string reason, object? before = null, object? after = null, CancellationToken ct = default)
    {
        await Gate.WaitAsync(ct);
        try
        {
            var last = await db.AuditLog.OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
            var entry = new AuditEntry(
                (last?.Sequence ?? 0) + 1, clock.GetUtcNow(), actorId, action, subject, reason,
                before is null ? null : JsonSerializer.Serialize(before, Json),
                after is null ? null : JsonSerializer.Serialize(after, Json),
                last?.Hash ?? new string('0', 64));
            db.AuditLog.Add(entry);
            await db.SaveChangesAsync(ct);
            return entry;
        }
        finally
        {
            Gate.Release();
        }
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken ct = default) => VerifyAsync(db, ct);

    /// <summary>Walks the chain from the first entry; stops at the first link that does not hold.</summary>
    public static async Task<AuditVerification> VerifyAsync(MekongDb db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var previous = new string('0', 64);
        long expected = 1;
        var last = await db.AuditLog.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        await foreach (var entry in db.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (entry.Sequence != expected)
            {
                return Broken(expected, AuditVerification.Removed, $"entry {expected} is missing; the next entry is {entry.Sequence}");
            }

            if (AuditEntry.ComputeHash(entry) != entry.Hash)
            {
                // An entry that moved is intact where it was written: its hash holds at some other sequence.
                for (long place = 1; place <= last; place++)
                {
                    if (place != expected && AuditEntry.ComputeHash(entry, place) == entry.Hash)
                    {
                        return Broken(expected, AuditVerification.Reordered, $"entry {expected} holds the entry written as {place}");
                    }
                }

                return Broken(expected, AuditVerification.Changed, $"entry {expected} no longer matches its hash");
            }

            if (entry.PreviousHash != previous)
            {
                return Broken(expected, AuditVerification.Changed, $"entry {expected} does not follow entry {expected - 1}: one of them was rewritten");
            }

            previous = entry.Hash;
            expected++;
        }

        return new AuditVerification(true, expected - 1, null);

        static AuditVerification Broken(long sequence, string problem, string detail) => new(false, sequence - 1, sequence, problem, detail);
    }
}
