using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Search;

/// <summary>
/// Keeps <c>search_entries</c> in step with posts, comments and translations. The full-text structures follow
/// by themselves: SQLite's FTS5 table through triggers, PostgreSQL's GIN expression index on every write.
/// A post or comment has one entry (its language may change on edit); a translation one per language.
/// </summary>
public sealed class SearchIndexer(MekongDb db) : ISearchIndexer
{
    public async Task IndexAsync(SearchDocument document, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = PlainText(document.Text);
        var tokens = Tokens(document, text);
        var existing = await db.Set<SearchEntry>().FirstOrDefaultAsync(
            e => e.SourceId == document.Id && e.Kind == document.Kind && (document.Kind != SearchKind.Translation || e.Language == document.Language), ct);
        if (existing is null)
        {
            db.Set<SearchEntry>().Add(new SearchEntry(document, text, tokens));
        }
        else
        {
            existing.Update(document, text, tokens);
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveAsync(SearchKind kind, Guid id, string? language = null, CancellationToken ct = default)
    {
        var entries = db.Set<SearchEntry>().Where(e => e.SourceId == id);
        entries = kind == SearchKind.Translation
            ? entries.Where(e => e.Kind == SearchKind.Translation && (language == null || e.Language == language))
            : entries.Where(e => e.Kind == kind || e.Kind == SearchKind.Translation); // a post or comment takes its translations along
        await entries.ExecuteDeleteAsync(ct);
    }

    /// <summary>A new index row for <paramref name="document"/>.</summary>
    public static SearchEntry Entry(SearchDocument document)
    {
        var text = PlainText(document.Text);
        return new SearchEntry(document, text, Tokens(document, text));
    }

    /// <summary>
    /// What a document is found by: a post (or a post's translation) by its title and body, a comment (or its
    /// translation) by its own words only. The post title a comment hit shows is stored for display, never indexed,
    /// so a post's title is found once, in the post, and not again in each of its comments.
    /// </summary>
    internal static string Tokens(SearchDocument document, string text) =>
        SearchText.Prepare(IndexesTitle(document) ? document.Title + "\n" + text : text);

    /// <summary>Posts, and translations of posts (a translation's id is then its post's id), carry an indexed title.</summary>
    internal static bool IndexesTitle(SearchDocument document) =>
        document.Kind == SearchKind.Post || (document.Kind == SearchKind.Translation && document.Id == document.PostId);

    /// <summary>Markdown to plain text, bounded to what is indexed.</summary>
    internal static string PlainText(string markdown)
    {
        var plain = Platform.Content.MarkdownRenderer.ToPlainText(markdown).ReplaceLineEndings(" ").Trim();
        return plain.Length > SearchText.IndexedChars ? plain[..SearchText.IndexedChars] : plain;
    }
}
