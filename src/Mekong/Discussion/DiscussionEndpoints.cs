using System.Security.Claims;
using Mekong.Platform;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Posts;
using Mekong.Review;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Discussion;

internal static class DiscussionEndpoints
{
    public sealed record CommentInput(string? Body, Guid? ParentId, string? Language);

    public sealed record CommentEditInput(string? Body);

    public sealed record PreviewInput(string? Markdown);

    public sealed record PreviewView(string Html);

    public sealed record FollowView(bool Following);

    public sealed record CommentView(
        Guid Id, Guid PostId, Guid? ParentId, int Depth, AuthorView Author, string Body, string BodyHtml, string Language,
        DateTimeOffset CreatedAt, bool Deleted, ModerationState Moderation, DateTimeOffset? EditedAt)
    {
        /// <summary>With <c>?lang=xx</c>: the comment in that language (absent when it is already in it).</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public Translation.TranslationView? Translation { get; init; }
    }

    public sealed record ReactionsView(IReadOnlyDictionary<string, int> Counts, IReadOnlyList<string> Mine);

    public sealed record SharesView(int ShareCount);

    public static void Map(IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("/api/v1/posts/{id:guid}").WithTags("Discussion");
        posts.MapGet("/comments", Comments).RequireRateLimiting(RateLimits.Translation);
        posts.MapPost("/comments", AddComment).RequireAuthorization().RequireRateLimiting(RateLimits.Comment);
        posts.MapPut("/reactions/{kind}", React).RequireAuthorization().RequireRateLimiting(RateLimits.Reaction);
        posts.MapDelete("/reactions/{kind}", Unreact).RequireAuthorization();
        posts.MapPost("/shares", Share).WithSummary("Share a post");
        posts.MapPut("/bookmark", AddBookmark).RequireAuthorization();
        posts.MapDelete("/bookmark", RemoveBookmark).RequireAuthorization();

        app.MapDelete("/api/v1/comments/{id:guid}", DeleteComment).WithTags("Discussion").RequireAuthorization();
        app.MapPut("/api/v1/comments/{id:guid}", EditComment).WithTags("Discussion").RequireAuthorization().RequireRateLimiting(RateLimits.Comment);
        posts.MapPut("/follow", FollowPost).RequireAuthorization();
        posts.MapDelete("/follow", UnfollowPost).RequireAuthorization();
        app.MapPost("/api/v1/markdown/preview", Preview).WithTags("Discussion").RequireAuthorization().RequireRateLimiting(RateLimits.Preview);
        app.MapGet("/api/v1/me/bookmarks", Bookmarks).WithTags("Discussion").RequireAuthorization();

        var users = app.MapGroup("/api/v1/users/{id:guid}").WithTags("Discussion");
        users.MapPut("/follow", FollowUser).RequireAuthorization();
        users.MapDelete("/follow", UnfollowUser).RequireAuthorization();
    }

    private static ProblemHttpResult Unreadable(bool forbidden) =>
        forbidden ? Problems.Forbidden("This post is in a members-only community.") : Problems.NotFound("post");

    private static async Task<Results<Ok<Page<CommentView>>, ProblemHttpResult, ValidationProblem>> Comments(
        Guid id, string? cursor, int? limit, string? lang, ClaimsPrincipal reader, PostQueries posts, MekongDb db, Translation.Translator translator)
    {
        var language = lang is null ? null : Languages.Canonical(lang.Trim());
        if (lang is not null && language is null)
        {
            return Problems.Invalid("lang", $"'{lang}' is not a platform language.");
        }

        var (post, forbidden) = await posts.ReadAsync(id, reader);
        if (post is null)
        {
            return Unreadable(forbidden);
        }

        if (!Cursor.TryDecode(cursor, out var after))
        {
            return Problems.Invalid("cursor", "Not a cursor this API issued.");
        }

        // Oldest first: a thread reads top to bottom; clients nest replies by parentId.
        var size = Cursor.Size(limit ?? Limits.MaxPageSize);
        var readerId = reader.Id();
        var query = db.Comments.AsNoTracking().Where(c => c.PostId == id
            && (c.Moderation == ModerationState.Published || c.AuthorId == readerId || post.Access.CanModerate));
        if (after is { } a)
        {
            query = query.Where(c => c.Id.CompareTo(a) > 0);
        }

        var rows = await (from c in query.OrderBy(c => c.Id).Take(size + 1)
                          join u in db.Users on c.AuthorId equals u.Id
                          orderby c.Id
                          select new { Comment = c, Author = new AuthorView(u.Id, u.DisplayName, u.HomeCountry) }).ToListAsync();
        var page = Cursor.ToPage(rows, size, r => r.Comment.Id);
        var views = page.Items.Select(r => View(r.Comment, r.Author)).ToList();
        if (language is not null)
        {
            // The whole page of the thread at once; deleted comments and those already in the language stay as they are.
            var translated = await translator.ForCommentsAsync(id, post.Post.CommunityId,
                page.Items.Where(r => r.Comment.DeletedAt == null && r.Comment.Language != language).Select(r => (r.Comment.Id, r.Comment.Body, r.Comment.Language)), language);
            views = [.. views.Select(v => translated.TryGetValue(v.Id, out var t) ? v with { Translation = t } : v)];
        }

        return TypedResults.Ok(new Page<CommentView>(views, page.NextCursor));
    }

