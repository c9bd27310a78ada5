using Mekong.Accounts;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Notifications;

/// <summary>The member's e-mail choice for each notification kind: immediately, in a daily digest, or never.</summary>
[Authorize(Policy = AccountsModule.WebPolicy)]
public sealed class NotificationSettingsPage(NotificationSettingsStore store) : PageModel
{
    public NotificationSettingsView Settings { get; private set; } = new(false, []);

    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved = false)
    {
        Saved = saved;
        Settings = await store.ViewAsync(User.RequiredId());
    }

    public async Task<IActionResult> OnPostAsync([FromForm] Dictionary<string, string?> email)
    {
        var errors = new Errors();
        var choices = NotificationSettingsStore.Parse(email, errors);
        if (errors.Any)
        {
            errors.CopyTo(ModelState);
            Settings = await store.ViewAsync(User.RequiredId());
            return Page();
        }

        await store.ChooseAsync(User.RequiredId(), choices);
        return RedirectToPage(new { saved = true });
    }
}
