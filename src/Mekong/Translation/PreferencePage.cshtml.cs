using Mekong.Accounts;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Translation;

/// <summary>Saves "translate automatically / on click" from the settings page's translation form.</summary>
public sealed class PreferencePage(ReaderTranslation reader) : PageModel
{
    public IActionResult OnGet() => Redirect("/settings");

    public async Task<IActionResult> OnPostAsync(bool automatic)
    {
        if (User.Id() is not { } me)
        {
            return this.SignInFirst();
        }

        await reader.SetAutomaticAsync(me, automatic);
        return Redirect("/settings?saved=true");
    }
}
