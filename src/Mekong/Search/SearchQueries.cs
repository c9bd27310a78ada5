using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Mekong.Communities;
using Mekong.Platform;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Review;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Search;

public sealed record SearchCommunity(Guid Id, string Slug, string Name);

/// <summary>
/// One hit. <see cref="Snippet"/> is HTML: the matched text escaped, the matched words in &lt;mark&gt;.
/// <see cref="TitleHtml"/> is the title escaped, with marks only when the title is part of what matched (a post or
/// a post's translation; a comment is found by its own words, its post's title only labels it). <see cref="Link"/>
/// leads to the post, or to the comment's anchor on it.
/// </summary>
public sealed record SearchHit(
    Guid PostId, SearchKind Kind, Guid Id, string Title, string Snippet, string Language, SearchCommunity Community, bool ViaTranslation, DateTimeOffset At,
    string TitleHtml, bool IsComment, string Link);

public sealed record FacetCount(string Value, int Count);

public sealed record CommunityFacet(Guid Id, string Slug, string Name, int Count);

public sealed record SearchFacets(IReadOnlyList<FacetCount> Languages, IReadOnlyList<CommunityFacet> Communities);

public sealed record SearchResult(string Query, IReadOnlyList<SearchHit> Hits, SearchFacets Facets, string? NextCursor);

/// <summary>Full-text search over what the reader may see: the Search feature's public face.</summary>
public sealed class SearchQueries(MekongDb db, CommunityQueries communities)
{
    public const int PageSize = 20;

    /// <summary>Characters of context around the first match in a snippet.</summary>
    public const int SnippetChars = 220;

