using System.Diagnostics;
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
using Microsoft.Extensions.Options;

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

/// <summary>
/// One page of hits. <see cref="Sort"/> is <c>relevance</c> or <c>newest</c>. When <see cref="FacetsCapped"/> is true
/// the query matched more than <see cref="SearchOptions.FacetCap"/> index entries and the facet counts were made over
/// the newest of them: each count is then a lower bound.
/// </summary>
public sealed record SearchResult(string Query, IReadOnlyList<SearchHit> Hits, SearchFacets Facets, string? NextCursor, string Sort = "relevance", bool FacetsCapped = false);

/// <summary>An index entry's id and its relevance (higher is better): BM25 on SQLite, ts_rank_cd on PostgreSQL.</summary>
internal sealed class ScoredEntry
{
    public long Id { get; set; }
    public double Score { get; set; }
}

/// <summary>Full-text search over what the reader may see: the Search feature's public face.</summary>
public sealed class SearchQueries(MekongDb db, CommunityQueries communities, IOptions<SearchOptions>? options = null)
{
    public const int PageSize = 20;

    /// <summary>Characters of context around the first match in a snippet.</summary>
    public const int SnippetChars = 220;

    /// <summary>Escapes markup only: letters of every script stay as they are.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>How many best matches the second round of top-k ranking takes when the first 80 left less than a page
    /// visible (a filter or a members-only community hid most of them); the third round ranks every match.</summary>
    private const int RankedSecondRound = 2_000;

    private readonly int _facetCap = options?.Value.FacetCap ?? new SearchOptions().FacetCap;

    /// <summary>Newest first (feeds): validates the input (errors name q, lang, community, cursor); null when invalid.</summary>
    public Task<SearchResult?> SearchAsync(string? q, string? lang, string? community, string? cursor, ClaimsPrincipal reader, Errors errors, CancellationToken ct = default) =>
        SearchAsync(q, lang, community, cursor, "newest", reader, errors, ct);

