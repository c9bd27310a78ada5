using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Accounts;

/// <summary>What a member's second factor looks like, without its secrets.</summary>
public sealed record TwoFactorStatus(bool Enabled, bool HasAuthenticator, int RecoveryCodesLeft);

/// <summary>The shared key an authenticator app takes, as text and as an otpauth:// URI (the QR code's content).</summary>
public sealed record AuthenticatorSetup(string SharedKey, string AuthenticatorUri);

/// <summary>
/// Two-factor sign-in with ASP.NET Core Identity's authenticator support (TOTP, RFC 6238) and recovery codes.
/// Identity checks the codes; this adds what it lacks: a TOTP code is accepted once (its time step is
/// remembered), so a code seen over a shoulder or in a log cannot be replayed.
/// </summary>
public sealed class TwoFactor(UserManager<User> users, TimeProvider clock)
{
    public const int RecoveryCodeCount = 10;

    /// <summary>Where the last accepted time step is kept (AspNetUserTokens), beside Identity's own tokens.</summary>
    private const string TokenProvider = "[Mekong]";
    private const string LastStepToken = "LastTotpStep";

    public async Task<TwoFactorStatus> StatusAsync(User user) => new(
        await users.GetTwoFactorEnabledAsync(user),
        !string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)),
        await users.CountRecoveryCodesAsync(user));

    /// <summary>A fresh shared key; two-factor sign-in stays off until a code from it is confirmed.</summary>
    public async Task<AuthenticatorSetup> StartAsync(User user)
    {
        await users.ResetAuthenticatorKeyAsync(user);
        await users.RemoveAuthenticationTokenAsync(user, TokenProvider, LastStepToken);
        var key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        var label = Uri.EscapeDataString("Mekong:" + (user.Email ?? user.Id.ToString()));
        return new AuthenticatorSetup(Grouped(key), $"otpauth://totp/{label}?secret={key}&issuer=Mekong&digits=6");
    }

    /// <summary>The current shared key for showing again during set-up, or null when none was started.</summary>
    public async Task<AuthenticatorSetup?> PendingSetupAsync(User user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var label = Uri.EscapeDataString("Mekong:" + (user.Email ?? user.Id.ToString()));
        return new AuthenticatorSetup(Grouped(key), $"otpauth://totp/{label}?secret={key}&issuer=Mekong&digits=6");
    }

    /// <summary>Turns two-factor sign-in on after a code from the authenticator proves it is set up; answers the recovery codes.</summary>
    public async Task<(IReadOnlyList<string>? RecoveryCodes, string? Refusal)> EnableAsync(User user, string? code)
    {
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return (null, "Two-factor sign-in is already on.");
        }

        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            return (null, "Start with a new authenticator key first.");
        }

        if (await VerifyCodeAsync(user, code) is { } refusal)
        {
            return (null, refusal);
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        return ([.. codes ?? []], null);
    }

    /// <summary>Turns two-factor sign-in off and forgets the key and codes; while it is on, a current code or a recovery code is asked.</summary>
    public async Task<string?> DisableAsync(User user, string? code, string? recoveryCode)
    {
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            if (await VerifyAsync(user, code, recoveryCode) is { } refusal)
            {
                return refusal;
            }

            await users.SetTwoFactorEnabledAsync(user, false);
        }

        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes");
        await users.RemoveAuthenticationTokenAsync(user, TokenProvider, LastStepToken);
        return null;
    }

    public async Task<(IReadOnlyList<string>? RecoveryCodes, string? Refusal)> NewRecoveryCodesAsync(User user)
    {
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return (null, "Two-factor sign-in is off; turn it on first.");
        }

        return ([.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []], null);
    }

    /// <summary>Checks a second factor at sign-in: an authenticator code, or else a recovery code (used up by this).</summary>
    public async Task<string?> VerifyAsync(User user, string? code, string? recoveryCode)
    {
        if (!string.IsNullOrWhiteSpace(code))
        {
            return await VerifyCodeAsync(user, code);
        }

        if (string.IsNullOrWhiteSpace(recoveryCode))
        {
            return "A second factor is required: an authenticator code or a recovery code.";
        }

        var trimmed = recoveryCode.Trim();
        if (trimmed.Length > 64 || trimmed.Contains('\0', StringComparison.Ordinal))
        {
            return "That recovery code is wrong or has already been used.";
        }

        var redeemed = await users.RedeemTwoFactorRecoveryCodeAsync(user, trimmed);
        return redeemed.Succeeded ? null : "That recovery code is wrong or has already been used.";
    }

    private async Task<string?> VerifyCodeAsync(User user, string? code)
    {
        var digits = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit))
        {
            return "An authenticator code is six digits.";
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return "That authenticator code is wrong or has expired.";
        }

        // Identity accepts a code for a few time steps either side; find which one so it is accepted only once.
        var key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        var step = Totp.MatchingStep(key, digits, clock.GetUtcNow());
        var last = long.TryParse(await users.GetAuthenticationTokenAsync(user, TokenProvider, LastStepToken), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : -1;
        if (step is null || step <= last)
        {
            return "That authenticator code has already been used; wait for the next one.";
        }

        try
        {
            // The user row's concurrency stamp makes two simultaneous uses of one code succeed only once.
            var saved = await users.SetAuthenticationTokenAsync(user, TokenProvider, LastStepToken, step.Value.ToString(CultureInfo.InvariantCulture));
            return saved.Succeeded ? null : "That authenticator code has already been used; wait for the next one.";
        }
        catch (DbUpdateException)
        {
            return "That authenticator code has already been used; wait for the next one.";
        }
    }

    private static string Grouped(string key)
    {
        var sb = new StringBuilder(key.Length + (key.Length / 4));
        for (var i = 0; i < key.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                sb.Append(' ');
            }

            sb.Append(char.ToLowerInvariant(key[i]));
        }

        return sb.ToString();
    }
}

/// <summary>RFC 6238 time-based codes (HMAC-SHA1, 30-second steps, 6 digits), as authenticator apps compute them.</summary>
internal static class Totp
{
    private const int StepSeconds = 30;

    /// <summary>The time step near now whose code this is (Identity has already checked the window), or null.</summary>
    public static long? MatchingStep(string base32Key, string code, DateTimeOffset now)
    {
        var key = Base32Decode(base32Key);
        if (key is null || !int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var current = now.ToUnixTimeSeconds() / StepSeconds;
        for (var step = current - 3; step <= current + 3; step++)
        {
            if (Code(key, step) == value)
            {
                return step;
            }
        }

        return null;
    }

    public static int Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238 as authenticator apps implement it is HMAC-SHA1; its use as an HMAC is not weak
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return binary % 1_000_000;
    }

    public static byte[]? Base32Decode(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            if (c is '=' or ' ')
            {
                continue;
            }

            var index = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (index < 0)
            {
                return null;
            }

            buffer = ((buffer << 5) | index) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. output];
    }
}
