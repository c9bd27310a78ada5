using System.Security.Claims;
using Mekong.Communities;
using Mekong.Discussion;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Review;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Posts;

public sealed record AuthorView(Guid Id, string DisplayName, string HomeCountry);

public sealed record PostSummary(
    Guid Id,
    Guid CommunityId,
    AuthorView Author,
    string Title,
    string Excerpt,
    IReadOnlyList<string> Tags,
    string Language,
    string Origin,
    DateTimeOffset CreatedAt,
    int CommentCount,
    int ReactionCount,
    int ShareCount);

public sealed record PostView(
    Guid Id,
    Guid CommunityId,
    string CommunitySlug,
    string CommunityName,
    AuthorView Author,
    string Title,
    string Body,
    string BodyHtml,
    IReadOnlyList<string> Tags,
    string Language,
    string Origin,
    int Revision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt,
    ModerationState Moderation,
    int CommentCount,
    int ShareCount,
    IReadOnlyDictionary<string, int> Reactions,
    IReadOnlyList<string> MyReactions,
    bool Bookmarked)
{
    /// <summary>With <c>?lang=xx</c> other than the post's language: the post in that language.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Translation.TranslationView? Translation { get; init; }
}

/// <summary>A page of a post list read in either direction: the older page's cursor and, when there are newer posts, the newer one's.</summary>
public sealed record PostListing(Page<PostSummary> Page, string? NewerCursor);

/// <summary>A post a reader is allowed to see, with what they may do to it.</summary>
public sealed record ReadablePost(Post Post, CommunityAccess Access, Guid? ReaderId)
{
    public bool IsAuthor => ReaderId == Post.AuthorId;

    public bool CanDelete => IsAuthor || Access.CanModerate;
}

/// <summary>The Posts feature's public face: reads other features and pages call.</summary>
public sealed class PostQueries(MekongDb db, CommunityQueries communities)
{
    /// <summary>
    /// The post if the reader may see it. Deleted posts are visible only to their author (who may restore them);
    /// posts of members-only communities only to members and staff; held or removed posts only to their author
    /// and moderators. Otherwise null, reported as 404 or 403.
    /// </summary>
    public async Task<(ReadablePost? Post, bool Forbidden)> ReadAsync(Guid postId, ClaimsPrincipal reader, CancellationToken ct = default)
    {
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == postId, ct);
        var readerId = reader.Id();
        var isAuthor = post is not null && post.AuthorId == readerId;
        if (post is null || (post.IsDeleted && !isAuthor))
        {
            return (null, false);
        }

        var access = await communities.AccessByIdAsync(post.CommunityId, reader, ct);
        if (access is not { CanRead: true })
        {
            return (null, true);
        }

