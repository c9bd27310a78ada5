using Mekong.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Review;

internal sealed class WatchedTermConfiguration : IEntityTypeConfiguration<WatchedTerm>
{
    public void Configure(EntityTypeBuilder<WatchedTerm> b)
    {
        b.ToTable("watched_terms");
        b.HasKey(t => t.Id);
        b.Property(t => t.Pattern).HasMaxLength(ReviewLimits.PatternChars).IsRequired();
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Action).HasConversion<string>().HasMaxLength(24);
        b.Property(t => t.Language).HasMaxLength(16);
        b.Property(t => t.Tag).HasMaxLength(Platform.Limits.TagChars);
        b.Property(t => t.Reason).HasMaxLength(ReviewLimits.ReasonChars).IsRequired();
        b.HasIndex(t => new { t.CommunityId, t.Pattern, t.Kind, t.Language }).IsUnique();
    }
}

internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> b)
    {
        b.ToTable("review_items");
        b.HasKey(i => i.Id);
        b.HasIndex(i => new { i.Kind, i.ContentId }).IsUnique();
        b.HasIndex(i => new { i.Status, i.Id });
        b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(24);
        b.Property(i => i.Language).HasMaxLength(16).IsRequired();
        b.Property(i => i.Snapshot).IsRequired();
        b.Property(i => i.Reasons).IsRequired();
        b.HasOne<User>().WithMany().HasForeignKey(i => i.AuthorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> b)
    {
        b.ToTable("reports");
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.ReviewItemId, r.ReporterId }).IsUnique();
        b.HasIndex(r => new { r.ReporterId, r.CreatedAt });
        b.Property(r => r.Reason).HasConversion<string>().HasMaxLength(24);
        b.Property(r => r.Note).HasMaxLength(ReviewLimits.NoteChars).IsRequired();
        b.HasOne<ReviewItem>().WithMany().HasForeignKey(r => r.ReviewItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DecisionConfiguration : IEntityTypeConfiguration<Decision>
{
    public void Configure(EntityTypeBuilder<Decision> b)
    {
        b.ToTable("decisions");
        b.HasKey(d => d.Id);
        b.HasIndex(d => d.ReviewItemId);
        b.HasIndex(d => new { d.AuthorId, d.Id });
        b.Property(d => d.Action).HasConversion<string>().HasMaxLength(24);
        b.Property(d => d.Rule).HasMaxLength(ReviewLimits.ReasonChars).IsRequired();
        b.Property(d => d.Note).HasMaxLength(ReviewLimits.NoteChars).IsRequired();
        b.HasOne<ReviewItem>().WithMany().HasForeignKey(d => d.ReviewItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AppealConfiguration : IEntityTypeConfiguration<Appeal>
{
    public void Configure(EntityTypeBuilder<Appeal> b)
    {
        b.ToTable("appeals");
        b.HasKey(a => a.Id);
        b.HasIndex(a => a.DecisionId).IsUnique(); // one appeal per decision
        b.HasIndex(a => new { a.Status, a.Id });
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Statement).HasMaxLength(ReviewLimits.NoteChars).IsRequired();
        b.Property(a => a.Outcome).HasMaxLength(ReviewLimits.NoteChars).IsRequired();
        b.HasOne<Decision>().WithMany().HasForeignKey(a => a.DecisionId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Sizes and rates of the review feature; docs/api.md lists them.</summary>
public static class ReviewLimits
{
    public const int PatternChars = 500;
    public const int ReasonChars = 500;
    public const int NoteChars = 2000;
    public const int ReportsPerHour = 20;
    public const int MaxSilenceDays = 365;
    public const int CsvBytes = 1024 * 1024;
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(50);
}
