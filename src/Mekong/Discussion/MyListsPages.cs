using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Posts;
using Mekong.Review;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Discussion;

/// <summary>The posts a member follows, newest first, with how many comments arrived since their last visit.</summary>
[Authorize(Policy = AccountsModule.WebPolicy)]
public sealed class FollowingPostsPage(MekongDb db, PostFollowing following) : PageModel
{
    public Page<PostSummary> Posts { get; private set; } = new([], null);

    public IReadOnlyDictionary<Guid, int> Unread { get; private set; } = new Dictionary<Guid, int>();

    public async Task<IActionResult> OnGetAsync(string? cursor)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return BadRequest();
        }

        var me = User.RequiredId();
        var query = from f in db.PostFollows.AsNoTracking()
                    join p in db.Posts on f.PostId equals p.Id
                    where f.UserId == me && p.DeletedAt == null && (p.Moderation == ModerationState.Published || p.AuthorId == me)
                    select p;
        Posts = await MyLists.PageAsync(db, after is { } a ? query.Where(p => p.Id.CompareTo(a) < 0) : query, p => p.Id);
        Unread = await following.UnreadAsync(me, [.. Posts.Items.Select(p => p.Id)]);
        return Page();
    }
}

/// <summary>The posts a member saved, most recently saved first.</summary>
[Authorize(Policy = AccountsModule.WebPolicy)]
public sealed class BookmarksPage(MekongDb db, PostFollowing following) : PageModel
{
    public Page<PostSummary> Posts { get; private set; } = new([], null);

    public IReadOnlyDictionary<Guid, int> Unread { get; private set; } = new Dictionary<Guid, int>();

    public async Task<IActionResult> OnGetAsync(string? cursor)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return BadRequest();
        }

        var me = User.RequiredId();
        Posts = await MyLists.BookmarksAsync(db, me, after, Platform.Limits.DefaultPageSize);
        Unread = await following.UnreadAsync(me, [.. Posts.Items.Select(p => p.Id)]);
        return Page();
    }
}

/// <summary>The members a member follows.</summary>
[Authorize(Policy = AccountsModule.WebPolicy)]
public sealed class FollowingMembersPage(MekongDb db) : PageModel
{
    public IReadOnlyList<AuthorView> Members { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? cursor)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return BadRequest();
        }

        var me = User.RequiredId();
        var size = Platform.Limits.DefaultPageSize;
        var query = from f in db.Follows.AsNoTracking()
                    join u in db.Users on f.FolloweeId equals u.Id
                    where f.FollowerId == me
                    select u;
        if (after is { } a)
        {
            query = query.Where(u => u.Id.CompareTo(a) > 0);
        }

        var rows = await query.OrderBy(u => u.Id).Take(size + 1).Select(u => new AuthorView(u.Id, u.DisplayName, u.HomeCountry)).ToListAsync();
        var page = Cursor.ToPage(rows, size, m => m.Id);
        Members = page.Items;
        NextCursor = page.NextCursor;
        return Page();
    }
}

internal static class MyLists
{
    /// <summary>A member's bookmarked posts that are still readable, most recently saved first (the API's and the page's list).</summary>
    public static async Task<Page<PostSummary>> BookmarksAsync(MekongDb db, Guid me, Guid? after, int size)
    {
        var bookmarks = db.Bookmarks.AsNoTracking().Where(b => b.UserId == me);
        if (after is { } a)
        {
            bookmarks = bookmarks.Where(b => b.Id.CompareTo(a) < 0);
        }

        var rows = await (from b in bookmarks
                          join p in db.Posts on b.PostId equals p.Id
                          join u in db.Users on p.AuthorId equals u.Id
                          where p.DeletedAt == null && p.Moderation == ModerationState.Published
                          orderby b.Id descending
                          select new { BookmarkId = b.Id, Post = p, Author = new AuthorView(u.Id, u.DisplayName, u.HomeCountry) })
            .Take(size + 1).ToListAsync();
        var page = Cursor.ToPage(rows, size, r => r.BookmarkId);
        return new Page<PostSummary>([.. page.Items.Select(r => Summary(r.Post, r.Author))], page.NextCursor);
    }

    public static PostSummary Summary(Post p, AuthorView author) => new(
        p.Id, p.CommunityId, author, p.Title, p.Excerpt, p.TagList, p.Language, p.Origin, p.CreatedAt, p.CommentCount, p.ReactionCount, p.ShareCount);

    public static async Task<Page<PostSummary>> PageAsync(MekongDb db, IQueryable<Post> posts, Func<PostSummary, Guid> key)
    {
        var size = Platform.Limits.DefaultPageSize;
        var rows = await (from p in posts.OrderByDescending(p => p.Id).Take(size + 1)
                          join u in db.Users on p.AuthorId equals u.Id
                          orderby p.Id descending
                          select new { Post = p, Author = new AuthorView(u.Id, u.DisplayName, u.HomeCountry) }).ToListAsync();
        var page = Cursor.ToPage([.. rows.Select(r => Summary(r.Post, r.Author))], size, key);
        return page;
    }
}
