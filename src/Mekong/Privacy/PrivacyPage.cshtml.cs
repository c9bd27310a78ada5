using Mekong.Accounts;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Mekong.Privacy;

/// <summary>The settings page's privacy forms: consent choices, the data export, erasing the account.</summary>
[Authorize(Policy = AccountsModule.WebPolicy)]
public sealed class PrivacyPage(Consent consent, Exports exports, Erasure erasure, UserManager<User> users, SignInManager<User> signIn, IOptionsMonitor<PrivacyOptions> options)
    : PageModel
{
    /// <summary>A localization key saying why the last form was refused.</summary>
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostConsentsAsync(bool personalization, bool analytics, bool externalAi)
    {
        await consent.RecordAsync(User.RequiredId(), personalization, analytics, externalAi, HttpContext.RequestAborted);
        return Redirect("/settings?saved=true");
    }

    public async Task<IActionResult> OnPostExportAsync()
    {
        await exports.RequestAsync(User.RequiredId(), HttpContext.RequestAborted);
        return Redirect("/settings/privacy");
    }

    public async Task<IActionResult> OnPostEraseAsync(string? password, string? contributions)
    {
        contributions ??= options.CurrentValue.ErasureDefault;
        var user = await users.GetUserAsync(User);
        if (user is null || Erasure.IsDeletedMember(user.Id))
        {
            return this.SignInFirst();
        }

        if (contributions is not (Erasure.Anonymize or Erasure.Delete))
        {
            Error = "Something went wrong with this request.";
            return Page();
        }

        var check = string.IsNullOrEmpty(password) ? null : await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check is not { Succeeded: true })
        {
            Error = check?.IsLockedOut == true ? "Too many failed attempts; try again later." : "The password does not match; nothing was erased.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await erasure.EraseAsync(user.Id, contributions, HttpContext.RequestAborted);
        await signIn.SignOutAsync();
        return Redirect("/");
    }
}
