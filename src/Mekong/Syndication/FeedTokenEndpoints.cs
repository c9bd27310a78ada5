using System.Security.Claims;
using Mekong.Accounts;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Mekong.Syndication;

/// <summary>The member's feed token: read it (made on first read), or rotate it so every old feed link stops working.</summary>
public static class FeedTokenEndpoints
{
    public sealed record FeedTokenView(string Token, string SiteRss, string SiteAtom);

    public static void MapFeedTokens(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/me/feed-token").WithTags("Feeds").RequireAuthorization();
        group.MapGet("/", Get).WithSummary("Your feed token (made on first read) for members-only feeds: add ?token= to a feed address.");
        group.MapPost("/rotate", Rotate).WithSummary("A new feed token; feed links with the old one stop working.");
    }

    /// <summary>The member's token, made when they have none yet.</summary>
    public static async Task<string> TokenAsync(User user, UserManager<User> users)
    {
        if (user.FeedToken is { } token)
        {
            return token;
        }

        token = user.RotateFeedToken();
        await users.UpdateAsync(user);
        return token;
    }

    private static async Task<Results<Ok<FeedTokenView>, ProblemHttpResult>> Get(ClaimsPrincipal principal, UserManager<User> users, HttpContext http)
    {
        var user = await users.GetUserAsync(principal);
        return user is null ? Problems.NotFound("member") : TypedResults.Ok(View(await TokenAsync(user, users), http));
    }

    private static async Task<Results<Ok<FeedTokenView>, ProblemHttpResult>> Rotate(ClaimsPrincipal principal, UserManager<User> users, HttpContext http)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return Problems.NotFound("member");
        }

        var token = user.RotateFeedToken();
        await users.UpdateAsync(user);
        return TypedResults.Ok(View(token, http));
    }

    private static FeedTokenView View(string token, HttpContext http) => new(
        token,
        SiteAddress.Absolute(http.Request, "/feed.rss?token=" + Uri.EscapeDataString(token)),
        SiteAddress.Absolute(http.Request, "/feed.atom?token=" + Uri.EscapeDataString(token)));
}
