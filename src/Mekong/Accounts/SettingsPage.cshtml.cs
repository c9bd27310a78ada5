using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Accounts;

[Authorize(Policy = AccountsModule.WebPolicy)]
public sealed class SettingsPage(UserManager<User> users, SignInManager<User> signIn, Review.ProfileScreening screening) : PageModel
{
    [BindProperty]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    public string HomeCountry { get; set; } = "";

    [BindProperty]
    public List<string> ReadingLanguages { get; set; } = [];

    [BindProperty]
    public string InterfaceLanguage { get; set; } = "";

    [BindProperty]
    public string? Bio { get; set; }

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool saved = false)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        DisplayName = user.DisplayName;
        HomeCountry = user.HomeCountry;
        ReadingLanguages = [.. user.ReadingLanguageList];
        InterfaceLanguage = user.InterfaceLanguage;
        Bio = user.Bio;
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var errors = new Errors();
        new ProfileInput(DisplayName, HomeCountry, ReadingLanguages, InterfaceLanguage, Bio ?? "").ApplyTo(user, errors);
        if (errors.Any || !await screening.CheckAsync(user, errors))
        {
            errors.CopyTo(ModelState);
            return Page();
        }

        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage(new { saved = true });
    }
}
