using System.Security.Claims;
using Mekong.Accounts;
using Mekong.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Syndication;

/// <summary>
/// Who a feed is read as. A feed reader carries no cookie: a member's feed links carry their feed token (<c>?token=</c>),
/// which reads members-only feeds as them. Without a token the request's own principal reads (usually anonymous).
/// </summary>
public sealed class FeedReaders(MekongDb db, IUserClaimsPrincipalFactory<User> principals)
{
    public const int MaxTokenChars = 40;

    /// <summary>The principal to read as; null when a token was given that is no member's current token.</summary>
    public async Task<ClaimsPrincipal?> ReaderAsync(HttpContext http, string? token, CancellationToken ct)
    {
        if (token is null)
        {
            return http.User;
        }

        if (token.Length is 0 or > MaxTokenChars)
        {
            return null;
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.FeedToken == token, ct);
        return user is null ? null : await principals.CreateAsync(user);
    }
}