    /// <summary>Escapes markup only: letters of every script stay as they are.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Validates the input (errors name q, lang, community, cursor); null when invalid.</summary>
    public async Task<SearchResult?> SearchAsync(string? q, string? lang, string? community, string? cursor, ClaimsPrincipal reader, Errors errors, CancellationToken ct = default)
    {
        var query = (q ?? "").Trim();
        if (query.Length == 0)
        {
            errors.Add("q", "Required: the words to search for.");
        }
        else if (query.Length > SearchText.QueryChars)
        {
            errors.Add("q", $"At most {SearchText.QueryChars} characters (got {query.Length}).");
        }

        errors.RefuseNul("q", query);
        var language = string.IsNullOrWhiteSpace(lang) ? null : errors.Language("lang", lang, Languages.Undetermined);
        Guid? communityId = null;
        if (!string.IsNullOrWhiteSpace(community))
        {
            var found = await communities.FindAsync(community.Trim(), ct);
            if (found is null)
            {
                errors.Add("community", "No community has that id or slug.");
            }
            else
            {
                communityId = found.Id;
            }
        }

        if (!TryDecodeCursor(cursor, out var after))
        {
            errors.Add("cursor", "Not a cursor this endpoint gave out.");
        }

        if (errors.Any)
        {
            return null;
        }

        var terms = SearchText.Query(query);
        if (terms.Count == 0)
        {
            return new SearchResult(query, [], new SearchFacets([], []), null);
        }

        if (db.Database.IsSqlite())
        {
            // Search reads many index rows: map the file instead of copying pages through read() (per connection;
            // pooled connections keep it). No memory of its own: the pages are the OS cache's.
            await db.Database.ExecuteSqlRawAsync("PRAGMA mmap_size = 268435456;", ct);
        }

        var hiddenPosts = await db.Posts.Where(p => p.DeletedAt != null || p.Moderation != ModerationState.Published).Select(p => p.Id).ToListAsync(ct);
        var visible = Visible(Matching(terms), await HiddenCommunitiesAsync(reader, ct), hiddenPosts);
        var filtered = communityId is { } cid ? visible.Where(e => e.CommunityId == cid) : visible;
        filtered = language is null ? filtered : filtered.Where(e => e.Language == language);

        var page = filtered;
        if (after is var (postId, id))
        {
            page = page.Where(e => e.PostId.CompareTo(postId) < 0 || (e.PostId == postId && e.Id < id));
        }

        var rows = await page.OrderByDescending(e => e.PostId).ThenByDescending(e => e.Id).Take(PageSize + 1).AsNoTracking().ToListAsync(ct);
        string? next = null;
        if (rows.Count > PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = EncodeCursor(rows[^1].PostId, rows[^1].Id);
        }

        // One pass for both facets: counts per (language, community), then the language facet applies the community
        // filter and the community facet the language filter.
        var cells = await visible.GroupBy(e => new { e.Language, e.CommunityId }).Select(g => new { g.Key.Language, g.Key.CommunityId, Count = g.Count() }).ToListAsync(ct);
        var languageFacet = cells.Where(c => communityId is null || c.CommunityId == communityId)
            .GroupBy(c => c.Language).Select(g => new { g.Key, Count = g.Sum(c => c.Count) }).ToList();
        var communityCounts = cells.Where(c => language is null || c.Language == language)
            .GroupBy(c => c.CommunityId).Select(g => new { g.Key, Count = g.Sum(c => c.Count) }).ToList();
        var communityIds = communityCounts.Select(c => c.Key).Concat(rows.Select(r => r.CommunityId)).Distinct().ToList();
        var names = await db.Communities.Where(c => communityIds.Contains(c.Id))
            .Select(c => new SearchCommunity(c.Id, c.Slug, c.Name)).ToDictionaryAsync(c => c.Id, ct);

        // A comment's translation carries no title of its own: label it with its post's title.
        var untitled = rows.Where(r => r.Title.Length == 0).Select(r => r.PostId).Distinct().ToList();
        Dictionary<Guid, string> titles = untitled.Count == 0 ? [] : await db.Posts.Where(p => untitled.Contains(p.Id)).Select(p => new { p.Id, p.Title }).ToDictionaryAsync(p => p.Id, p => p.Title, ct);
        var hits = rows.Select(r =>
        {
            var isComment = r.SourceId != r.PostId; // a comment, or a comment's translation
            var title = r.Title.Length == 0 ? titles.GetValueOrDefault(r.PostId, "") : r.Title;
            return new SearchHit(
                r.PostId, r.Kind, r.SourceId, title, Snippet(r.Text, terms), r.Language, names[r.CommunityId], r.Kind == SearchKind.Translation, r.At,
                isComment ? Html.Encode(title) : Highlight(title, terms), isComment, isComment ? $"/p/{r.PostId}#c-{r.SourceId}" : $"/p/{r.PostId}");
        }).ToList();
        var facets = new SearchFacets(
            [.. languageFacet.OrderByDescending(f => f.Count).ThenBy(f => f.Key, StringComparer.Ordinal).Select(f => new FacetCount(f.Key, f.Count))],
            [.. communityCounts.OrderByDescending(f => f.Count).ThenBy(f => names[f.Key].Name, StringComparer.Ordinal)
                .Select(f => new CommunityFacet(f.Key, names[f.Key].Slug, names[f.Key].Name, f.Count))]);
        return new SearchResult(query, hits, facets, next);
    }

    /// <summary>Entries whose tokens contain every term as a phrase.</summary>
    private IQueryable<SearchEntry> Matching(List<string[]> terms)
    {
        if (db.Database.IsSqlite())
        {
            // FTS5 query syntax: each term a quoted phrase, all required. Tokens hold no quotes (they are words).
            var match = string.Join(" AND ", terms.Select(t => "\"" + string.Join(' ', t).Replace("\"", "", StringComparison.Ordinal) + "\""));
            return db.Set<SearchEntry>().FromSqlRaw(
                "SELECT * FROM search_entries INDEXED BY " + SearchEntryConfiguration.CoveringIndex + " WHERE Id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH {0})", match);
        }

        var sql = new StringBuilder("""SELECT * FROM search_entries WHERE to_tsvector('simple', "Tokens") @@ (""");
        for (var i = 0; i < terms.Count; i++)
        {
            sql.Append(i == 0 ? "" : " && ").Append(CultureInfo.InvariantCulture, $"phraseto_tsquery('simple', {{{i}}})");
        }

        sql.Append(')');
        return db.Set<SearchEntry>().FromSqlRaw(sql.ToString(), [.. terms.Select(t => (object)string.Join(' ', t))]);
    }