    private static async Task<Results<Created<CommentView>, ProblemHttpResult, ValidationProblem>> AddComment(
        Guid id, CommentInput input, ClaimsPrincipal user, PostQueries posts, DiscussionCommands commands, MekongDb db)
    {
        var (readable, forbidden) = await posts.ReadAsync(id, user);
        if (readable is null || readable.Post.IsDeleted)
        {
            return Unreadable(forbidden);
        }

        var errors = new Errors();
        var authorId = user.RequiredId();
        var comment = await commands.CommentAsync(readable, authorId, input.Body, input.ParentId, input.Language, errors);
        if (comment is null)
        {
            return errors.Denied is { } denied ? Problems.Forbidden(denied) : Problems.Invalid(errors);
        }

        var author = await db.Users.Where(u => u.Id == authorId).Select(u => new AuthorView(u.Id, u.DisplayName, u.HomeCountry)).FirstAsync();
        return TypedResults.Created($"/api/v1/posts/{id}/comments", View(comment, author));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteComment(
        Guid id, ClaimsPrincipal user, PostQueries posts, DiscussionCommands commands, MekongDb db)
    {
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == id);
        if (comment is null)
        {
            return Problems.NotFound("comment");
        }

        var (readable, forbidden) = await posts.ReadAsync(comment.PostId, user);
        if (readable is null)
        {
            return Unreadable(forbidden);
        }

        return await commands.DeleteCommentAsync(comment, readable, user.RequiredId())
            ? TypedResults.NoContent()
            : Problems.Forbidden("Only the author, the community's moderators or site staff delete a comment.");
    }

    /// <summary>The author replaces the text; 410 once the comment is deleted (its text is gone for good).</summary>
    private static async Task<Results<Ok<CommentView>, ProblemHttpResult, ValidationProblem>> EditComment(
        Guid id, CommentEditInput input, ClaimsPrincipal user, PostQueries posts, DiscussionCommands commands, MekongDb db)
    {
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == id);
        if (comment is null)
        {
            return Problems.NotFound("comment");
        }

        var (readable, forbidden) = await posts.ReadAsync(comment.PostId, user);
        if (readable is null || readable.Post.IsDeleted)
        {
            return Unreadable(forbidden);
        }

        var errors = new Errors();
        switch (await commands.EditCommentAsync(comment, readable, user.RequiredId(), input.Body, errors))
        {
            case CommentEdit.Forbidden:
                return Problems.Forbidden(errors.Denied ?? "Only the author edits a comment.");
            case CommentEdit.Deleted:
                return Problems.Gone("This comment was deleted; it cannot be edited.");
            case CommentEdit.Invalid:
                return Problems.Invalid(errors);
        }

