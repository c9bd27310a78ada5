using Mekong.Accounts;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Mekong.Platform.Localization;

/// <summary>The interface-language switcher: remembers the choice in a cookie, and in the profile when signed in.</summary>
internal static class LanguageEndpoint
{

    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder app)
    {
        app.MapPost("/language", Switch).ExcludeFromDescription().ProvedBySameOriginOrToken();
        return app;
    }

    private static async Task<IResult> Switch(
        [FromForm] string? culture, [FromForm] string? returnUrl, HttpContext context, UserManager<User> users, SignInManager<User> signIn)
    {
        var code = Languages.Canonical(culture);
        if (code is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown language", detail: $"'{culture}' is not an interface language.");
        }

        context.Response.Cookies.Append(
            LocalizationModule.CookieName,
            LocalizationModule.CookieValue(code),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

        if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user)
        {
            user.InterfaceLanguage = code;
            await users.UpdateAsync(user);
            await signIn.RefreshSignInAsync(user);
        }

        // The framework's own local-URL test, the one LocalRedirect applies: anything it refuses (//host, /\host,
        // control characters) sends the reader home instead of failing.
        return TypedResults.LocalRedirect(Http.LocalUrl.OrHome(returnUrl));
    }
}
