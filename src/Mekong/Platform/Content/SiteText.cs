using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Platform.Content;

/// <summary>A page of the site its admins write, such as the community guidelines, in Markdown.</summary>
public sealed class SiteText
{
    private SiteText() { }

    public SiteText(string key, string markdown, string html, Guid? updatedBy, DateTimeOffset now)
    {
        Key = key;
        Update(markdown, html, updatedBy, now);
    }

    public string Key { get; private set; } = "";
    public string Markdown { get; private set; } = "";
    public string Html { get; private set; } = "";
    public Guid? UpdatedBy { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Update(string markdown, string html, Guid? updatedBy, DateTimeOffset now)
    {
        Markdown = markdown;
        Html = html;
        UpdatedBy = updatedBy;
        UpdatedAt = now;
    }
}

internal sealed class SiteTextConfiguration : IEntityTypeConfiguration<SiteText>
{
    public void Configure(EntityTypeBuilder<SiteText> b)
    {
        b.ToTable("site_texts");
        b.HasKey(t => t.Key);
        b.Property(t => t.Key).HasMaxLength(64);
        b.Property(t => t.Markdown).IsRequired();
        b.Property(t => t.Html).IsRequired();
    }
}