        var author = await db.Users.Where(u => u.Id == comment.AuthorId).Select(u => new AuthorView(u.Id, u.DisplayName, u.HomeCountry)).FirstAsync();
        return TypedResults.Ok(View(comment, author));
    }

    private static Task<Results<Ok<FollowView>, ProblemHttpResult>> FollowPost(Guid id, ClaimsPrincipal user, PostQueries posts, PostFollowing following) =>
        SetPostFollow(id, on: true, user, posts, following);

    private static Task<Results<Ok<FollowView>, ProblemHttpResult>> UnfollowPost(Guid id, ClaimsPrincipal user, PostQueries posts, PostFollowing following) =>
        SetPostFollow(id, on: false, user, posts, following);

    /// <summary>Idempotent both ways; only a post the member may read can be followed.</summary>
    private static async Task<Results<Ok<FollowView>, ProblemHttpResult>> SetPostFollow(Guid id, bool on, ClaimsPrincipal user, PostQueries posts, PostFollowing following)
    {
        var (readable, forbidden) = await posts.ReadAsync(id, user);
        if (readable is null || (on && readable.Post.IsDeleted))
        {
            return Unreadable(forbidden);
        }

        await following.SetAsync(id, user.RequiredId(), on);
        return TypedResults.Ok(new FollowView(on));
    }

    /// <summary>Renders Markdown exactly as a saved post or comment would be (same sanitizer); nothing is stored.</summary>
    private static Results<Ok<PreviewView>, ValidationProblem> Preview(PreviewInput input, Platform.Content.MarkdownRenderer markdown)
    {
        var errors = new Errors();
        if (string.IsNullOrWhiteSpace(input.Markdown) && input.Markdown?.Contains('\0', StringComparison.Ordinal) != true)
        {
            return TypedResults.Ok(new PreviewView(""));
        }

        var text = errors.Body("markdown", input.Markdown, Limits.PostBodyBytes);
        return text is null || errors.Any ? Problems.Invalid(errors) : TypedResults.Ok(new PreviewView(markdown.ToHtml(text)));
    }

    private static Task<Results<Ok<ReactionsView>, ProblemHttpResult, ValidationProblem>> React(
        Guid id, string kind, ClaimsPrincipal user, PostQueries posts, DiscussionCommands commands) =>
        SetReaction(id, kind, on: true, user, posts, commands);

    private static Task<Results<Ok<ReactionsView>, ProblemHttpResult, ValidationProblem>> Unreact(
        Guid id, string kind, ClaimsPrincipal user, PostQueries posts, DiscussionCommands commands) =>
        SetReaction(id, kind, on: false, user, posts, commands);

    /// <summary>PUT and DELETE are idempotent: a second like changes nothing.</summary>
    private static async Task<Results<Ok<ReactionsView>, ProblemHttpResult, ValidationProblem>> SetReaction(
        Guid id, string kind, bool on, ClaimsPrincipal user, PostQueries posts, DiscussionCommands commands)
    {
        if (!ReactionKinds.TryParse(kind, out var reaction))
        {
            return Problems.Invalid("kind", $"'{kind}' is not a reaction; use like, love, haha, wow, sad or celebrate.");
        }

        var (readable, forbidden) = await posts.ReadAsync(id, user);
        if (readable is null || readable.Post.IsDeleted)
        {
            return Unreadable(forbidden);
        }

        await commands.SetReactionAsync(readable, user.RequiredId(), reaction, on);
        var view = await posts.ViewAsync(readable);
        return TypedResults.Ok(new ReactionsView(view.Reactions, view.MyReactions));
    }

    private static async Task<Results<Ok<SharesView>, ProblemHttpResult>> Share(Guid id, ClaimsPrincipal user, PostQueries posts, MekongDb db)
    {
        var (readable, forbidden) = await posts.ReadAsync(id, user);
        if (readable is null || readable.Post.IsDeleted)
        {
            return Unreadable(forbidden);
        }

        readable.Post.Shared();
        await db.SaveChangesAsync();
        return TypedResults.Ok(new SharesView(readable.Post.ShareCount));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> AddBookmark(
        Guid id, ClaimsPrincipal user, PostQueries posts, DiscussionCommands commands)
    {
        var (readable, forbidden) = await posts.ReadAsync(id, user);
        if (readable is null)
        {
            return Unreadable(forbidden);
        }

        await commands.SetBookmarkAsync(id, user.RequiredId(), on: true);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveBookmark(Guid id, ClaimsPrincipal user, DiscussionCommands commands, MekongDb db)
    {
        if (!await db.Posts.AnyAsync(p => p.Id == id))
        {
            return Problems.NotFound("post");
        }

        await commands.SetBookmarkAsync(id, user.RequiredId(), on: false);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Page<PostSummary>>, ValidationProblem>> Bookmarks(
        string? cursor, int? limit, ClaimsPrincipal user, MekongDb db)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return Problems.Invalid("cursor", "Not a cursor this API issued.");
        }

        return TypedResults.Ok(await MyLists.BookmarksAsync(db, user.RequiredId(), after, Cursor.Size(limit)));
    }

    private static Task<Results<NoContent, ProblemHttpResult>> FollowUser(Guid id, ClaimsPrincipal user, DiscussionCommands commands, MekongDb db) =>
        SetFollow(id, on: true, user, commands, db);

    private static Task<Results<NoContent, ProblemHttpResult>> UnfollowUser(Guid id, ClaimsPrincipal user, DiscussionCommands commands, MekongDb db) =>
        SetFollow(id, on: false, user, commands, db);

    private static async Task<Results<NoContent, ProblemHttpResult>> SetFollow(Guid id, bool on, ClaimsPrincipal user, DiscussionCommands commands, MekongDb db)
    {
        if (!await db.Users.AnyAsync(u => u.Id == id))
        {
            return Problems.NotFound("user");
        }

        return await commands.SetFollowAsync(user.RequiredId(), id, on)
            ? TypedResults.NoContent()
            : Problems.Conflict("You cannot follow yourself.");
    }

    internal static CommentView View(Comment c, AuthorView author) =>
        new(c.Id, c.PostId, c.ParentId, c.Depth, author, c.Body, c.BodyHtml, c.Language, c.CreatedAt, c.DeletedAt is not null, c.Moderation, c.EditedAt);
}
