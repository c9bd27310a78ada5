using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Review;

/// <summary>
/// One moderation action, append-only. Each entry carries the SHA-256 of its content and of the entry before it,
/// so changing or deleting any past entry breaks every hash after it (<see cref="AuditLog.VerifyAsync"/>).
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

    internal static string ComputeHash(AuditEntry e)
    {
        // Canonical form: fixed field order, invariant formatting, length-prefixed so no two entries collide.
        var canonical = new StringBuilder()
            .Append(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('|')
            .Append(e.At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('|')
            .Append(e.ActorId?.ToString("N") ?? "-").Append('|');
        foreach (var field in new[] { e.Action, e.Subject, e.Reason, e.Before ?? "\0", e.After ?? "\0", e.PreviousHash })
        {
            canonical.Append(field.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.Action).HasMaxLength(64).IsRequired();
        b.Property(e => e.Subject).HasMaxLength(128).IsRequired();
        b.Property(e => e.Reason).HasMaxLength(2000).IsRequired();
        b.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
        b.Property(e => e.Hash).HasMaxLength(64).IsRequired();
        b.HasIndex(e => e.Subject);
    }
}

/// <summary>Result of checking the chain: intact, or the first entry whose hash does not hold.</summary>
public sealed record AuditVerification(bool Intact, long Entries, long? FirstBrokenSequence);

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

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var previous = new string('0', 64);
        long expected = 1;
        await foreach (var entry in db.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (entry.Sequence != expected || entry.PreviousHash != previous || AuditEntry.ComputeHash(entry) != entry.Hash)
            {
                return new AuditVerification(false, expected - 1, expected);
            }

            previous = entry.Hash;
            expected++;
        }

        return new AuditVerification(true, expected - 1, null);
    }
}
