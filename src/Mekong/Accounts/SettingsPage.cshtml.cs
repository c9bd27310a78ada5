using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Accounts;

[Authorize(Policy = AccountsModule.WebPolicy)]
public sealed class SettingsPage(
    UserManager<User> users, SignInManager<User> signIn, Review.ProfileScreening screening, TwoFactor twoFactor, AccountRecovery recovery,
    Microsoft.Extensions.Localization.IStringLocalizer<Platform.Localization.UiText> l) : PageModel
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

    [BindProperty]
    public string TimeZone { get; set; } = Display.TimeZones.Default;

    [BindProperty]
    public string Theme { get; set; } = Display.Themes.System;

    /// <summary>The member's feed token, for the members-only feed links shown here.</summary>
    public string FeedToken { get; private set; } = "";

    public bool Saved { get; private set; }

    public TwoFactorStatus TwoFactorState { get; private set; } = new(false, false, 0);

    /// <summary>The key being set up, while two-factor sign-in is still off.</summary>
    public AuthenticatorSetup? Setup { get; private set; }

    /// <summary>Shown once, right after they are made.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool saved = false)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Saved = saved;
        return await ShowAsync(user);
    }

    public Task<IActionResult> OnPostStartTwoFactorAsync() => SecurityAsync(async user =>
    {
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            await twoFactor.StartAsync(user);
        }
    });

    public Task<IActionResult> OnPostEnableTwoFactorAsync(string? twoFactorCode) => SecurityAsync(async user =>
    {
        var (codes, refusal) = await twoFactor.EnableAsync(user, twoFactorCode);
        RecoveryCodes = codes;
        Refuse(refusal);
    });

    public Task<IActionResult> OnPostDisableTwoFactorAsync(string? twoFactorCode) => SecurityAsync(async user =>
    {
        // Six digits are an authenticator code; anything else is tried as a recovery code.
        var digits = (twoFactorCode ?? "").Trim().Replace(" ", "", StringComparison.Ordinal);
        var isCode = digits.Length == 6 && digits.All(char.IsAsciiDigit);
        Refuse(await twoFactor.DisableAsync(user, isCode ? digits : null, isCode ? null : twoFactorCode));
    });

    public Task<IActionResult> OnPostNewRecoveryCodesAsync() => SecurityAsync(async user =>
    {
        var (codes, refusal) = await twoFactor.NewRecoveryCodesAsync(user);
        RecoveryCodes = codes;
        Refuse(refusal);
    });

    public async Task<IActionResult> OnPostRotateFeedTokenAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        user.RotateFeedToken();
        await users.UpdateAsync(user);
        return Redirect("/settings#feeds");
    }

    /// <summary>The account's email address and whether its owner confirmed it.</summary>
    public string EmailAddress { get; private set; } = "";

    public bool EmailConfirmed { get; private set; }

    /// <summary>What the last email or password change did, shown beside those forms.</summary>
    public string? AccountNotice { get; private set; }

    public Task<IActionResult> OnPostChangePasswordAsync(string? currentPassword, string? newPassword) => SecurityAsync(async user =>
        Explain(await recovery.ChangePasswordAsync(user, currentPassword ?? "", newPassword ?? ""), "Your password is changed. Other devices are signed out."));

    public Task<IActionResult> OnPostChangeEmailAsync(string? newEmail, string? password) => SecurityAsync(async user =>
        Explain(await recovery.RequestEmailChangeAsync(user, newEmail ?? "", password ?? ""), RecoveryEndpoints.EmailChangeAccepted));

    public Task<IActionResult> OnPostResendVerificationAsync() => SecurityAsync(async user =>
        Explain(await recovery.SendVerificationAsync(user), RecoveryEndpoints.VerificationAccepted));

    private void Explain(RecoveryResult result, string done)
    {
        switch (result.Outcome)
        {
            case RecoveryOutcome.Done:
                AccountNotice = l[done];
                break;
            case RecoveryOutcome.WrongPassword:
                ModelState.AddModelError("", l[AccountRecovery.WrongPasswordMessage]);
                break;
            case RecoveryOutcome.AlreadyConfirmed:
                AccountNotice = l[AccountRecovery.AlreadyConfirmedMessage];
                break;
            default:
                foreach (var message in result.Errors?.Values.SelectMany(m => m) ?? [])
                {
                    ModelState.AddModelError("", l[message]);
                }

                break;
        }
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is not null)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return LocalRedirect("/signin");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var errors = new Errors();
        new ProfileInput(DisplayName, HomeCountry, ReadingLanguages, InterfaceLanguage, Bio ?? "", TimeZone, Theme).ApplyTo(user, errors);
        if (errors.Any || !await screening.CheckAsync(user, errors))
        {
            errors.CopyTo(ModelState);
            FeedToken = user.FeedToken ?? "";
            TwoFactorState = await twoFactor.StatusAsync(user);
            return Page();
        }

        // The theme cookie follows the setting, so the choice also holds after signing out on this browser.
        var cookie = new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true };
        Response.Cookies.Append(Display.Themes.CookieName, user.Theme, cookie);

        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage(new { saved = true });
    }

    private async Task<IActionResult> SecurityAsync(Func<User, Task> act)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        // The profile fields are not part of these forms: their absence is no error here.
        ModelState.Clear();
        await act(user);

        // A new key and turning two-factor on or off renew the security stamp (other sessions end): keep this one.
        await signIn.RefreshSignInAsync(user);
        return await ShowAsync(user);
    }

    private void Refuse(string? refusal)
    {
        if (refusal is not null)
        {
            ModelState.AddModelError("", l[refusal]);
        }
    }

    private async Task<IActionResult> ShowAsync(User user)
    {
        DisplayName = user.DisplayName;
        HomeCountry = user.HomeCountry;
        ReadingLanguages = [.. user.ReadingLanguageList];
        InterfaceLanguage = user.InterfaceLanguage;
        Bio = user.Bio;
        TimeZone = user.TimeZone;
        Theme = user.Theme;
        if (user.FeedToken is null)
        {
            user.RotateFeedToken();
            await users.UpdateAsync(user);
        }

        FeedToken = user.FeedToken!;
        EmailAddress = user.Email ?? "";
        EmailConfirmed = user.EmailConfirmed;
        TwoFactorState = await twoFactor.StatusAsync(user);
        Setup = TwoFactorState.Enabled ? null : await twoFactor.PendingSetupAsync(user);
        return Page();
    }
}
