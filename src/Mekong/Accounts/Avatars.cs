using System.Globalization;
using System.Text;
using Mekong.Platform.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Accounts;

/// <summary>
/// Generated avatars: the first letter(s) of the display name on a colour drawn from the member's id, as SVG.
/// Letters are whole grapheme clusters (a Thai consonant with its vowel marks, a Khmer or Burmese syllable's base,
/// one Chinese character), so no script is cut into pieces. The text is XML-escaped; the SVG has no script,
/// no style element and no external reference.
/// </summary>
public static class Avatars
{
    /// <summary>Browsers keep an avatar an hour; a renamed member's new letters show after that at the latest.</summary>
    public const string CacheControl = "public, max-age=3600";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/u/{id:guid}/avatar", GetAsync).ExcludeFromDescription();

    private static async Task<Results<ContentHttpResult, NotFound>> GetAsync(Guid id, MekongDb db, HttpContext http)
    {
        string? name = Privacy.Erasure.IsDeletedMember(id)
            ? "?"
            : await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayName).FirstOrDefaultAsync();
        if (name is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = CacheControl;
        return TypedResults.Content(Svg(id, name), "image/svg+xml; charset=utf-8");
    }

    public static string Svg(Guid id, string displayName)
    {
        var hue = Hue(id);
        var letters = Initials(displayName);
        var size = letters.Length > 2 || Wide(letters) ? 24 : 28;
        var text = System.Security.SecurityElement.Escape(letters);
        var title = System.Security.SecurityElement.Escape(displayName);
        return $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" role="img"><title>{title}</title><rect width="64" height="64" rx="32" fill="hsl({hue.ToString(CultureInfo.InvariantCulture)},45%,42%)"/><text x="32" y="32" dy="0.35em" text-anchor="middle" font-family="system-ui, 'Noto Sans', 'Noto Sans Thai', 'Noto Sans Khmer', 'Noto Sans Myanmar', 'Noto Sans CJK SC', sans-serif" font-size="{size.ToString(CultureInfo.InvariantCulture)}" fill="#ffffff">{text}</text></svg>""";
    }

    /// <summary>
    /// One grapheme for a name in a script without spaces between name parts (Chinese) or of one word; the first
    /// grapheme of the first and of the last word otherwise ("Sokha Chan" → "SC").
    /// </summary>
    public static string Initials(string displayName)
    {
        var words = displayName.Normalize(NormalizationForm.FormC)
            .Split(new[] { ' ', '\u3000', '\t' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(FirstGrapheme)
            .Where(g => g.Length > 0)
            .ToList();
        if (words.Count == 0)
        {
            return "?";
        }

        var first = words[0];
        if (words.Count == 1 || IsHan(first))
        {
            return first.ToUpperInvariant();
        }

        return (first + words[^1]).ToUpperInvariant();
    }

    /// <summary>The first letter-like grapheme, skipping punctuation and the Thai and Lao vowels written before their consonant.</summary>
    private static string FirstGrapheme(string word)
    {
        var graphemes = StringInfo.GetTextElementEnumerator(word);
        while (graphemes.MoveNext())
        {
            var g = (string)graphemes.Current;
            var c = g[0];
            if (c is >= '\u0E40' and <= '\u0E44' or >= '\u0EC0' and <= '\u0EC4')
            {
                continue; // เ แ โ ใ ไ (Thai), ເ ແ ໂ ໃ ໄ (Lao): the consonant after them is the name's initial
            }

            if (char.IsLetterOrDigit(g, 0) || char.IsSurrogate(c))
            {
                // Marks the grapheme rules leave as clusters of their own still belong to the letter: Burmese ော is ေ + ာ.
                var letter = g;
                while (graphemes.MoveNext() && IsMark((string)graphemes.Current))
                {
                    letter += (string)graphemes.Current;
                }

                return letter;
            }
        }

        return "";
    }

    private static bool IsMark(string grapheme) => CharUnicodeInfo.GetUnicodeCategory(grapheme, 0)
        is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static bool IsHan(string grapheme) => Rune.GetRuneAt(grapheme, 0).Value is >= 0x3400 and <= 0x9FFF or >= 0x20000 and <= 0x3134F or >= 0xF900 and <= 0xFAFF;

    private static bool Wide(string letters) => letters.EnumerateRunes().Any(r => r.Value >= 0x1000);

    private static int Hue(Guid id)
    {
        // UUIDv7 starts with a timestamp: the random tail spreads the colours.
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return ((bytes[15] << 8) | bytes[14]) % 360;
    }
}

/// <summary>How a member's country and languages are shown on their profile, in the reader's interface language.</summary>
public static class ProfileDisplay
{
    /// <summary>
    /// The flag emoji of an ISO 3166-1 alpha-2 code (two regional indicator symbols), or "" for "other". Only those
    /// symbols can come out, so a page may write it unencoded (the HTML encoder would turn each into a character reference).
    /// </summary>
    public static string Flag(string country) =>
        country.Length == 2 && char.IsAsciiLetter(country[0]) && char.IsAsciiLetter(country[1])
            ? char.ConvertFromUtf32(0x1F1E6 + (char.ToUpperInvariant(country[0]) - 'A')) + char.ConvertFromUtf32(0x1F1E6 + (char.ToUpperInvariant(country[1]) - 'A'))
            : "";

    /// <summary>The English name of a home country: the key of its interface text.</summary>
    public static string CountryKey(string country) => country.ToUpperInvariant() switch
    {
        "CN" => "China",
        "BN" => "Brunei",
        "KH" => "Cambodia",
        "ID" => "Indonesia",
        "LA" => "Laos",
        "MY" => "Malaysia",
        "MM" => "Myanmar",
        "PH" => "Philippines",
        "SG" => "Singapore",
        "TH" => "Thailand",
        "VN" => "Vietnam",
        _ => "Other",
    };

    /// <summary>A language's name in the current interface language (ICU's names: 泰语, ไทย, Thai …).</summary>
    public static string LanguageName(string code)
    {
        try
        {
            return new CultureInfo(code).DisplayName;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }
}
