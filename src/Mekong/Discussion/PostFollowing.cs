using Mekong.Notifications;
using Mekong.Platform.Data;
using Mekong.Posts;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Discussion;

/// <summary>
/// Following posts and remembering what a member has seen of them: followers are notified of new comments,
/// lists mark posts with comments since the member's last visit.
/// </summary>
public sealed class PostFollowing(MekongDb db, Notifier notifier, TimeProvider clock)
{
    public Task<bool> IsFollowingAsync(Guid postId, Guid userId, CancellationToken ct = default) =>
        db.PostFollows.AnyAsync(f => f.PostId == postId && f.UserId == userId, ct);

    /// <summary>Follows or unfollows; idempotent both ways.</summary>
    public async Task SetAsync(Guid postId, Guid userId, bool on, CancellationToken ct = default)
    {
        var exists = await IsFollowingAsync(postId, userId, ct);
        if (on && !exists)
        {
            db.PostFollows.Add(new PostFollow(postId, userId, clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
        }
        else if (!on && exists)
        {
            await db.PostFollows.Where(f => f.PostId == postId && f.UserId == userId).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>Authors follow their own posts; saved with the caller's changes.</summary>
    public void PostCreated(Post post) => db.PostFollows.Add(new PostFollow(post.Id, post.AuthorId, clock.GetUtcNow()));

    /// <summary>A comment was added (not yet saved): its author follows the post from now on. Saved with the caller's changes.</summary>
    public async Task CommentAddedAsync(Post post, Comment comment, CancellationToken ct = default)
    {
        if (!await db.PostFollows.AnyAsync(f => f.PostId == post.Id && f.UserId == comment.AuthorId, ct))
        {
            db.PostFollows.Add(new PostFollow(post.Id, comment.AuthorId, clock.GetUtcNow()));
        }
    }

    /// <summary>Behind the commit of a visible comment: every follower of the post but its author is notified.</summary>
    public async Task NotifyFollowersAsync(Post post, Comment comment, CancellationToken ct = default)
    {
        var followers = await db.PostFollows.Where(f => f.PostId == post.Id && f.UserId != comment.AuthorId).Select(f => f.UserId).ToListAsync(ct);
        if (followers.Count == 0)
        {
            return;
        }

        var actor = await db.Users.Where(u => u.Id == comment.AuthorId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        var args = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["actor"] = actor,
            ["actorId"] = comment.AuthorId.ToString(), // lets erasure find what names the member in others' notifications
            ["post"] = post.Title,
            ["comment"] = comment.Id.ToString(),
        };
        foreach (var follower in followers)
        {
            notifier.Notify(follower, NotificationKinds.FollowedPostComment, $"/p/{post.Id}#c-{comment.Id}", args);
        }
    }

    /// <summary>How stale a visit's time may grow before a reload that saw nothing new writes it again.</summary>
    private static readonly TimeSpan VisitRefresh = TimeSpan.FromMinutes(1);

    /// <summary>Remembers that the member has seen the post's comments up to <paramref name="seenUpTo"/>.</summary>
    public async Task VisitedAsync(Guid postId, Guid userId, Guid? seenUpTo, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var upTo = seenUpTo ?? Guid.CreateVersion7(now);
        var visit = await db.PostVisits.FirstOrDefaultAsync(v => v.PostId == postId && v.UserId == userId, ct);
        if (visit is null)
        {
            db.PostVisits.Add(new PostVisit(postId, userId, upTo, now));
        }
        else if ((seenUpTo is null || seenUpTo.Value.CompareTo(visit.SeenUpTo) <= 0) && now - visit.VisitedAt < VisitRefresh)
        {
            // Nothing new seen since a recent visit: a reload costs no write (a member's page view was one write each).
            return;
        }
        else
        {
            visit.Seen(upTo, now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two tabs opened the post at once: the other visit was recorded, which is all that matters.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// For the posts among <paramref name="postIds"/> the member has visited: how many visible comments by others
    /// arrived since. Posts never visited and posts without new comments are absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, int>> UnreadAsync(Guid? userId, IReadOnlyCollection<Guid> postIds, CancellationToken ct = default)
    {
        if (userId is not { } me || postIds.Count == 0)
        {
            return new Dictionary<Guid, int>();
        }

        var visits = await db.PostVisits.AsNoTracking().Where(v => v.UserId == me && postIds.Contains(v.PostId))
            .Select(v => new { v.PostId, v.SeenUpTo }).ToListAsync(ct);
        var unread = new Dictionary<Guid, int>();
        foreach (var visit in visits)
        {
            var seen = visit.SeenUpTo;
            var count = await db.Comments.CountAsync(c => c.PostId == visit.PostId && c.Id.CompareTo(seen) > 0 && c.AuthorId != me
                && c.DeletedAt == null && c.Moderation == Review.ModerationState.Published, ct);
            if (count > 0)
            {
                unread[visit.PostId] = count;
            }
        }

        return unread;
    }
}
