namespace Mekong.Display;

/// <summary>The time zones a member may read times in: IANA ids only ("Asia/Bangkok"), as the system's tz database knows them.</summary>
public static class TimeZones
{
    /// <summary>The site's zone for visitors and for members who have not chosen.</summary>
    public const string Default = "UTC";

    public const int MaxChars = 64;

    private static readonly Lazy<IReadOnlyList<string>> All = new(() =>
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(IsIana).Append(Default).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

    /// <summary>Every IANA id the system knows, sorted, for the settings page.</summary>
    public static IReadOnlyList<string> Known => All.Value;

    /// <summary>The zone's IANA id as the system spells it, or null when <paramref name="id"/> is no IANA zone here.</summary>
    public static string? Canonical(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxChars || id.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var trimmed = id.Trim();
        if (string.Equals(trimmed, Default, StringComparison.OrdinalIgnoreCase))
        {
            return Default;
        }

        return IsIana(trimmed) && TimeZoneInfo.TryFindSystemTimeZoneById(trimmed, out var zone) ? zone.Id : null;
    }

    /// <summary>The zone for an id already stored (falls back to UTC should the system no longer know it).</summary>
    public static TimeZoneInfo Find(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    // "Asia/Bangkok" is IANA; "SE Asia Standard Time" is a Windows id the system would also accept: refuse it.
    private static bool IsIana(string id) =>
        id.Contains('/', StringComparison.Ordinal) && TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out _);
}
