using System.Collections.Frozen;

namespace Mekong.Platform;

/// <summary>The languages and countries Mekong is built for, with the names their own speakers use.</summary>
public static class Languages
{
    /// <summary>Post language when nobody has said or detected it yet (BCP 47 "undetermined").</summary>
    public const string Undetermined = "und";

    public static readonly IReadOnlyList<(string Code, string NativeName)> Platform =
    [
        ("zh-Hans", "简体中文"),
        ("zh-Hant", "繁體中文"),
        ("en", "English"),
        ("th", "ไทย"),
        ("vi", "Tiếng Việt"),
        ("id", "Bahasa Indonesia"),
        ("ms", "Bahasa Melayu"),
        ("fil", "Filipino"),
        ("km", "ខ្មែរ"),
        ("lo", "ລາວ"),
        ("my", "မြန်မာ"),
    ];

    public static readonly FrozenSet<string> Codes =
        Platform.Select(l => l.Code).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Home countries: China and the ten ASEAN members (ISO 3166-1 alpha-2), or "other".</summary>
    public static readonly IReadOnlyList<(string Code, string NativeName)> Countries =
    [
        ("CN", "中国"),
        ("BN", "Brunei Darussalam"),
        ("KH", "កម្ពុជា"),
        ("ID", "Indonesia"),
        ("LA", "ລາວ"),
        ("MY", "Malaysia"),
        ("MM", "မြန်မာ"),
        ("PH", "Pilipinas"),
        ("SG", "Singapore"),
        ("TH", "ประเทศไทย"),
        ("VN", "Việt Nam"),
        ("other", "Other"),
    ];

    public static readonly FrozenSet<string> CountryCodes =
        Countries.Select(c => c.Code).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns the canonical spelling of a platform language code, or null when it is not one.</summary>
    public static string? Canonical(string? code) =>
        code is null ? null : Platform.Select(l => l.Code).FirstOrDefault(c => string.Equals(c, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>Canonical country code (upper case, or "other"), or null when unknown.</summary>
    public static string? CanonicalCountry(string? code) =>
        code is null ? null : Countries.Select(c => c.Code).FirstOrDefault(c => string.Equals(c, code, StringComparison.OrdinalIgnoreCase));

    public static string NativeName(string code) =>
        Platform.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase)).NativeName ?? code;
}
