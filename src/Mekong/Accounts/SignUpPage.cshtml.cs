using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Accounts;

[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Platform.Http.RateLimits.Register)]
public sealed class SignUpPage(Registration registration, AccountRecovery recovery) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    public string HomeCountry { get; set; } = "other";

    [BindProperty]
    public string ReadingLanguage { get; set; } = "";

    public void OnGet()
    {
        // Suggest the language the page is shown in; the member changes it in one click.
        ReadingLanguage = Platform.Languages.Canonical(CultureInfo.CurrentUICulture.Name) ?? "en";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var interfaceLanguage = Platform.Languages.Canonical(CultureInfo.CurrentUICulture.Name) ?? "en";
        var (user, errors) = await registration.RegisterAsync(
            Email, Password, new ProfileInput(DisplayName, HomeCountry, [ReadingLanguage], interfaceLanguage, null));
        if (user is null && errors is null)
        {
            // The email already has an account; its owner has been told. The same neutral answer as for anyone.
            return LocalRedirect("/signin?registered=true");
        }

        if (user is null)
        {
            foreach (var (field, messages) in errors!)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field, message);
                }
            }

            return Page();
        }

        await recovery.SendVerificationAsync(user); // sign-in does not wait for it; notification mail does

        // A new account gets the very answer a taken address gets (defect 3 of issue 8): signing in at once would tell
        // anyone probing the form which addresses are free. The new member signs in with what they just chose.
        return LocalRedirect("/signin?registered=true");
    }
}
