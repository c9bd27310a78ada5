using Mekong.Platform;
using Mekong.Platform.Http;

namespace Mekong.Accounts;

/// <summary>What a member says about themselves; the one place profile input is checked, for API and pages alike.</summary>
public sealed record ProfileInput(
    string? DisplayName,
    string? HomeCountry,
    IReadOnlyList<string>? ReadingLanguages,
    string? InterfaceLanguage,
    string? Bio,
    string? Handle = null,
    string? TimeZone = null,
    string? Theme = null)
{
    /// <summary>Validates and applies the fields that were given; absent fields keep their value.</summary>
    public void ApplyTo(User user, Errors errors)
    {
        if (DisplayName is not null)
        {
            user.DisplayName = errors.Required("displayName", DisplayName, Limits.DisplayNameChars) ?? user.DisplayName;
        }

        if (HomeCountry is not null)
        {
            var country = Languages.CanonicalCountry(HomeCountry.Trim());
            if (country is null)
            {
                errors.Add("homeCountry", $"'{HomeCountry}' is not a known home country; use CN, BN, KH, ID, LA, MY, MM, PH, SG, TH, VN or 'other'.");
            }
            else
            {
                user.HomeCountry = country;
            }
        }

        if (ReadingLanguages is not null)
        {
            var languages = new List<string>();
            for (var i = 0; i < ReadingLanguages.Count; i++)
            {
                var code = Languages.Canonical(ReadingLanguages[i]?.Trim());
                if (code is null)
                {
                    errors.Add($"readingLanguages[{i}]", $"'{ReadingLanguages[i]}' is not a platform language.");
                }
                else if (!languages.Contains(code))
                {
                    languages.Add(code);
                }
            }

            if (languages.Count == 0 && !errors.Any)
            {
                errors.Add("readingLanguages", "Name at least one reading language.");
            }

            user.ReadingLanguages = string.Join(',', languages);
        }

        if (InterfaceLanguage is not null)
        {
            var code = Languages.Canonical(InterfaceLanguage.Trim());
            if (code is null)
            {
                errors.Add("interfaceLanguage", $"'{InterfaceLanguage}' is not an interface language.");
            }
            else
            {
                user.InterfaceLanguage = code;
            }
        }

        if (Bio is not null)
        {
            user.Bio = errors.Optional("bio", Bio, Limits.BioChars);
        }

        if (TimeZone is not null)
        {
            if (Display.TimeZones.Canonical(TimeZone) is { } zone)
            {
                user.ChooseTimeZone(zone);
            }
            else
            {
                errors.Add("timeZone", "Not an IANA time zone this site knows (for example Asia/Bangkok, Asia/Shanghai or UTC).");
            }
        }

        if (Theme is not null)
        {
            if (Display.Themes.Canonical(Theme) is { } theme)
            {
                user.ChooseTheme(theme);
            }
            else
            {
                errors.Add("theme", "Use system, light or dark.");
            }
        }
    }
}

public sealed record ProfileView(
    Guid Id,
    string DisplayName,
    string HomeCountry,
    IReadOnlyList<string> ReadingLanguages,
    string InterfaceLanguage,
    string Bio,
    DateTimeOffset CreatedAt,
    int Followers,
    int Following,
    string? Handle = null);

public sealed record MeView(ProfileView Profile, string Email, IReadOnlyList<string> Roles, string TimeZone = Display.TimeZones.Default, string Theme = Display.Themes.System);
