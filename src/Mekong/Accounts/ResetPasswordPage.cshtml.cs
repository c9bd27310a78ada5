using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Mekong.Accounts;

/// <summary>The page a reset link opens (/reset-password?token=…&amp;user=…): a new password, then sign-in.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Platform.Http.RateLimits.SignIn)]
public sealed class ResetPasswordPage(AccountRecovery recovery, IStringLocalizer<Platform.Localization.UiText> l) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid? UserId { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public bool LinkRefused { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        // Opening the link (a mail scanner may) checks it and uses nothing up; sending the new password does.
        LinkRefused = !WellFormed() || !await recovery.ResetLinkWorksAsync(UserId!.Value, Token!);
        return LinkRefused ? BadRequestPage() : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!WellFormed())
        {
            LinkRefused = true;
            return BadRequestPage();
        }

        if (string.IsNullOrEmpty(NewPassword) || NewPassword.Contains('\0', StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(NewPassword), l["Required."]);
            return Page();
        }

        var result = await recovery.ResetAsync(UserId!.Value, Token!, NewPassword);
        switch (result.Outcome)
        {
            case RecoveryOutcome.Done:
                return LocalRedirect("/signin?reset=true");
            case RecoveryOutcome.InvalidLink:
                LinkRefused = true;
                return BadRequestPage();
            default:
                foreach (var message in result.Errors?.Values.SelectMany(m => m) ?? [])
                {
                    ModelState.AddModelError(nameof(NewPassword), l[message]);
                }

                return Page();
        }
    }

    private bool WellFormed() => UserId is not null && !string.IsNullOrWhiteSpace(Token) && Token.Length <= 2048 && !Token.Contains('\0', StringComparison.Ordinal);

    private PageResult BadRequestPage()
    {
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }
}
