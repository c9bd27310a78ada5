using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Accounts;

/// <summary>
/// The page the verification and email-change links open: /confirm-email?token=…&amp;user=… confirms the address;
/// with &amp;email=… it makes that the account's address. Opening the link is the owner's act of confirming.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Platform.Http.RateLimits.SignIn)]
public sealed class ConfirmEmailPage(AccountRecovery recovery, UserManager<User> users, SignInManager<User> signIn) : PageModel
{
    public bool Confirmed { get; private set; }

    public bool Changed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token, Guid? user, string? email)
    {
        var wellFormed = user is not null && !string.IsNullOrWhiteSpace(token) && token.Length <= 2048 && !token.Contains('\0', StringComparison.Ordinal)
            && (email is null || (email.Length <= AccountRecovery.EmailChars && !email.Contains('\0', StringComparison.Ordinal)));
        if (wellFormed)
        {
            var result = email is null
                ? await recovery.ConfirmEmailAsync(user!.Value, token!)
                : await recovery.ConfirmEmailChangeAsync(user!.Value, email, token!);
            Confirmed = result.Outcome == RecoveryOutcome.Done;
            Changed = Confirmed && email is not null;
        }

        if (!Confirmed)
        {
            var page = Page();
            page.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }

        // An email change renews the security stamp; a member opening the link in their signed-in browser stays signed in.
        if (Changed && User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } me && me.Id == user)
        {
            await signIn.RefreshSignInAsync(me);
        }

        return Page();
    }
}