    /// <summary>Validates the input (errors name q, lang, community, cursor, sort); null when invalid. <paramref name="sort"/>
    /// is <c>relevance</c> (the default when empty) or <c>newest</c>.</summary>
    public async Task<SearchResult?> SearchAsync(string? q, string? lang, string? community, string? cursor, string? sort, ClaimsPrincipal reader, Errors errors, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
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
        var order = SearchSort.Relevance;
        var sortText = sort?.Trim() ?? "";
        if (string.Equals(sortText, "newest", StringComparison.OrdinalIgnoreCase))
        {
            order = SearchSort.Newest;
        }
        else if (sortText.Length > 0 && !string.Equals(sortText, "relevance", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("sort", "Either relevance (the default) or newest.");
        }

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

        (Guid PostId, long Id)? after = null;
        (double Score, long Id)? afterScore = null;
        if (order == SearchSort.Newest ? !TryDecodeCursor(cursor, out after) : !TryDecodeScoreCursor(cursor, out afterScore))
        {
            errors.Add("cursor", "Not a cursor this endpoint gave out for this sort.");
        }

        if (errors.Any)
        {
            return null;
        }

        var sortName = order == SearchSort.Newest ? "newest" : "relevance";
        var terms = SearchText.Query(query);
        if (terms.Count == 0)
        {
            return new SearchResult(query, [], new SearchFacets([], []), null, sortName);
        }

        if (db.Database.IsSqlite())
        {
            // Search reads many index rows: map the file instead of copying pages through read() (per connection;
            // pooled connections keep it). No memory of its own: the pages are the OS cache's.
            await db.Database.ExecuteSqlRawAsync("PRAGMA mmap_size = 268435456;", ct);
        }

        var hiddenCommunities = await HiddenCommunitiesAsync(reader, ct);
        var hiddenPosts = await db.Posts.Where(p => p.DeletedAt != null || p.Moderation != ModerationState.Published).Select(p => p.Id).ToListAsync(ct);

        // How many entries match, counted no further than the facet cap: bounds the facets and the ranking below.
        var matched = await MatchCountAsync(terms, _facetCap + 1, ct);
        var facetsCapped = matched > _facetCap;

        IQueryable<SearchEntry> Filtered(IQueryable<SearchEntry> entries)
        {
            var visible = Visible(entries, hiddenCommunities, hiddenPosts);
            visible = communityId is { } cid ? visible.Where(e => e.CommunityId == cid) : visible;
            return language is null ? visible : visible.Where(e => e.Language == language);
        }

        List<long> pageIds;
        string? next = null;
        if (order == SearchSort.Newest)
        {
            var page = Filtered(Matching(terms));
            if (after is var (postId, id))
            {
                page = page.Where(e => e.PostId.CompareTo(postId) < 0 || (e.PostId == postId && e.Id < id));
            }

            var keys = await page.OrderByDescending(e => e.PostId).ThenByDescending(e => e.Id).Select(e => new { e.Id, e.PostId }).Take(PageSize + 1).ToListAsync(ct);
            if (keys.Count > PageSize)
            {
                keys.RemoveAt(keys.Count - 1);
                next = EncodeCursor(keys[^1].PostId, keys[^1].Id);
            }

            pageIds = [.. keys.Select(k => k.Id)];
        }
        else
        {
            // Top-k: rank the matches inside the full-text index, take the best k, then apply visibility and the
            // filters; when fewer than a page survive, take more (k grows, then every match is ranked).
            List<ScoredEntry> keys = [];
            foreach (var k in (int?[])[PageSize * 4, RankedSecondRound, null])
            {
                keys = await Ranked(terms, k, afterScore).Join(Filtered(db.SearchEntries), s => s.Id, e => e.Id, (s, e) => s)
                    .OrderByDescending(s => s.Score).ThenByDescending(s => s.Id).Take(PageSize + 1).ToListAsync(ct);
                if (keys.Count > PageSize || k is null || (!facetsCapped && matched <= k))
                {
                    break;
                }
            }

            if (keys.Count > PageSize)
            {
                keys.RemoveAt(keys.Count - 1);
                next = EncodeScoreCursor(keys[^1].Score, keys[^1].Id);
            }

            pageIds = [.. keys.Select(k => k.Id)];
        }

        var loaded = await db.SearchEntries.AsNoTracking().Where(e => pageIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var rows = pageIds.Where(loaded.ContainsKey).Select(id => loaded[id]).ToList();

        // One pass for both facets: counts per (language, community), then the language facet applies the community
        // filter and the community facet the language filter. Above the cap, over the newest matches only.
        var counted = Visible(facetsCapped ? NewestMatching(terms, _facetCap) : Matching(terms), hiddenCommunities, hiddenPosts);
        var cells = await counted.GroupBy(e => new { e.Language, e.CommunityId }).Select(g => new { g.Key.Language, g.Key.CommunityId, Count = g.Count() }).ToListAsync(ct);
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
        SearchTelemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("sort", sortName));
        return new SearchResult(query, hits, facets, next, sortName, facetsCapped);
    }

    /// <summary>The FTS5 query (SQLite) or the tsquery's phrases (PostgreSQL) for the terms.</summary>
    private static string FtsMatch(List<string[]> terms) =>
        // FTS5 query syntax: each term a quoted phrase, all required. Tokens hold no quotes (they are words).
        string.Join(" AND ", terms.Select(t => "\"" + string.Join(' ', t).Replace("\"", "", StringComparison.Ordinal) + "\""));

    private static string TsQuery(int count)
    {
        var sql = new StringBuilder("(");
        for (var i = 0; i < count; i++)
        {
            sql.Append(i == 0 ? "" : " && ").Append(CultureInfo.InvariantCulture, $"phraseto_tsquery('simple', {{{i}}})");
        }

        return sql.Append(')').ToString();
    }

    private static object[] TsArguments(List<string[]> terms) => [.. terms.Select(t => (object)string.Join(' ', t))];

    /// <summary>
    /// Matching entries with their relevance, best first, at most <paramref name="limit"/> (all when null), after the
    /// cursor's (score, id) when given. SQLite: FTS5's BM25 (negated, so higher is better); PostgreSQL: ts_rank_cd with
    /// length normalization 1. Equal scores: the newer index entry first.
    /// </summary>
    private IQueryable<ScoredEntry> Ranked(List<string[]> terms, int? limit, (double Score, long Id)? after)
    {
        if (db.Database.IsSqlite())
        {
            var sqlite = "SELECT rowid AS Id, -bm25(search_fts) AS Score FROM search_fts WHERE search_fts MATCH {0}"
                + (after is null ? "" : " AND (-bm25(search_fts) < {2} OR (-bm25(search_fts) = {2} AND rowid < {3}))")
                + " ORDER BY Score DESC, Id DESC LIMIT {1}";
            object[] parameters = after is { } a ? [FtsMatch(terms), limit ?? -1, a.Score, a.Id] : [FtsMatch(terms), limit ?? -1];
            return db.Database.SqlQueryRaw<ScoredEntry>(sqlite, parameters);
        }

        var n = terms.Count;
        var query = TsQuery(n);
        var arguments = TsArguments(terms).Append(limit ?? int.MaxValue);
        if (after is { } last)
        {
            arguments = arguments.Concat([last.Score, last.Id]);
        }

        var afterWhere = after is null ? "" : string.Create(CultureInfo.InvariantCulture, $" WHERE \"Score\" < {{{n + 1}}} OR (\"Score\" = {{{n + 1}}} AND \"Id\" < {{{n + 2}}})");
        var postgres = """SELECT "Id", "Score" FROM (SELECT "Id", ts_rank_cd(to_tsvector('simple', "Tokens"), """ + query
            + """, 1)::float8 AS "Score" FROM search_entries WHERE to_tsvector('simple', "Tokens") @@ """ + query + ") AS ranked" + afterWhere
            + """ ORDER BY "Score" DESC, "Id" DESC LIMIT {""" + n.ToString(CultureInfo.InvariantCulture) + "}";
        return db.Database.SqlQueryRaw<ScoredEntry>(postgres, [.. arguments]);
    }

    /// <summary>How many entries match, counting no further than <paramref name="limit"/>.</summary>
    private async Task<int> MatchCountAsync(List<string[]> terms, int limit, CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            return await db.Database.SqlQueryRaw<int>(
                "SELECT count(*) AS Value FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH {0} LIMIT {1})", FtsMatch(terms), limit).SingleAsync(ct);
        }

        return await Matching(terms).Select(e => e.Id).Take(limit).CountAsync(ct);
    }

