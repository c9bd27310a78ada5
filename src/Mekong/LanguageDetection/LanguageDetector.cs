using Lingua;
using Mekong.Text;

namespace Mekong.LanguageDetection;

/// <summary>How a stored language was decided.</summary>
public static class LanguageSources
{
    /// <summary>The author said so (in the request or by correcting it); confidence 1.</summary>
    public const string Author = "author";

    /// <summary>Detected from the text with the confidence stored next to it.</summary>
    public const string Detected = "detected";

    /// <summary>Too short, mixed or unsure: the author's declared language was used.</summary>
    public const string Declared = "declared";
}

/// <summary>A detection result: a platform language code (or "und") and how sure the detector is (0–1).</summary>
public readonly record struct LanguageGuess(string Language, double Confidence, string Source);

/// <summary>
/// Detects the language of posts and comments in the eleven platform languages. Khmer, Lao, Burmese and Thai are
/// recognised by their Unicode blocks (each script has one platform language), Chinese by Han characters —
/// Traditional when folding to Simplified changes a significant share of them —, and the Latin-script languages
/// (en, vi, id, ms, fil) by SearchPioneer.Lingua restricted to the seven languages it models for us.
/// The script decides whenever it can; the declared language only breaks ties within a script. Thread-safe; one per process.
/// </summary>
public sealed class LanguageDetector
{
    /// <summary>Fewer letters than this and statistics are guesswork: the declared language wins.</summary>
    public const int MinimumLetters = 20;

    /// <summary>Below this confidence the declared language wins.</summary>
    public const double MinimumConfidence = 0.5;

    /// <summary>The dominant script must hold at least this share of the letters, or the text counts as mixed.</summary>
    public const double MixedScriptShare = 0.7;

    /// <summary>Share of Han characters that must change under Hant→Hans folding for a text to be Traditional.</summary>
    public const double TraditionalShare = 0.1;

    /// <summary>Only the first characters are looked at: enough for any statistic, bounded for 1 MB inputs.</summary>
    public const int SampleChars = 4000;

    private static readonly Language[] Modelled =
        [Language.Chinese, Language.Thai, Language.Vietnamese, Language.Indonesian, Language.Malay, Language.Tagalog, Language.English];

    // The models are immutable: one copy per process, however many hosts (the integration tests start dozens).
    // Low-accuracy mode (trigram models only): on the 11-language benchmark corpus it is as accurate as the full
    // models (99.7–99.8%; texts under 20 letters fall back to the declared language anyway) for 34 MiB of heap
    // instead of 188 MiB and a 0.1 s load instead of 1 s (docs/benchmarks.md).
    private static readonly Lazy<Lingua.LanguageDetector> s_lingua = new(
        () => LanguageDetectorBuilder.FromLanguages(Modelled).WithPreloadedLanguageModels().WithLowAccuracyMode().Build(),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True once the statistical models are in memory.</summary>
    public static bool IsWarm => s_lingua.IsValueCreated;

    /// <summary>Loads the models (about 0.1 s, 30 MiB); called in the background at startup. Idempotent.</summary>
    public static void WarmUp() => _ = s_lingua.Value;

    /// <summary>
    /// The language of <paramref name="text"/>. The script decides whenever it can: Thai, Lao, Khmer and Burmese
    /// letters each belong to one platform language however short the text, a Han text is Chinese and a Latin text
    /// is one of the Latin-script languages. <paramref name="declared"/> (the author's or reader's language, or null)
    /// only breaks ties between languages of the same script — a short Latin or Han text, an unsure Latin one — or
    /// answers when the text has no letters or mixes scripts including the declared one's.
    /// </summary>
    public LanguageGuess Detect(string text, string? declared)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fallback = string.IsNullOrEmpty(declared) ? Platform.Languages.Undetermined : declared;
        var sample = text.Length > SampleChars ? text[..SampleChars] : text;
        var counts = ScriptCounts.Of(sample);
        if (counts.Letters == 0)
        {
            return Declared(fallback);
        }

        var declaredScript = ScriptOf(fallback);
        var (script, share) = counts.Dominant();
        if (script == Script.Other)
        {
            // Letters, but none of a platform language's script (Hangul, Cyrillic …): no platform language fits.
            return new LanguageGuess(Platform.Languages.Undetermined, 0, LanguageSources.Detected);
        }

        if (share < MixedScriptShare)
        {
            // Mixed: the declared language stands when its script is in the text, else the dominant script decides.
            return declaredScript != Script.Other && counts.Of(declaredScript) > 0 ? Declared(fallback) : Guess(sample, script, share, null);
        }

        var shortText = counts.Letters < MinimumLetters;
        return script switch
        {
            Script.Han => Guess(sample, script, share, shortText && declaredScript == Script.Han ? fallback : null),
            Script.Latin when shortText && declaredScript == Script.Latin => Declared(fallback),
            Script.Latin => Unsure(Guess(sample, script, share, null)),
            _ => Guess(sample, script, share, null),
        };

        // Unsure of a Latin text: the declared language when it could be it (Latin, or its script is in the text too).
        LanguageGuess Unsure(LanguageGuess guess) =>
            (guess.Confidence < MinimumConfidence || guess.Language == Platform.Languages.Undetermined)
            && (declaredScript == Script.Latin || (declaredScript != Script.Other && counts.Of(declaredScript) > 0))
                ? Declared(fallback)
                : guess;
    }

