using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Mekong.Audit;

/// <summary>
/// One audited action (moderation, administration, privacy), append-only. Each entry carries the SHA-256 of its content and of the entry before it,
/// so changing or deleting any past entry breaks every hash after it (<see cref="AuditLog.VerifyAsync(CancellationToken)"/>).
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    internal AuditEntry(long sequence, DateTimeOffset at, Guid? actorId, string action, string subject, string reason, string? before, string? after, string previousHash)
    {
        Sequence = sequence;

        // Whole milliseconds: both databases store them exactly, so the hash recomputes after a round trip.
        At = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        ActorId = actorId;
        Action = action;
        Subject = subject;
        Reason = reason;
        Before = before;
        After = after;
        PreviousHash = previousHash;
        Hash = ComputeHash(this);
    }

    /// <summary>Position in the chain, from 1, without gaps.</summary>
    public long Sequence { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>Who acted; null for the automated screening.</summary>
    public Guid? ActorId { get; private set; }

    /// <summary>What was done, e.g. "decision.remove", "rule.create", "appeal.overturn".</summary>
    public string Action { get; private set; } = "";

    /// <summary>What it was done to, e.g. "post:0192…", "rule:0192…", "user:0192…".</summary>
    public string Subject { get; private set; } = "";

    public string Reason { get; private set; } = "";

    /// <summary>JSON of the state before and after, where the action changed one.</summary>
    public string? Before { get; private set; }

    public string? After { get; private set; }

    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    internal static string ComputeHash(AuditEntry e) => ComputeHash(e, e.Sequence);

    /// <summary>The hash the entry would have at <paramref name="sequence"/>: finds where a moved entry was written.</summary>
    internal static string ComputeHash(AuditEntry e, long sequence)
    {
        // Canonical form: fixed field order, invariant formatting, length-prefixed so no two entries collide.
        var canonical = new StringBuilder()
            .Append(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('|')
            .Append(e.At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('|')
            .Append(e.ActorId?.ToString("N") ?? "-").Append('|');
        foreach (var field in new[] { e.Action, e.Subject, e.Reason, e.Before ?? "\0", e.After ?? "\0", e.PreviousHash })
        {
            canonical.Append(field.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>
    /// The application side of append-only (the database refuses too, by trigger): a save that would change or
    /// remove an entry is refused before it reaches the database.
    /// </summary>
    public static void RefuseRewrites(ChangeTracker changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit log is append-only: its entries are never changed or removed.");
        }
    }
}