    /// <summary>The newest <paramref name="limit"/> matching entries (by index entry id).</summary>
    private IQueryable<SearchEntry> NewestMatching(List<string[]> terms, int limit)
    {
        if (db.Database.IsSqlite())
        {
            return db.Set<SearchEntry>().FromSqlRaw(
                "SELECT * FROM search_entries INDEXED BY " + SearchEntryConfiguration.CoveringIndex
                + " WHERE Id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH {0} ORDER BY rowid DESC LIMIT {1})", FtsMatch(terms), limit);
        }

        return Matching(terms).OrderByDescending(e => e.Id).Take(limit);
    }

    /// <summary>Entries whose tokens contain every term as a phrase.</summary>
    private IQueryable<SearchEntry> Matching(List<string[]> terms)
    {
        if (db.Database.IsSqlite())
        {
            return db.Set<SearchEntry>().FromSqlRaw(
                "SELECT * FROM search_entries INDEXED BY " + SearchEntryConfiguration.CoveringIndex + " WHERE Id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH {0})", FtsMatch(terms));
        }

        var sql = """SELECT * FROM search_entries WHERE to_tsvector('simple', "Tokens") @@ """ + TsQuery(terms.Count);
        return db.Set<SearchEntry>().FromSqlRaw(sql, TsArguments(terms));
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

    /// <summary>A relevance cursor: "r", the score's bits in hex, the entry id (the keyset of score, then id).</summary>
    private static string EncodeScoreCursor(double score, long id) =>
        "r." + BitConverter.DoubleToInt64Bits(score).ToString("x16", CultureInfo.InvariantCulture) + "." + id.ToString(CultureInfo.InvariantCulture);

    private static bool TryDecodeScoreCursor(string? cursor, out (double Score, long Id)? after)
    {
        after = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        var parts = cursor.Split('.');
        if (parts.Length != 3 || parts[0] != "r" || parts[1].Length != 16
            || !long.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        var score = BitConverter.Int64BitsToDouble(bits);
        if (!double.IsFinite(score))
        {
            return false;
        }

        after = (score, id);
        return true;
    }

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