    private static LanguageGuess Declared(string language) => new(language, 0, LanguageSources.Declared);

    /// <summary>The script a platform language is written in (Other for "und" and unknown codes).</summary>
    internal static Script ScriptOf(string language) => language switch
    {
        "th" => Script.Thai,
        "lo" => Script.Lao,
        "km" => Script.Khmer,
        "my" => Script.Myanmar,
        "zh-Hans" or "zh-Hant" => Script.Han,
        "en" or "vi" or "id" or "ms" or "fil" => Script.Latin,
        _ => Script.Other,
    };

    /// <summary>
    /// The language a text of <paramref name="script"/> is in. For Han, <paramref name="chineseTieBreak"/> (the
    /// declared Chinese, for texts too short to tell) wins unless the text shows Traditional characters.
    /// </summary>
    private LanguageGuess Guess(string sample, Script script, double share, string? chineseTieBreak)
    {
        switch (script)
        {
            case Script.Thai or Script.Lao or Script.Khmer or Script.Myanmar:
                // Each of these scripts has one platform language; the share is the confidence.
                var code = script switch
                {
                    Script.Thai => "th",
                    Script.Lao => "lo",
                    Script.Khmer => "km",
                    _ => "my",
                };
                return new LanguageGuess(code, Math.Round(share, 3), LanguageSources.Detected);
            case Script.Han:
                if (IsTraditional(sample))
                {
                    return new LanguageGuess("zh-Hant", Math.Round(share, 3), LanguageSources.Detected);
                }

                return chineseTieBreak is not null
                    ? Declared(chineseTieBreak)
                    : new LanguageGuess("zh-Hans", Math.Round(share, 3), LanguageSources.Detected);
            case Script.Latin:
                return Statistical(sample, share);
            default:
                return new LanguageGuess(Platform.Languages.Undetermined, 0, LanguageSources.Detected);
        }
    }

    private LanguageGuess Statistical(string sample, double share)
    {
        var values = s_lingua.Value.ComputeLanguageConfidenceValues(sample);
        Language best = default;
        var top = -1.0;
        foreach (var (language, value) in values)
        {
            if (value > top && language is not (Language.Chinese or Language.Thai))
            {
                (best, top) = (language, value);
            }
        }

        if (top <= 0)
        {
            return new LanguageGuess(Platform.Languages.Undetermined, 0, LanguageSources.Detected);
        }

        var code = best switch
        {
            Language.English => "en",
            Language.Vietnamese => "vi",
            Language.Indonesian => "id",
            Language.Malay => "ms",
            Language.Tagalog => "fil",
            _ => Platform.Languages.Undetermined,
        };
        return new LanguageGuess(code, Math.Round(top * share, 3), LanguageSources.Detected);
    }

