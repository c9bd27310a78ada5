using System.Security.Claims;
using Mekong.Communities;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Posts;

internal static class PostEndpoints
{
    public sealed record PostInput(string? Title, string? Body, IReadOnlyList<string>? Tags, string? Language);

    public sealed record RevisionView(int Number, string Title, string Body, IReadOnlyList<string> Tags, string Language, Guid EditorId, DateTimeOffset WrittenAt);

    public static void Map(IEndpointRouteBuilder app)
    {
        var community = app.MapGroup("/api/v1/communities/{id}/posts").WithTags("Posts");
        community.MapGet("/", List).WithSummary("List a community's posts");
        community.MapPost("/", Create).WithSummary("Create a post").RequireAuthorization().RequireRateLimiting(RateLimits.Post);

        var posts = app.MapGroup("/api/v1/posts").WithTags("Posts");
        posts.MapGet("/", Latest);
        posts.MapGet("/{id:guid}", Get).WithSummary("Get a post").RequireRateLimiting(RateLimits.Translation);
        posts.MapPut("/{id:guid}", Update).WithSummary("Edit a post").RequireAuthorization().RequireRateLimiting(RateLimits.Post);
        posts.MapDelete("/{id:guid}", Delete).WithSummary("Delete a post").RequireAuthorization();
        posts.MapPost("/{id:guid}/restore", Restore).RequireAuthorization();
        posts.MapGet("/{id:guid}/revisions", Revisions);
    }

    private static async Task<Results<Ok<Page<PostSummary>>, ProblemHttpResult, ValidationProblem>> List(
        string id, string? cursor, int? limit, string? tag, string? lang, ClaimsPrincipal reader, CommunityQueries communities, PostQueries posts)
    {
        var access = await communities.AccessAsync(id, reader);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        if (!access.CanRead)
        {
            return Problems.Forbidden("This community is members-only; join it to read its posts.");
        }

        if (!Cursor.TryDecode(cursor, out var after))
        {
            return Problems.Invalid("cursor", "Not a cursor this API issued.");
        }

        return TypedResults.Ok(await posts.ListAsync(access.Community.Id, after, Cursor.Size(limit), tag, lang));
    }

    private static async Task<Results<Ok<Page<PostSummary>>, ValidationProblem>> Latest(string? cursor, int? limit, string? author, PostQueries posts)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return Problems.Invalid("cursor", "Not a cursor this API issued.");
        }

        if (author is not null && !Guid.TryParse(author, out _))
        {
            return Problems.Invalid("author", "Not a user id.");
        }

        return TypedResults.Ok(await posts.LatestPublicAsync(after, Cursor.Size(limit), author));
    }

    private static async Task<Results<Created<PostView>, ProblemHttpResult, ValidationProblem>> Create(
        string id, PostInput input, ClaimsPrincipal user, CommunityQueries communities, PostCommands commands, PostQueries posts)
    {
        var access = await communities.AccessAsync(id, user);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        if (!access.CanPost)
        {
            return Problems.Forbidden("Join the community to post in it.");
        }

        var errors = new Errors();
        var authorId = user.RequiredId();
        var post = await commands.PublishAsync(access, authorId, input.Title, input.Body, input.Tags, input.Language, errors);
        if (post is null)
        {
            return errors.Denied is { } denied ? Problems.Forbidden(denied) : Problems.Invalid(errors);
        }

        return TypedResults.Created($"/api/v1/posts/{post.Id}", await posts.ViewAsync(new ReadablePost(post, access, authorId)));
    }

    private static async Task<Results<Ok<PostView>, ProblemHttpResult, ValidationProblem>> Get(
        Guid id, string? lang, ClaimsPrincipal reader, PostQueries posts, Translation.Translator translator)
    {
        var language = lang is null ? null : Platform.Languages.Canonical(lang.Trim());
        if (lang is not null && language is null)
        {
            return Problems.Invalid("lang", $"'{lang}' is not a platform language.");
        }

        var (post, forbidden) = await posts.ReadAsync(id, reader);
        if (post is null)
        {
            return forbidden ? Problems.Forbidden("This post is in a members-only community.") : Problems.NotFound("post");
        }

        var view = await posts.ViewAsync(post);
        return TypedResults.Ok(language is null || language == post.Post.Language ? view : view with { Translation = await translator.ForPostAsync(post.Post, language) });
    }

    private static async Task<Results<Ok<PostView>, ProblemHttpResult, ValidationProblem>> Update(
        Guid id, PostInput input, ClaimsPrincipal user, PostQueries posts, PostCommands commands)
    {
        var (readable, forbidden) = await posts.ReadAsync(id, user);
        if (readable is null)
        {
            return forbidden ? Problems.Forbidden("This post is in a members-only community.") : Problems.NotFound("post");
        }

        if (!readable.IsAuthor)
        {
            return Problems.Forbidden("Only the author edits a post.");
        }

        if (readable.Post.IsDeleted)
        {
            return Problems.Conflict("Restore the post before editing it.");
        }

        var errors = new Errors();
        if (!await commands.EditAsync(readable, user.RequiredId(), input.Title, input.Body, input.Tags, input.Language, errors))
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(await posts.ViewAsync(readable));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, ClaimsPrincipal user, PostQueries posts, PostCommands commands)
    {
        var (readable, forbidden) = await posts.ReadAsync(id, user);
        if (readable is null)
        {
            return forbidden ? Problems.Forbidden("This post is in a members-only community.") : Problems.NotFound("post");
        }

        if (!readable.CanDelete)
        {
            return Problems.Forbidden("Only the author, the community's moderators or site staff delete a post.");
        }

        await commands.DeleteAsync(readable);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PostView>, ProblemHttpResult>> Restore(
        Guid id, ClaimsPrincipal user, PostQueries posts, PostCommands commands)
    {
        var (readable, forbidden) = await posts.ReadAsync(id, user);
        if (readable is null)
        {
            return forbidden ? Problems.Forbidden("This post is in a members-only community.") : Problems.NotFound("post");
        }

        if (!readable.IsAuthor)
        {
            return Problems.Forbidden("Only the author restores a post.");
        }

        if (!await commands.RestoreAsync(readable))
        {
            return Problems.Conflict("Deleted posts can be restored for 30 days; this one is past that.");
        }

        return TypedResults.Ok(await posts.ViewAsync(readable));
    }

    private static async Task<Results<Ok<IReadOnlyList<RevisionView>>, ProblemHttpResult>> Revisions(
        Guid id, ClaimsPrincipal reader, PostQueries posts, MekongDb db)
    {
        var (readable, forbidden) = await posts.ReadAsync(id, reader);
        if (readable is null)
        {
            return forbidden ? Problems.Forbidden("This post is in a members-only community.") : Problems.NotFound("post");
        }

        var revisions = await db.PostRevisions.AsNoTracking().Where(r => r.PostId == id).OrderByDescending(r => r.Number).ToListAsync();
        return TypedResults.Ok<IReadOnlyList<RevisionView>>(
            [.. revisions.Select(r => new RevisionView(r.Number, r.Title, r.Body, r.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries), r.Language, r.EditorId, r.WrittenAt))]);
    }
}