    /// <summary>Members-only communities the reader is not in (none for site staff): usually a short list.</summary>
    private async Task<List<Guid>> HiddenCommunitiesAsync(ClaimsPrincipal reader, CancellationToken ct)
    {
        if (reader.IsStaff())
        {
            return [];
        }

        var userId = reader.Id();
        return await db.Communities
            .Where(c => c.Visibility == CommunityVisibility.MembersOnly
                && (userId == null || !db.Memberships.Any(m => m.CommunityId == c.Id && m.UserId == userId)))
            .Select(c => c.Id).ToListAsync(ct);
    }

    /// <summary>What the reader may see: published posts that are not deleted, outside the hidden communities;
    /// comments that are published and not deleted.</summary>
    /// <remarks>Hidden posts come as a list read through a small partial index (deleted posts leave the index when
    /// deleted and are purged after 30 days, so the list stays short).</remarks>
    private IQueryable<SearchEntry> Visible(IQueryable<SearchEntry> entries, List<Guid> hiddenCommunities, List<Guid> hiddenPosts)
    {
        if (hiddenCommunities.Count > 0)
        {
            entries = entries.Where(e => !hiddenCommunities.Contains(e.CommunityId));
        }

        if (hiddenPosts.Count > 0)
        {
            entries = entries.Where(e => !hiddenPosts.Contains(e.PostId));
        }

        return entries
            .Where(e => e.Kind != SearchKind.Comment
                || db.Comments.Any(c => c.Id == e.SourceId && c.DeletedAt == null && c.Moderation == ModerationState.Published));
    }

    /// <summary>
    /// Up to <see cref="SnippetChars"/> characters around the first match, HTML-escaped, with every matched phrase in
    /// &lt;mark&gt;. Matching runs on the same tokens as the index, so highlights fall on whole words of the original.
    /// </summary>
    public static string Snippet(string text, IReadOnlyList<string[]> terms)
    {
        var marks = Marks(text, terms);
        var from = marks.Count == 0 ? 0 : Math.Max(0, marks[0].Start - (SnippetChars / 4));
        var to = Math.Min(text.Length, from + SnippetChars);
        return Marked(text, marks, Boundary(text, from), Boundary(text, to));
    }

    /// <summary>The whole (short) text, HTML-escaped, with every matched phrase in &lt;mark&gt;.</summary>
    public static string Highlight(string text, IReadOnlyList<string[]> terms) => Marked(text, Marks(text, terms), 0, text.Length);

    private static List<(int Start, int End)> Marks(string text, IReadOnlyList<string[]> terms)
    {
        var tokens = SearchText.Tokenize(text);
        var marks = new List<(int Start, int End)>();
        for (var i = 0; i < tokens.Count; i++)
        {
            foreach (var term in terms)
            {
                if (i + term.Length <= tokens.Count && Enumerable.Range(0, term.Length).All(k => tokens[i + k].Value == term[k]))
                {
                    marks.Add((tokens[i].Start, tokens[i + term.Length - 1].End));
                    break;
                }
            }
        }

        return marks;
    }

    private static string Marked(string text, List<(int Start, int End)> marks, int from, int to)
    {
        var html = new StringBuilder();
        if (from > 0)
        {
            html.Append('…');
        }

        var at = from;
        foreach (var (start, end) in marks)
        {
            if (start < at || end > to)
            {
                continue;
            }

            html.Append(Html.Encode(text[at..start])).Append("<mark>").Append(Html.Encode(text[start..end])).Append("</mark>");
            at = end;
        }

        html.Append(Html.Encode(text[at..to]));
        if (to < text.Length)
        {
            html.Append('…');
        }

        return html.ToString();
    }

    /// <summary>Moves a cut back to the start of a text element, so no mark or surrogate half is cut off.</summary>
    private static int Boundary(string text, int index)
    {
        while (index > 0 && index < text.Length
            && (char.IsLowSurrogate(text[index]) || CharUnicodeInfo.GetUnicodeCategory(text[index]) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
        {
            index--;
        }

        return index;
    }

    private static string EncodeCursor(Guid postId, long id) =>
        Cursor.Encode(postId) + "." + id.ToString(CultureInfo.InvariantCulture);

    private static bool TryDecodeCursor(string? cursor, out (Guid PostId, long Id)? after)
    {
        after = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || !Cursor.TryDecode(cursor[..dot], out var postId) || postId is null
            || !long.TryParse(cursor[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        after = (postId.Value, id);
        return true;
    }
}
