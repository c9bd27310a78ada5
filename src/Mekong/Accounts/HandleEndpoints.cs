using Mekong.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Accounts;

/// <summary>Mention autocomplete: members by handle or display-name prefix, for signed-in members.</summary>
internal static class HandleEndpoints
{
    public const int MaxQueryChars = 50;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/members/suggest", Suggest).WithTags("Accounts").RequireAuthorization()
            .WithSummary("Members whose @handle or display name starts with q (mention autocomplete)");

    private static async Task<Results<Ok<List<MemberSuggestion>>, ValidationProblem>> Suggest(string? q, int? limit, MemberHandles handles, CancellationToken ct)
    {
        var errors = new Errors();
        errors.RefuseNul("q", q);
        if (string.IsNullOrWhiteSpace(q))
        {
            errors.Add("q", "Required: the start of a handle or display name.");
        }
        else if (q.Length > MaxQueryChars)
        {
            errors.Add("q", $"At most {MaxQueryChars} characters.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(await handles.SuggestAsync(q!, Cursor.Size(limit ?? 10), ct));
    }
}
