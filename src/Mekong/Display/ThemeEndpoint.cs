using Mekong.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Mekong.Display;

/// <summary>The theme switch in the header: remembered in a cookie, and in the member's settings when signed in.</summary>
internal static class ThemeEndpoint
{
    public static async Task<IResult> Switch(
        [FromForm] string? theme, [FromForm] string? returnUrl, HttpContext context, UserManager<User> users, TimeProvider clock)
    {
        var chosen = Themes.Canonical(theme);
        if (chosen is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown theme", detail: "Use system, light or dark.");
        }

        context.Response.Cookies.Append(
            Themes.CookieName,
            chosen,
            new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

        if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user)
        {
            user.ChooseTheme(chosen);
            await users.UpdateAsync(user);
        }

        return TypedResults.LocalRedirect(Platform.Http.LocalUrl.OrHome(returnUrl));
    }
}
