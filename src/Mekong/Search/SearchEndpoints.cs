using System.Security.Claims;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Search;

internal static class SearchEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/search").WithTags("Search").MapGet("/", Search).WithSummary("Search posts, comments and translations, by relevance (sort=relevance, the default) or newest first (sort=newest)").RequireRateLimiting(RateLimits.Search);
    }

    private static async Task<Results<Ok<SearchResult>, ValidationProblem>> Search(
        string? q, string? lang, string? community, string? cursor, string? sort, ClaimsPrincipal reader, SearchQueries search, CancellationToken ct)
    {
        var errors = new Errors();
        var result = await search.SearchAsync(q, lang, community, cursor, sort, reader, errors, ct);
        return result is null ? Problems.Invalid(errors) : TypedResults.Ok(result);
    }
}
