using Microsoft.AspNetCore.Identity;

namespace Mekong.Accounts;

public enum SignInOutcome
{
    SignedIn,

    /// <summary>Unknown email or wrong password: one answer for both.</summary>
    Failed,

    /// <summary>This client failed too often: 429 with the wait.</summary>
    Throttled,

    /// <summary>The password was right and the account asks for a second factor.</summary>
    SecondFactorRequired,

    SecondFactorRefused,

    /// <summary>The password was right but too many failures locked the account for a while.</summary>
    LockedOut,

    Suspended,
}

/// <summary>What a sign-in attempt came to; <see cref="Reason"/> is shown to the person signing in.</summary>
public sealed record SignInAttempt(SignInOutcome Outcome, User? User = null, TimeSpan? RetryAfter = null, string? Reason = null, bool SecondFactor = false);

/// <summary>
/// Checks a sign-in for the API and the pages alike, so that it reveals nothing about which emails have
/// accounts: an unknown email costs the same password-hash verification as a real one and gets the same
/// answer; failures are throttled per client before the account's own lockout; and the lockout and
/// second-factor answers are given only to someone who has just proved the password.
/// </summary>
public sealed class MemberSignIn(UserManager<User> users, SignInThrottle throttle, TwoFactor twoFactor, TimeProvider clock)
{
    public const string WrongCredentials = "Email or password is wrong.";
    public const string TooManyAttempts = "Too many failed sign-in attempts from here; try again later.";
    public const string LockedMessage = "Too many failed attempts on this account; try again later, or sign in with your authenticator.";
    public const string SuspendedMessage = "This account is suspended.";

    private static string? _dummyHash;

    /// <summary>The client a failure counts against: its IP address (forwarded headers are the host's business).</summary>
    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public async Task<SignInAttempt> PasswordAsync(string client, string email, string password, string? code = null, string? recoveryCode = null)
    {
        email = email.Trim();
        if (throttle.RetryAfter(client, email) is { } wait)
        {
            return new SignInAttempt(SignInOutcome.Throttled, RetryAfter: wait, Reason: TooManyAttempts);
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            // The same work as for a real account, so the answer's timing says nothing either.
            var hasher = users.PasswordHasher;
            hasher.VerifyHashedPassword(new User(), _dummyHash ??= hasher.HashPassword(new User(), Guid.NewGuid().ToString()), password);
            throttle.Failed(client, email);
            return new SignInAttempt(SignInOutcome.Failed, Reason: WrongCredentials);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            throttle.Failed(client, email);
            await users.AccessFailedAsync(user);
            return new SignInAttempt(SignInOutcome.Failed, Reason: WrongCredentials);
        }

        if (IsSuspended(user))
        {
            return new SignInAttempt(SignInOutcome.Suspended, Reason: SuspendedMessage);
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            if (string.IsNullOrWhiteSpace(code) && string.IsNullOrWhiteSpace(recoveryCode))
            {
                return new SignInAttempt(SignInOutcome.SecondFactorRequired, user, Reason: "A second factor is required: send twoFactorCode (from the authenticator app) or twoFactorRecoveryCode.");
            }

            return await SecondFactorAsync(client, user, code, recoveryCode, throttleChecked: true);
        }

        if (await users.IsLockedOutAsync(user))
        {
            return new SignInAttempt(SignInOutcome.LockedOut, Reason: LockedMessage);
        }

        await SucceededAsync(client, user);
        return new SignInAttempt(SignInOutcome.SignedIn, user);
    }

    /// <summary>
    /// The second step for an account whose password was proved. A lockout from failed passwords does not stop
    /// it: the member who holds the second factor gets in while someone else guesses their password.
    /// </summary>
    public async Task<SignInAttempt> SecondFactorAsync(string client, User user, string? code, string? recoveryCode, bool throttleChecked = false)
    {
        var email = user.Email ?? user.Id.ToString();
        if (!throttleChecked && throttle.RetryAfter(client, email) is { } wait)
        {
            return new SignInAttempt(SignInOutcome.Throttled, RetryAfter: wait, Reason: TooManyAttempts);
        }

        if (IsSuspended(user))
        {
            return new SignInAttempt(SignInOutcome.Suspended, Reason: SuspendedMessage);
        }

        if (await twoFactor.VerifyAsync(user, code, recoveryCode) is { } refusal)
        {
            throttle.Failed(client, email);
            return new SignInAttempt(SignInOutcome.SecondFactorRefused, Reason: refusal);
        }

        if (await users.IsLockedOutAsync(user))
        {
            await users.SetLockoutEndDateAsync(user, null);
        }

        await SucceededAsync(client, user);
        return new SignInAttempt(SignInOutcome.SignedIn, user, SecondFactor: true);
    }

    /// <summary>Issues the cookie or bearer token (by the sign-in manager's scheme); a second factor is recorded as amr=mfa.</summary>
    public Task CompleteAsync(SignInManager<User> signIn, User user, bool isPersistent, bool secondFactor) =>
        secondFactor
            ? signIn.SignInWithClaimsAsync(user, isPersistent, [new System.Security.Claims.Claim("amr", "mfa")])
            : signIn.SignInAsync(user, isPersistent);

    /// <summary>A moderator's suspension sets the lockout a century ahead; failed passwords lock for minutes.</summary>
    private bool IsSuspended(User user) => user.LockoutEnd is { } end && end > clock.GetUtcNow().AddDays(30);

    private async Task SucceededAsync(string client, User user)
    {
        throttle.Succeeded(client, user.Email ?? "");
        await users.ResetAccessFailedCountAsync(user);
    }
}
