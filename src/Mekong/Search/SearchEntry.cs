using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Search;

/// <summary>
/// One row of the search index: a post, comment or translation with its text as segmented, normalized tokens.
/// Derived data (rebuilt from posts, comments and translations), so its key is a database-made integer: SQLite's
/// FTS5 table and PostgreSQL's GIN index both key on it.
/// </summary>
public sealed class SearchEntry
{
    private SearchEntry() { }

    public SearchEntry(SearchDocument document, string text, string tokens)
    {
        Kind = document.Kind;
        SourceId = document.Id;
        Update(document, text, tokens);
    }

    public long Id { get; private set; }
    public SearchKind Kind { get; private set; }

    /// <summary>The post's or comment's id (for a translation: of what was translated).</summary>
    public Guid SourceId { get; private set; }

    public Guid PostId { get; private set; }
    public Guid CommunityId { get; private set; }
    public string Language { get; private set; } = "";
    public string Title { get; private set; } = "";

    /// <summary>Plain text (Markdown removed) for snippets.</summary>
    public string Text { get; private set; } = "";

    /// <summary>The text (and, for a post or a post's translation, the title) as space-joined normalized tokens: what
    /// the full-text index reads. A comment's <see cref="Title"/> (its post's) is shown with a hit but not indexed.</summary>
    public string Tokens { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public void Update(SearchDocument document, string text, string tokens)
    {
        PostId = document.PostId;
        CommunityId = document.CommunityId;
        Language = document.Language;
        Title = document.Title.Length > Platform.Limits.TitleChars ? document.Title[..Platform.Limits.TitleChars] : document.Title;
        Text = text;
        Tokens = tokens;
        At = document.At;
    }
}

internal sealed class SearchEntryConfiguration : IEntityTypeConfiguration<SearchEntry>
{
    public const string CoveringIndex = "ix_search_entries_cover";

    public void Configure(EntityTypeBuilder<SearchEntry> b)
    {
        b.ToTable("search_entries");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedOnAdd();
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Language).HasMaxLength(16).IsRequired();
        b.Property(e => e.Title).HasMaxLength(Platform.Limits.TitleChars).IsRequired();
        b.Property(e => e.Text).IsRequired();
        b.Property(e => e.Tokens).IsRequired();
        b.HasIndex(e => new { e.SourceId, e.Kind, e.Language }).IsUnique();
        b.HasIndex(e => new { e.PostId, e.Id });
        b.HasIndex(e => e.CommunityId);
        // Everything search filters, sorts and counts on, so matches are checked without reading the wide rows.
        b.HasIndex(e => new { e.Id, e.PostId, e.CommunityId, e.Language, e.Kind, e.SourceId }, CoveringIndex);
    }
}
