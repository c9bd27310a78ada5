using System.ComponentModel.DataAnnotations;

namespace Mekong.Accounts;

/// <summary>The <c>Accounts</c> settings: password length rules, the sign-in failure throttle, mailed links.</summary>
public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>Shortest password accepted (NIST SP 800-63B: at least 8).</summary>
    [Range(8, 64)]
    public int PasswordMinLength { get; set; } = 8;

    /// <summary>Longest password accepted (NIST SP 800-63B: at least 64), in characters.</summary>
    [Range(64, 1024)]
    public int PasswordMaxLength { get; set; } = 256;

    public SignInThrottleOptions SignInThrottle { get; set; } = new();

    /// <summary>How long the links mailed for password reset, email verification and email change work.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan TokenLifespan { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The site's public address for links in mails (e.g. https://mekong.example). Unset, links use the address
    /// the request came to: set it wherever a proxy does not pin the Host header.
    /// </summary>
    [Url]
    public string? SiteUrl { get; set; }
}

/// <summary>
/// Failed sign-ins counted per client in a sliding window, before the account's own lockout: one client can
/// neither lock a member out nor spray one guess across many accounts.
/// </summary>
public sealed class SignInThrottleOptions
{
    /// <summary>How long a failure counts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures one client (IP address) may make against one account in the window; below the account lockout (10).</summary>
    [Range(1, 1_000_000)]
    public int PerAccountFailures { get; set; } = 5;

    /// <summary>Failures one client may make across all accounts in the window.</summary>
    [Range(1, 1_000_000)]
    public int PerClientFailures { get; set; } = 20;
}
