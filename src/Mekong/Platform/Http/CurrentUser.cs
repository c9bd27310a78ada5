using System.Security.Claims;
using Mekong.Accounts;

namespace Mekong.Platform.Http;

/// <summary>Reads who is asking from the authenticated principal (cookie or bearer token).</summary>
public static class CurrentUser
{
    public static Guid? Id(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid RequiredId(this ClaimsPrincipal user) =>
        user.Id() ?? throw new InvalidOperationException("Endpoint requires authorization but has no user id.");

    /// <summary>Site moderators and admins may act on content in any community.</summary>
    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);
}
