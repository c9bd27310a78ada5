using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Accounts;

/// <summary>Asks for a reset link: the same answer whether or not the address has an account.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Platform.Http.RateLimits.SignIn)]
public sealed class ForgotPasswordPage(AccountRecovery recovery) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var errors = new Platform.Http.Errors();
        var email = errors.Required(nameof(Email), Email, AccountRecovery.EmailChars);
        if (errors.Any || email is null)
        {
            errors.CopyTo(ModelState);
            return Page();
        }

        await recovery.RequestResetAsync(email);
        Sent = true;
        return Page();
    }
}
