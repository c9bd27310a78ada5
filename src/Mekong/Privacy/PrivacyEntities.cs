using Mekong.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Privacy;

/// <summary>The choices a member makes about their data; each is separate and revocable.</summary>
public static class ConsentChoices
{
    public const string Personalization = "personalization";
    public const string Analytics = "analytics";
    public const string ExternalAi = "externalAi";

    public static readonly IReadOnlyList<string> All = [Personalization, Analytics, ExternalAi];
}

/// <summary>One answer a member gave, kept as history: which choice, yes or no, under which policy version, when.</summary>
public sealed class ConsentRecord
{
    private ConsentRecord() { }

    public ConsentRecord(Guid userId, string choice, bool granted, string policyVersion, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7(at);
        UserId = userId;
        Choice = choice;
        Granted = granted;
        PolicyVersion = policyVersion;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Choice { get; private set; } = "";
    public bool Granted { get; private set; }
    public string PolicyVersion { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
}

public enum ExportStatus
{
    Queued,
    Running,
    Ready,
    Failed,
    Downloaded,
    Expired,
}

/// <summary>
/// A member's request for a copy of their data. The ZIP lies in the export folder, never in the database; the
/// download link's token is stored only as a SHA-256 hash and works once, until <see cref="ExpiresAt"/>.
/// </summary>
public sealed class ExportJob
{
    private ExportJob() { }

    public ExportJob(Guid userId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        UserId = userId;
        RequestedAt = now;
        Status = ExportStatus.Queued;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public ExportStatus Status { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public string? TokenHash { get; private set; }
    public long? Bytes { get; private set; }

    public bool IsActive => Status is ExportStatus.Queued or ExportStatus.Running or ExportStatus.Ready;

    public void Start() => Status = ExportStatus.Running;

    public void Finish(long bytes, DateTimeOffset now, TimeSpan lifetime)
    {
        Status = ExportStatus.Ready;
        Bytes = bytes;
        CompletedAt = now;
        ExpiresAt = now + lifetime;
    }

    public void Fail(DateTimeOffset now)
    {
        Status = ExportStatus.Failed;
        CompletedAt = now;
    }

    /// <summary>A new link replaces the previous one: only the newest token opens the file.</summary>
    public void IssueToken(string tokenHash) => TokenHash = tokenHash;

    public void Downloaded() => Status = ExportStatus.Downloaded;

    public void Expire() => Status = ExportStatus.Expired;

    public bool HasExpired(DateTimeOffset now) => ExpiresAt is { } at && now >= at;
}

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> b)
    {
        b.ToTable("consents");
        b.HasKey(c => c.Id);
        b.HasIndex(c => new { c.UserId, c.Choice, c.Id });
        b.Property(c => c.Choice).HasMaxLength(32).IsRequired();
        b.Property(c => c.PolicyVersion).HasMaxLength(32).IsRequired();
        b.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExportJobConfiguration : IEntityTypeConfiguration<ExportJob>
{
    public void Configure(EntityTypeBuilder<ExportJob> b)
    {
        b.ToTable("exports");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.UserId, e.Id });
        b.HasIndex(e => e.TokenHash).IsUnique();
        b.HasIndex(e => new { e.Status, e.ExpiresAt });
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.TokenHash).HasMaxLength(64);
        b.Ignore(e => e.IsActive);
        b.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
