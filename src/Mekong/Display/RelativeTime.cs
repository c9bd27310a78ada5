using System.Globalization;
using Mekong.Platform.Localization;
using Microsoft.Extensions.Localization;

namespace Mekong.Display;

/// <summary>"3 hours ago" in the reader's language, and the exact time in their zone for the tooltip.</summary>
public static class RelativeTime
{
    /// <summary>Short relative text up to a week back; after that (or ahead of now) the date in the reader's zone.</summary>
    public static string Text(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone, CultureInfo culture, IStringLocalizer<UiText> l)
    {
        var ago = now - at;
        if (ago < TimeSpan.FromSeconds(-60) || ago >= TimeSpan.FromDays(7))
        {
            return TimeZoneInfo.ConvertTime(at, zone).ToString("d", culture);
        }

        if (ago < TimeSpan.FromMinutes(1))
        {
            return l["just now"];
        }

        var (n, one, other) = ago < TimeSpan.FromHours(1) ? ((int)ago.TotalMinutes, "{0} minute ago", "{0} minutes ago")
            : ago < TimeSpan.FromDays(1) ? ((int)ago.TotalHours, "{0} hour ago", "{0} hours ago")
            : ((int)ago.TotalDays, "{0} day ago", "{0} days ago");
        return l[IsOne(n, culture) ? one : other, n.ToString(culture)];
    }

    /// <summary>The exact time in the reader's zone, with the zone's name and offset: "Monday, 7 December 2026 19:15:00 (Asia/Bangkok, UTC+07:00)".</summary>
    public static string Exact(DateTimeOffset at, TimeZoneInfo zone, CultureInfo culture)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var name = zone == TimeZoneInfo.Utc ? TimeZones.Default : zone.Id;
        return string.Create(culture, $"{local.ToString("F", culture)} ({name}, UTC{sign}{offset.Duration():hh\\:mm})");
    }

    /// <summary>ISO 8601 in UTC, for the <c>datetime</c> attribute.</summary>
    public static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // CLDR cardinal rules for the platform's languages: only English and Filipino have a separate "one" form
    // (Filipino's own rule also covers 2, 3, 5…, but its text does not change); the others have only "other".
    private static bool IsOne(int n, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName switch
        {
            "en" => n == 1,
            "fil" => n is 1 || (n % 10 is not (4 or 6 or 9)),
            _ => false,
        };
}