        // Held and removed posts are seen by their author and by those who moderate them, by no one else.
        return post.Moderation == ModerationState.Published || isAuthor || access.CanModerate
            ? (new ReadablePost(post, access, readerId), false)
            : (null, false);
    }

    public async Task<PostView> ViewAsync(ReadablePost readable, CancellationToken ct = default)
    {
        var post = readable.Post;
        var author = await db.Users.Where(u => u.Id == post.AuthorId)
            .Select(u => new AuthorView(u.Id, u.DisplayName, u.HomeCountry)).FirstAsync(ct);
        var counts = await db.Reactions.Where(r => r.PostId == post.Id).GroupBy(r => r.Kind)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var mine = readable.ReaderId is { } me
            ? await db.Reactions.Where(r => r.PostId == post.Id && r.UserId == me).Select(r => r.Kind).ToListAsync(ct)
            : [];
        var bookmarked = readable.ReaderId is { } reader && await db.Bookmarks.AnyAsync(b => b.PostId == post.Id && b.UserId == reader, ct);
        var c = readable.Access.Community;
        return new PostView(
            post.Id, c.Id, c.Slug, c.Name, author, post.Title, post.Body, post.BodyHtml, post.TagList, post.Language, post.Origin,
            post.Revision, post.CreatedAt, post.UpdatedAt, post.DeletedAt, post.Moderation, post.CommentCount, post.ShareCount,
            counts.OrderBy(x => x.Key).ToDictionary(x => ReactionKinds.Name(x.Key), x => x.Count, StringComparer.Ordinal),
            [.. mine.Order().Select(ReactionKinds.Name)],
            bookmarked);
    }

    /// <summary>Newest posts of a community (not deleted), optionally with one tag or in one language.</summary>
    public async Task<Page<PostSummary>> ListAsync(Guid communityId, Guid? after, int size, string? tag, string? language, CancellationToken ct = default)
    {
        var query = db.Posts.AsNoTracking().Where(p => p.CommunityId == communityId && p.DeletedAt == null && p.Moderation == ModerationState.Published);
        return await PageAsync(Filter(query, after, tag, language), size, ct);
    }

    /// <summary>Newest posts across the public communities: the home page's "latest".</summary>
    public async Task<Page<PostSummary>> LatestPublicAsync(Guid? after, int size, string? authorId = null, string? tag = null, CancellationToken ct = default)
    {
        var query = from p in db.Posts.AsNoTracking()
                    join c in db.Communities on p.CommunityId equals c.Id
                    where p.DeletedAt == null && p.Moderation == ModerationState.Published && c.Visibility == CommunityVisibility.Public
                    select p;
        if (Guid.TryParse(authorId, out var author))
        {
            query = query.Where(p => p.AuthorId == author);
        }

        return await PageAsync(Filter(query, after, tag, null), size, ct);
    }

    /// <summary>Public, published posts for the sitemap, newest first: their id, last change and language.</summary>
    public async Task<List<(Guid Id, DateTimeOffset UpdatedAt, string Language)>> PublicIndexAsync(int size, CancellationToken ct = default)
    {
        var rows = await (from p in db.Posts.AsNoTracking()
                          join c in db.Communities on p.CommunityId equals c.Id
                          where p.DeletedAt == null && p.Moderation == ModerationState.Published && c.Visibility == CommunityVisibility.Public
                          orderby p.Id descending
                          select new { p.Id, p.UpdatedAt, p.Language }).Take(size).ToListAsync(ct);
        return [.. rows.Select(r => (r.Id, r.UpdatedAt, r.Language))];
    }

    /// <summary>
    /// A page of a community's posts (as <see cref="ListAsync"/>) for the pages: <paramref name="after"/> pages to older
    /// posts, <paramref name="before"/> back to newer ones, so a reader can page both ways and return where they were.
    /// </summary>
    public async Task<PostListing> CommunityPageAsync(Guid communityId, Guid? after, Guid? before, int size, string? tag, CancellationToken ct = default)
    {
        var query = db.Posts.AsNoTracking().Where(p => p.CommunityId == communityId && p.DeletedAt == null && p.Moderation == ModerationState.Published);
        return await BothWaysAsync(Filter(query, null, tag, null), after, before, size, ct);
    }

    /// <summary>The home page's latest public posts, paged both ways (see <see cref="CommunityPageAsync"/>).</summary>
    public async Task<PostListing> LatestPublicPageAsync(Guid? after, Guid? before, int size, CancellationToken ct = default)
    {
        var query = from p in db.Posts.AsNoTracking()
                    join c in db.Communities on p.CommunityId equals c.Id
                    where p.DeletedAt == null && p.Moderation == ModerationState.Published && c.Visibility == CommunityVisibility.Public
                    select p;
        return await BothWaysAsync(query, after, before, size, ct);
    }

    private async Task<PostListing> BothWaysAsync(IQueryable<Post> query, Guid? after, Guid? before, int size, CancellationToken ct)
    {
        if (before is not { } b)
        {
            var older = await PageAsync(Filter(query, after, null, null), size, ct);
            return new PostListing(older, after is not null && older.Items.Count > 0 ? Cursor.Encode(older.Items[0].Id) : null);
        }

        // Newer than the cursor: read upwards, then show newest first like every other page.
        var rows = await Summaries(query.Where(p => p.Id.CompareTo(b) > 0).OrderBy(p => p.Id).Take(size + 1), newestFirst: false).ToListAsync(ct);
        var more = rows.Count > size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        rows.Reverse();
        var items = rows.Select(r => r.Summary()).ToList();
        return new PostListing(
            new Page<PostSummary>(items, Cursor.Encode(items.Count > 0 ? items[^1].Id : b)),
            more ? Cursor.Encode(items[0].Id) : null);
    }

    private static IQueryable<Post> Filter(IQueryable<Post> query, Guid? after, string? tag, string? language)
    {
        if (after is { } a)
        {
            query = query.Where(p => p.Id.CompareTo(a) < 0);
        }

        if (!string.IsNullOrWhiteSpace(tag))
        {
            var wrapped = "," + tag.Trim().ToLowerInvariant() + ",";
            query = query.Where(p => p.Tags.Contains(wrapped));
        }

        if (!string.IsNullOrWhiteSpace(language))
        {
            query = query.Where(p => p.Language == language);
        }

        return query;
    }

    private async Task<Page<PostSummary>> PageAsync(IQueryable<Post> query, int size, CancellationToken ct)
    {
        var rows = await Summaries(query.OrderByDescending(p => p.Id).Take(size + 1), newestFirst: true).ToListAsync(ct);
        var page = Cursor.ToPage(rows, size, r => r.Id);
        return new Page<PostSummary>([.. page.Items.Select(r => r.Summary())], page.NextCursor);
    }

    /// <summary>A list's rows with their authors: only the columns a card shows (a post's body and HTML stay in the database).</summary>
    private IQueryable<SummaryRow> Summaries(IQueryable<Post> posts, bool newestFirst)
    {
        var joined = from p in posts
                     join u in db.Users on p.AuthorId equals u.Id
                     select new { p, u };
        joined = newestFirst ? joined.OrderByDescending(r => r.p.Id) : joined.OrderBy(r => r.p.Id);
        return joined.Select(r => new SummaryRow(r.p.Id, r.p.CommunityId, r.u.Id, r.u.DisplayName, r.u.HomeCountry, r.p.Title, r.p.Excerpt, r.p.Tags,
            r.p.Language, r.p.Origin, r.p.CreatedAt, r.p.CommentCount, r.p.ReactionCount, r.p.ShareCount));
    }

    private sealed record SummaryRow(
        Guid Id, Guid CommunityId, Guid AuthorId, string AuthorName, string AuthorCountry, string Title, string Excerpt, string Tags, string Language,
        string Origin, DateTimeOffset CreatedAt, int CommentCount, int ReactionCount, int ShareCount)
    {
        public PostSummary Summary() => new(
            Id, CommunityId, new AuthorView(AuthorId, AuthorName, AuthorCountry), Title, Excerpt, Tags.Split(',', StringSplitOptions.RemoveEmptyEntries), Language,
            Origin, CreatedAt, CommentCount, ReactionCount, ShareCount);
    }
}
