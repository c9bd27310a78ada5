using Microsoft.AspNetCore.Identity;

namespace Mekong.Accounts;

/// <summary>A person on the site: an Identity account plus the profile other members see.</summary>
public sealed class User : IdentityUser<Guid>
{
    public User() => Id = Guid.CreateVersion7();

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

    public IReadOnlyList<string> ReadingLanguageList =>
        ReadingLanguages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
