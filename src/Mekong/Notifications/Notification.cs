using Mekong.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Notifications;

/// <summary>A message to one member: a moderation decision, an appeal's outcome, and later replies and mentions.</summary>
public sealed class Notification
{
    private Notification() { }

    public Notification(Guid userId, string kind, string text, string? link, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        UserId = userId;
        Kind = kind;
        Text = text;
        Link = link;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }

    /// <summary>e.g. "moderation.decision", "moderation.appeal".</summary>
    public string Kind { get; private set; } = "";

    public string Text { get; private set; } = "";
    public string? Link { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.HasKey(n => n.Id);
        b.HasIndex(n => new { n.UserId, n.Id });
        b.Property(n => n.Kind).HasMaxLength(64).IsRequired();
        b.Property(n => n.Text).HasMaxLength(4000).IsRequired();
        b.Property(n => n.Link).HasMaxLength(500);
        b.HasOne<User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
