using System.Security.Claims;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Mekong.Accounts;

/// <summary>Email and password, then, for an account with two-factor sign-in, the authenticator or a recovery code.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Platform.Http.RateLimits.SignIn)]
public sealed class SignInPage(MemberSignIn memberSignIn, SignInManager<User> signIn, IStringLocalizer<Platform.Localization.UiText> l) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? RecoveryCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Registered { get; set; }

    /// <summary>Arrived from a password reset.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Reset { get; set; }

    public bool AskSecondFactor { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var attempt = await memberSignIn.PasswordAsync(MemberSignIn.ClientOf(HttpContext), Email ?? "", Password ?? "");
        switch (attempt.Outcome)
        {
            case SignInOutcome.SignedIn:
                await memberSignIn.CompleteAsync(signIn, attempt.User!, isPersistent: true, secondFactor: false);
                return LocalRedirect(LocalUrl.OrHome(ReturnUrl));
            case SignInOutcome.SecondFactorRequired:
                // Identity's short-lived two-factor cookie remembers who proved the password, for the next step.
                var identity = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
                identity.AddClaim(new Claim(ClaimTypes.Name, attempt.User!.Id.ToString()));
                await HttpContext.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(identity));
                AskSecondFactor = true;
                return Page();
            default:
                ModelState.AddModelError("", Message(attempt));
                if (attempt.RetryAfter is { } wait)
                {
                    Response.SetRetryAfter(wait);
                    Response.StatusCode = StatusCodes.Status429TooManyRequests;
                }

                return Page();
        }
    }

    public async Task<IActionResult> OnPostSecondFactorAsync()
    {
        AskSecondFactor = true;
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            AskSecondFactor = false;
            ModelState.AddModelError("", l["Sign-in took too long; enter your email and password again."]);
            return Page();
        }

        var attempt = await memberSignIn.SecondFactorAsync(MemberSignIn.ClientOf(HttpContext), user, Code, RecoveryCode);
        if (attempt.Outcome != SignInOutcome.SignedIn)
        {
            ModelState.AddModelError("", Message(attempt));
            if (attempt.RetryAfter is { } wait)
            {
                Response.SetRetryAfter(wait);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
            }

            return Page();
        }

        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await memberSignIn.CompleteAsync(signIn, user, isPersistent: true, secondFactor: true);
        return LocalRedirect(LocalUrl.OrHome(ReturnUrl));
    }

    private string Message(SignInAttempt attempt) => attempt.Outcome switch
    {
        SignInOutcome.Throttled => l["Too many failed sign-in attempts from here; try again later."],
        SignInOutcome.LockedOut => l["Too many failed attempts on this account; try again later, or sign in with your authenticator."],
        SignInOutcome.Suspended => l["This account is suspended."],
        SignInOutcome.SecondFactorRefused => l["That code is wrong, expired or already used."],
        _ => l["Email or password is wrong."],
    };
}
