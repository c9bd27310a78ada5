using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Accounts;

/// <summary>Page handlers that act for a member send visitors to /signin and back.</summary>
public static class PageSignIn
{
    public static IActionResult SignInFirst(this PageModel page) =>
        page.Challenge(new Microsoft.AspNetCore.Authentication.AuthenticationProperties { RedirectUri = page.Request.Path }, IdentityConstants.ApplicationScheme);
}
