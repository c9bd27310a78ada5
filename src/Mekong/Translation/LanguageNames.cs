namespace Mekong.Translation;

/// <summary>English names of the platform languages, for prompts, and the codes MT engines use for them.</summary>
internal static class LanguageNames
{
    public static string English(string code) => code switch
    {
        "zh-Hans" => "Simplified Chinese",
        "zh-Hant" => "Traditional Chinese",
        "en" => "English",
        "th" => "Thai",
        "vi" => "Vietnamese",
        "id" => "Indonesian",
        "ms" => "Malay",
        "fil" => "Filipino",
        "km" => "Khmer",
        "lo" => "Lao",
        "my" => "Burmese",
        _ => code,
    };

    /// <summary>LibreTranslate (Argos) codes: Chinese as zh / zt, Filipino as tl.</summary>
    public static string LibreTranslate(string code) => code switch
    {
        "zh-Hans" => "zh",
        "zh-Hant" => "zt",
        "fil" => "tl",
        _ => code,
    };
}
