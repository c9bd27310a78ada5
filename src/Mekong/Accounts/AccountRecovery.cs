using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

namespace Mekong.Accounts;

/// <summary>What an account change came to (with <see cref="RecoveryResult.Errors"/> by field when the input was refused).</summary>
public enum RecoveryOutcome
{
    Done,

    /// <summary>The link's token is unknown, used, expired, or for another account: one answer for all.</summary>
    InvalidLink,

    WrongPassword,

    Invalid,

    AlreadyConfirmed,
}

public sealed record RecoveryResult(RecoveryOutcome Outcome, Dictionary<string, string[]>? Errors = null)
{
    public static readonly RecoveryResult Done = new(RecoveryOutcome.Done);
    public static readonly RecoveryResult InvalidLink = new(RecoveryOutcome.InvalidLink);
}

/// <summary>
/// Password reset and change, email verification and email change, for the API and the pages alike. Tokens are
/// ASP.NET Identity's (data-protected, bound to the account's security stamp and to a lifespan): a reset or an
/// email change renews the stamp, so each of those links works once and every other session ends.
/// </summary>
public sealed class AccountRecovery(UserManager<User> users, SignInManager<User> signIn, AccountMail mail, TimeProvider clock)
{
    public const string InvalidLinkMessage = "This link is invalid, has expired or was already used. Ask for a new one.";
    public const string WrongPasswordMessage = "The current password is wrong.";
    public const string AlreadyConfirmedMessage = "Your email address is already confirmed.";
    public const int EmailChars = 256;

    /// <summary>Mails a reset link when an account has this address; the same work and answer when none has.</summary>
    public async Task RequestResetAsync(string email)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            // A token made for nobody costs what a real one costs; it goes nowhere.
            _ = await users.GeneratePasswordResetTokenAsync(new User { SecurityStamp = Guid.NewGuid().ToString() });
            return;
        }

        await mail.PasswordResetAsync(user, await users.GeneratePasswordResetTokenAsync(user));
    }

    /// <summary>Whether a reset link would still work (checked when it is opened; nothing is used up).</summary>
    public async Task<bool> ResetLinkWorksAsync(Guid userId, string token) =>
        await users.FindByIdAsync(userId.ToString()) is { } user
        && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<User>.ResetPasswordTokenPurpose, token);

    public async Task<RecoveryResult> ResetAsync(Guid userId, string token, string newPassword)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return RecoveryResult.InvalidLink;
        }

        // Identity checks the token before the password rules, and renews the security stamp on success.
        var reset = await users.ResetPasswordAsync(user, token, newPassword);
        if (!reset.Succeeded)
        {
            return reset.Errors.Any(e => e.Code == "InvalidToken") ? RecoveryResult.InvalidLink : Refused("newPassword", reset);
        }

        // The link reached the mailbox: the address is proved. A failed-attempt lockout ends; a suspension does not.
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        if (user.LockoutEnd is { } end && end <= clock.GetUtcNow().AddDays(30))
        {
            await users.SetLockoutEndDateAsync(user, null);
        }

        await users.ResetAccessFailedCountAsync(user);
        return RecoveryResult.Done;
    }

    /// <summary>Changes the password of a signed-in member, who proves the current one (counted like a failed sign-in).</summary>
    public async Task<RecoveryResult> ChangePasswordAsync(User user, string currentPassword, string newPassword)
    {
        if (!(await signIn.CheckPasswordSignInAsync(user, currentPassword, lockoutOnFailure: true)).Succeeded)
        {
            return new RecoveryResult(RecoveryOutcome.WrongPassword);
        }

        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        return changed.Succeeded ? RecoveryResult.Done : Refused("newPassword", changed);
    }

    /// <summary>
    /// Mails a confirmation link to the new address and a notice to the current one. A taken address gets the same
    /// answer as a free one (no link goes there: it could never be applied).
    /// </summary>
    public async Task<RecoveryResult> RequestEmailChangeAsync(User user, string newEmail, string password)
    {
        newEmail = newEmail.Trim();
        if (newEmail.Length > EmailChars || !new EmailAddressAttribute().IsValid(newEmail) || newEmail.Contains('\0', StringComparison.Ordinal))
        {
            return new RecoveryResult(RecoveryOutcome.Invalid, new() { ["newEmail"] = ["Not an email address."] });
        }

        if (!(await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true)).Succeeded)
        {
            return new RecoveryResult(RecoveryOutcome.WrongPassword);
        }

        if (string.Equals(newEmail, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            return new RecoveryResult(RecoveryOutcome.Invalid, new() { ["newEmail"] = ["This is already your email address."] });
        }

        var token = await users.GenerateChangeEmailTokenAsync(user, newEmail);
        if (await users.FindByEmailAsync(newEmail) is null)
        {
            await mail.EmailChangeAsync(user, newEmail, token);
        }

        await mail.EmailChangeNoticeAsync(user, newEmail);
        return RecoveryResult.Done;
    }

    /// <summary>Applies an email change from its link: the new address becomes the sign-in name too, and is confirmed.</summary>
    public async Task<RecoveryResult> ConfirmEmailChangeAsync(Guid userId, string newEmail, string token)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return RecoveryResult.InvalidLink;
        }

        newEmail = newEmail.Trim();
        var changed = await users.ChangeEmailAsync(user, newEmail, token);
        if (!changed.Succeeded)
        {
            // A used or expired link, or an address taken since the link was sent.
            return RecoveryResult.InvalidLink;
        }

        await users.SetUserNameAsync(user, newEmail);
        return RecoveryResult.Done;
    }

    /// <summary>Mails a new verification link, unless the address is confirmed already.</summary>
    public async Task<RecoveryResult> SendVerificationAsync(User user)
    {
        if (user.EmailConfirmed)
        {
            return new RecoveryResult(RecoveryOutcome.AlreadyConfirmed);
        }

        await mail.VerificationAsync(user, await users.GenerateEmailConfirmationTokenAsync(user));
        return RecoveryResult.Done;
    }

    public async Task<RecoveryResult> ConfirmEmailAsync(Guid userId, string token)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return RecoveryResult.InvalidLink;
        }

        return (await users.ConfirmEmailAsync(user, token)).Succeeded ? RecoveryResult.Done : RecoveryResult.InvalidLink;
    }

    private static RecoveryResult Refused(string field, IdentityResult result) =>
        new(RecoveryOutcome.Invalid, new() { [field] = [.. result.Errors.Select(e => e.Description).Distinct(StringComparer.Ordinal)] });
}