    /// <summary>Traditional when Hant→Hans folding changes at least <see cref="TraditionalShare"/> of the Han characters.</summary>
    internal static bool IsTraditional(string text)
    {
        var han = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (ScriptCounts.IsHan(c))
            {
                han.Append(c);
            }
        }

        if (han.Length == 0)
        {
            return false;
        }

        var original = han.ToString();
        var folded = TextNormalizer.Basic.NormalizeToString(original);
        var changed = 0;
        var length = Math.Min(original.Length, folded.Length);
        for (var i = 0; i < length; i++)
        {
            if (original[i] != folded[i])
            {
                changed++;
            }
        }

        changed += Math.Abs(original.Length - folded.Length);
        return changed > 0 && changed >= TraditionalShare * original.Length;
    }
}

internal enum Script
{
    Other,
    Latin,
    Han,
    Thai,
    Lao,
    Khmer,
    Myanmar,
}

/// <summary>Letters per script, by Unicode block.</summary>
internal readonly record struct ScriptCounts(int Letters, int Latin, int Han, int Thai, int Lao, int Khmer, int Myanmar)
{
    public static ScriptCounts Of(ReadOnlySpan<char> text)
    {
        int letters = 0, latin = 0, han = 0, thai = 0, lao = 0, khmer = 0, myanmar = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c) && !IsScriptMark(c))
            {
                continue;
            }

            letters++;
            switch (c)
            {
                case <= '\u024F' or (>= '\u1E00' and <= '\u1EFF'):
                    latin++;
                    break;
                case >= '\u0E00' and <= '\u0E7F':
                    thai++;
                    break;
                case >= '\u0E80' and <= '\u0EFF':
                    lao++;
                    break;
                case (>= '\u1780' and <= '\u17FF') or (>= '\u19E0' and <= '\u19FF'):
                    khmer++;
                    break;
                case (>= '\u1000' and <= '\u109F') or (>= '\uA9E0' and <= '\uA9FF') or (>= '\uAA60' and <= '\uAA7F'):
                    myanmar++;
                    break;
                default:
                    if (IsHan(c))
                    {
                        han++;
                    }

                    break;
            }
        }

        return new ScriptCounts(letters, latin, han, thai, lao, khmer, myanmar);
    }

    public static bool IsHan(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF');

    /// <summary>Thai, Lao, Khmer and Burmese vowel signs are marks, not letters, but belong to the word.</summary>
    private static bool IsScriptMark(char c) =>
        c is (>= '\u0E00' and <= '\u0EFF') or (>= '\u1000' and <= '\u109F') or (>= '\u1780' and <= '\u17FF')
        && char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    /// <summary>Letters of one script.</summary>
    public int Of(Script script) => script switch
    {
        Script.Latin => Latin,
        Script.Han => Han,
        Script.Thai => Thai,
        Script.Lao => Lao,
        Script.Khmer => Khmer,
        Script.Myanmar => Myanmar,
        _ => 0,
    };

    public (Script Script, double Share) Dominant()
    {
        if (Letters == 0)
        {
            return (Script.Other, 0);
        }

        (Script, int)[] all = [(Script.Latin, Latin), (Script.Han, Han), (Script.Thai, Thai), (Script.Lao, Lao), (Script.Khmer, Khmer), (Script.Myanmar, Myanmar)];
        var (script, count) = all.MaxBy(s => s.Item2);
        return (count == 0 ? Script.Other : script, (double)count / Letters);
    }
}
