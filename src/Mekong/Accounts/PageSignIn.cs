using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Accounts;

/// <summary>Page handlers that act for a member send visitors to /signin and back.</summary>
public static class PageSignIn
{
    /// <summary>Visitors are asked to sign in; signed-in members who may not see the page get 403.</summary>
    public static IActionResult NotAllowed(this PageModel page) =>
        page.User.Identity?.IsAuthenticated == true ? page.StatusCode(StatusCodes.Status403Forbidden) : page.SignInFirst();

    public static IActionResult SignInFirst(this PageModel page) =>
        page.Challenge(new Microsoft.AspNetCore.Authentication.AuthenticationProperties { RedirectUri = page.Request.Path }, IdentityConstants.ApplicationScheme);
}
