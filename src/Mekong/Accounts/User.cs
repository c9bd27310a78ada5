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

    /// <summary>The unique @handle others mention the member by: lowercase [a-z0-9_], 3 to 30 characters.</summary>
    public string? Handle { get; private set; }

    public void SetHandle(string handle)
    {
        if (!MemberHandles.IsValid(handle))
        {
            throw new ArgumentException("A handle is 3 to 30 of a-z, 0-9 and _.", nameof(handle));
        }

        Handle = handle;
    }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Until when a moderator has silenced the member: they read, but cannot post or comment.</summary>
    public DateTimeOffset? SilencedUntil { get; set; }

    public bool IsSilenced(DateTimeOffset now) => SilencedUntil is { } until && until > now;

    /// <summary>IANA time zone id the member reads times in ("UTC" until they choose).</summary>
    public string TimeZone { get; private set; } = Display.TimeZones.Default;

    /// <summary>"system", "light" or "dark".</summary>
    public string Theme { get; private set; } = Display.Themes.System;

    /// <summary>Secret in the member's feed links (<c>?token=</c>): lets a feed reader read members-only feeds as them. Null until first shown.</summary>
    public string? FeedToken { get; private set; }

    /// <summary>Sets an already validated IANA id (<see cref="Display.TimeZones.Canonical"/>).</summary>
    public void ChooseTimeZone(string ianaId) => TimeZone = ianaId;

    /// <summary>Sets an already validated theme (<see cref="Display.Themes.Canonical"/>).</summary>
    public void ChooseTheme(string theme) => Theme = theme;

    /// <summary>A new feed token: every feed link given out before stops working.</summary>
    public string RotateFeedToken() =>
        FeedToken = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public IReadOnlyList<string> ReadingLanguageList =>
        ReadingLanguages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
