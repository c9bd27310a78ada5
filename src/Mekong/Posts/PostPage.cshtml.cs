using Mekong.Accounts;
using Mekong.Discussion;
using Mekong.Platform.Caching;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Posts;

[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Platform.Http.RateLimits.Comment)]
public sealed class PostPage(
    PostQueries posts, PostCommands postCommands, DiscussionCommands discussion, PostFollowing following, Review.ReviewQueue review, MekongDb db, Translation.ReaderTranslation translations) : PageModel
{
    /// <summary>How many comments one page shows; long threads are read through the API's cursor.</summary>
    private const int ThreadLimit = 500;

    public PostView? Post { get; private set; }

    public IReadOnlyList<ThreadComment> Thread { get; private set; } = [];

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public Guid? ReaderId => User.Id();

    public bool IsAuthor { get; private set; }

    public bool CanDelete { get; private set; }

    public Translation.PageTranslation Translation { get; private set; } = Mekong.Translation.PageTranslation.None;

    /// <summary>The signed-in reader follows this post (new comments notify them).</summary>
    public bool Following { get; private set; }

    /// <summary>Comments the reader sees: published ones, plus their own held or removed ones (labelled), plus all for moderators.</summary>
    public int VisibleCommentCount => Post?.CommentCount ?? 0;

    /// <summary><see cref="Body"/> is the Markdown source, given only for the reader's own comments (to edit them).</summary>
    public sealed record ThreadComment(
        Guid Id, Guid? ParentId, int Depth, AuthorView Author, string BodyHtml, string Language, DateTimeOffset CreatedAt, bool Deleted,
        Review.ModerationState Moderation, DateTimeOffset? EditedAt, string? Body = null);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var (readable, forbidden) = await posts.ReadAsync(id, User);
        if (readable is null)
        {
            return forbidden ? this.NotAllowed() : NotFound();
        }

        PageCache.Tag(HttpContext, PageCache.Community(readable.Post.CommunityId));
        Post = await posts.ViewAsync(readable);
        IsAuthor = readable.IsAuthor;
        CanDelete = readable.CanDelete;
        var readerId = readable.ReaderId;
        var moderator = readable.Access.CanModerate;
        var comments = await (from c in db.Comments.AsNoTracking()
                                  .Where(c => c.PostId == id && (c.Moderation == Review.ModerationState.Published || c.AuthorId == readerId || moderator))
                                  .OrderBy(c => c.Id).Take(ThreadLimit)
                              join u in db.Users on c.AuthorId equals u.Id
                              orderby c.Id
                              select new ThreadComment(c.Id, c.ParentId, c.Depth, new AuthorView(u.Id, u.DisplayName, u.HomeCountry), c.BodyHtml, c.Language, c.CreatedAt, c.DeletedAt != null,
                                  c.Moderation, c.EditedAt, c.AuthorId == readerId ? c.Body : null))
            .ToListAsync();
        Thread = InThreadOrder(comments);
        if (readerId is { } me)
        {
            Following = await following.IsFollowingAsync(id, me);
            await following.VisitedAsync(id, me, comments.Count > 0 ? comments.Max(c => c.Id) : null);
        }

        Translation = await translations.ForPostPageAsync(readable, [.. Thread.Select(c => c.Id)], User, Request.Query["translate"] == "1", Request.Query["original"] == "1");
        return Page();
    }

    public async Task<IActionResult> OnPostCommentAsync(Guid id, string? body, Guid? parentId)
    {
        if (User.Id() is null)
        {
            return this.SignInFirst();
        }

        var (readable, forbidden) = await posts.ReadAsync(id, User);
        if (readable is null || readable.Post.IsDeleted)
        {
            return forbidden ? this.NotAllowed() : NotFound();
        }

        var errors = new Errors();
        var comment = await discussion.CommentAsync(readable, User.RequiredId(), body, parentId, null, errors);
        if (comment is null)
        {
            errors.CopyTo(ModelState);
            return await OnGetAsync(id);
        }

        return Redirect($"/p/{id}#c-{comment.Id}");
    }

    /// <summary>The author edits their comment in the page.</summary>
    public async Task<IActionResult> OnPostEditCommentAsync(Guid id, Guid commentId, string? body)
    {
        if (User.Id() is not { } me)
        {
            return this.SignInFirst();
        }

        var (readable, forbidden) = await posts.ReadAsync(id, User);
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId && c.PostId == id);
        if (readable is null || readable.Post.IsDeleted || comment is null)
        {
            return forbidden ? this.NotAllowed() : NotFound();
        }

        var errors = new Errors();
        var outcome = await discussion.EditCommentAsync(comment, readable, me, body, errors);
        if (outcome == CommentEdit.Invalid || errors.Denied is not null)
        {
            errors.CopyTo(ModelState);
            return await OnGetAsync(id);
        }

        return outcome == CommentEdit.Edited ? Redirect($"/p/{id}#c-{comment.Id}") : NotFound();
    }

    /// <summary>The author (or a moderator) deletes a comment; it keeps its place so replies stay attached.</summary>
    public async Task<IActionResult> OnPostDeleteCommentAsync(Guid id, Guid commentId)
    {
        if (User.Id() is not { } me)
        {
            return this.SignInFirst();
        }

        var (readable, forbidden) = await posts.ReadAsync(id, User);
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId && c.PostId == id);
        if (readable is null || comment is null)
        {
            return forbidden ? this.NotAllowed() : NotFound();
        }

        return await discussion.DeleteCommentAsync(comment, readable, me) ? Redirect($"/p/{id}#c-{comment.Id}") : NotFound();
    }

    /// <summary>Follows or unfollows the post (new comments notify followers).</summary>
    public async Task<IActionResult> OnPostFollowAsync(Guid id)
    {
        if (User.Id() is not { } me)
        {
            return this.SignInFirst();
        }

        return await Act(id, async _ => await following.SetAsync(id, me, !await following.IsFollowingAsync(id, me)));
    }

    public async Task<IActionResult> OnPostReactAsync(Guid id, string kind)
    {
        if (User.Id() is null)
        {
            return this.SignInFirst();
        }

        return await Act(id, async readable =>
        {
            if (ReactionKinds.TryParse(kind, out var reaction))
            {
                var mine = await db.Reactions.AnyAsync(r => r.PostId == id && r.UserId == readable.ReaderId && r.Kind == reaction);
                await discussion.SetReactionAsync(readable, User.RequiredId(), reaction, on: !mine);
            }
        });
    }

    public Task<IActionResult> OnPostShareAsync(Guid id) => Act(id, async readable =>
    {
        readable.Post.Shared();
        await db.SaveChangesAsync();
    });

    public async Task<IActionResult> OnPostBookmarkAsync(Guid id)
    {
        if (User.Id() is null)
        {
            return this.SignInFirst();
        }

        return await Act(id, async readable =>
        {
            var saved = await db.Bookmarks.AnyAsync(b => b.PostId == id && b.UserId == readable.ReaderId);
            await discussion.SetBookmarkAsync(id, User.RequiredId(), on: !saved);
        });
    }

    /// <summary>A member reports the post or one of its comments.</summary>
    public async Task<IActionResult> OnPostReportAsync(Guid id, Review.ContentKind kind, Guid contentId, Review.ReportReason reason, string? note)
    {
        if (User.Id() is not { } me)
        {
            return this.SignInFirst();
        }

        var (readable, forbidden) = await posts.ReadAsync(id, User);
        if (readable is null)
        {
            return forbidden ? this.NotAllowed() : NotFound();
        }

        var content = kind is Review.ContentKind.Post or Review.ContentKind.Comment ? await review.FindContentAsync(kind, contentId) : null;
        if (content is null || (kind == Review.ContentKind.Post && contentId != id))
        {
            return NotFound();
        }

        var (_, refusal) = await review.ReportAsync(content, me, reason, (note ?? "").Trim());
        TempData["notice"] = refusal ?? "Thank you — moderators will review it.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id)
    {
        if (User.Id() is null)
        {
            return this.SignInFirst();
        }

        var (readable, _) = await posts.ReadAsync(id, User);
        if (readable is null || !readable.CanDelete)
        {
            return NotFound();
        }

        await postCommands.DeleteAsync(readable);
        return readable.IsAuthor ? RedirectToPage(new { id }) : Redirect($"/c/{readable.Access.Community.Slug}");
    }

    public async Task<IActionResult> OnPostRestoreAsync(Guid id)
    {
        if (User.Id() is null)
        {
            return this.SignInFirst();
        }

        var (readable, _) = await posts.ReadAsync(id, User);
        if (readable is null || !readable.IsAuthor)
        {
            return NotFound();
        }

        await postCommands.RestoreAsync(readable);
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> Act(Guid id, Func<ReadablePost, Task> action)
    {
        var (readable, forbidden) = await posts.ReadAsync(id, User);
        if (readable is null || readable.Post.IsDeleted)
        {
            return forbidden ? this.NotAllowed() : NotFound();
        }

        await action(readable);
        return RedirectToPage(new { id });
    }

    /// <summary>Depth-first order, so each reply sits under its parent; orphans (parent beyond the limit) go last.</summary>
    internal static List<ThreadComment> InThreadOrder(List<ThreadComment> comments)
    {
        var children = comments.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value);
        var ids = comments.Select(c => c.Id).ToHashSet();
        var ordered = new List<ThreadComment>(comments.Count);
        var stack = new Stack<ThreadComment>(comments.Where(c => c.ParentId is null || !ids.Contains(c.ParentId.Value)).Reverse());
        while (stack.TryPop(out var next))
        {
            ordered.Add(next);
            foreach (var child in children[next.Id].Reverse())
            {
                stack.Push(child);
            }
        }

        return ordered;
    }
}
