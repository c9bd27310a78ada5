using System.Security.Claims;
using Mekong.Platform;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Posts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Translation;

internal static class TranslationEndpoints
{
    public sealed record ProposalInput(string? Text);

    public sealed record VoteInput(int? Value);

    public static void Map(IEndpointRouteBuilder app)
    {
        var post = app.MapGroup("/api/v1/posts/{id:guid}/translations/{lang}").WithTags("Translation");
        post.MapGet("", Get).WithSummary("Get a post's translation into a language").RequireRateLimiting(RateLimits.Translation);
        post.MapGet("/proposals", Proposals);
        post.MapPost("/proposals", Propose).RequireAuthorization();
        post.MapGet("/suggestions", Suggestions).RequireAuthorization();

        var proposals = app.MapGroup("/api/v1/translation-proposals/{id:guid}").WithTags("Translation");
        proposals.MapPut("/vote", Vote).WithSummary("Vote on a translation proposal").RequireAuthorization();
        proposals.MapPost("/accept", Accept).RequireAuthorization();
    }

    /// <summary>The canonical platform code, or a 400 naming <paramref name="field"/>.</summary>
    internal static string? Language(string? lang, string field, out ValidationProblem? problem)
    {
        var canonical = Languages.Canonical(lang?.Trim());
        problem = canonical is null
            ? Problems.Invalid(field, $"'{lang}' is not a platform language; use one of {string.Join(", ", Languages.Codes.Order(StringComparer.Ordinal))}.")
            : null;
        return canonical;
    }

    private static ProblemHttpResult Unreadable(bool forbidden) =>
        forbidden ? Problems.Forbidden("This post is in a members-only community.") : Problems.NotFound("post");

    private static async Task<Results<Ok<TranslationView>, ProblemHttpResult, ValidationProblem>> Get(
        Guid id, string lang, ClaimsPrincipal reader, PostQueries posts, Translator translator, CancellationToken ct)
    {
        if (Language(lang, "lang", out var invalid) is not { } language)
        {
            return invalid!;
        }

        var (readable, forbidden) = await posts.ReadAsync(id, reader, ct);
        return readable is null ? Unreadable(forbidden) : TypedResults.Ok(await translator.ForPostAsync(readable.Post, language, ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<ProposalView>>, ProblemHttpResult, ValidationProblem>> Proposals(
        Guid id, string lang, ClaimsPrincipal reader, PostQueries posts, PostEditing editing, CancellationToken ct)
    {
        if (Language(lang, "lang", out var invalid) is not { } language)
        {
            return invalid!;
        }

        var (readable, forbidden) = await posts.ReadAsync(id, reader, ct);
        return readable is null ? Unreadable(forbidden) : TypedResults.Ok(await editing.ListAsync(id, language, reader.Id(), ct));
    }

    private static async Task<Results<Created<ProposalView>, ProblemHttpResult, ValidationProblem>> Propose(
        Guid id, string lang, ProposalInput input, ClaimsPrincipal user, PostQueries posts, PostEditing editing, CancellationToken ct)
    {
        if (Language(lang, "lang", out var invalid) is not { } language)
        {
            return invalid!;
        }

        var (readable, forbidden) = await posts.ReadAsync(id, user, ct);
        if (readable is null || readable.Post.IsDeleted)
        {
            return Unreadable(forbidden);
        }

        var errors = new Errors();
        var proposal = await editing.ProposeAsync(readable, user.RequiredId(), language, input.Text, errors, ct);
        return proposal is null
            ? Problems.Invalid(errors)
            : TypedResults.Created($"/api/v1/posts/{id}/translations/{language}/proposals", PostEditing.View(proposal, 0));
    }

    private static async Task<Results<Ok<IReadOnlyList<SuggestionView>>, ProblemHttpResult, ValidationProblem>> Suggestions(
        Guid id, string lang, ClaimsPrincipal reader, PostQueries posts, PostEditing editing, CancellationToken ct)
    {
        if (Language(lang, "lang", out var invalid) is not { } language)
        {
            return invalid!;
        }

        var (readable, forbidden) = await posts.ReadAsync(id, reader, ct);
        return readable is null ? Unreadable(forbidden) : TypedResults.Ok(await editing.SuggestionsAsync(readable.Post, language, ct));
    }

    private static async Task<Results<Ok<ProposalView>, ProblemHttpResult, ValidationProblem>> Vote(
        Guid id, VoteInput input, ClaimsPrincipal user, PostQueries posts, PostEditing editing, MekongDb db, CancellationToken ct)
    {
        if (input.Value is not (1 or -1))
        {
            return Problems.Invalid("value", "Vote +1 or -1.");
        }

        var (proposal, readable, problem) = await FindAsync(id, user, posts, db, ct);
        if (proposal is null || readable is null)
        {
            return problem!;
        }

        var me = user.RequiredId();
        if (await editing.VoteAsync(proposal, readable, me, input.Value.Value, ct) == VoteOutcome.OwnProposal)
        {
            return Problems.Forbidden("Members do not vote on their own proposals.");
        }

        return TypedResults.Ok(PostEditing.View(proposal, input.Value.Value));
    }

    private static async Task<Results<Ok<ProposalView>, ProblemHttpResult>> Accept(
        Guid id, ClaimsPrincipal user, PostQueries posts, PostEditing editing, MekongDb db, CancellationToken ct)
    {
        var (proposal, readable, problem) = await FindAsync(id, user, posts, db, ct);
        if (proposal is null || readable is null)
        {
            return problem!;
        }

        if (!readable.Access.CanModerate)
        {
            return Problems.Forbidden("Only the community's moderators or site staff accept a translation.");
        }

        if (proposal.Revision != readable.Post.Revision)
        {
            return Problems.Conflict("The post was edited after this proposal; propose a translation of the new version.");
        }

        await editing.AcceptAsync(proposal, readable, user.RequiredId(), ct);
        return TypedResults.Ok(PostEditing.View(proposal, 0));
    }

    private static async Task<(TranslationProposal? Proposal, ReadablePost? Post, ProblemHttpResult? Problem)> FindAsync(
        Guid id, ClaimsPrincipal user, PostQueries posts, MekongDb db, CancellationToken ct)
    {
        var proposal = await db.TranslationProposals.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (proposal is null)
        {
            return (null, null, Problems.NotFound("translation proposal"));
        }

        var (readable, forbidden) = await posts.ReadAsync(proposal.PostId, user, ct);
        return readable is null ? (null, null, Unreadable(forbidden)) : (proposal, readable, null);
    }
}
