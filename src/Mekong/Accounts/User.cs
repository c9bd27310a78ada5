using Microsoft.AspNetCore.Identity;

namespace Mekong.Accounts;

/// <summary>A person on the site: an Identity account plus the profile other members see.</summary>
public sealed class User : IdentityUser<Guid>
{
    public User() => Id = Guid.CreateVersion7();

    /// <summary>
    /// Whether mail other than account mail (notifications, digests) may go to this member: only to an address its
    /// owner confirmed by opening the verification link (Identity's <see cref="IdentityUser{TKey}.EmailConfirmed"/>).
    /// </summary>
    public bool CanReceiveMail => EmailConfirmed && !string.IsNullOrEmpty(Email);

    public string DisplayName { get; set; } = "";

    /// <summary>ISO 3166-1 alpha-2 code of the home country, or "other". Posts take it as their origin.</summary>
    public string HomeCountry { get; set; } = "other";

    /// <summary>Preferred reading languages, most preferred first, comma-separated BCP 47 codes.</summary>
    public string ReadingLanguages { get; set; } = "en";

    public string InterfaceLanguage { get; set; } = "en";

    public string Bio { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Until when a moderator has silenced the member: they read, but cannot post or comment.</summary>
    public DateTimeOffset? SilencedUntil { get; set; }

    public bool IsSilenced(DateTimeOffset now) => SilencedUntil is { } until && until > now;

    public IReadOnlyList<string> ReadingLanguageList =>
        ReadingLanguages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
