using Mekong.Text;

namespace Mekong.Translation;

/// <summary>
/// Similarity of two texts for translation-memory suggestions: the Dice coefficient of their character trigram
/// multisets after normalization (NFKC, case and width folding; whitespace collapsed). 1 = same text.
/// </summary>
public static class FuzzyMatch
{
    /// <summary>Suggestions offered to post-editors start at this similarity.</summary>
    public const double Threshold = 0.85;

    /// <summary>How many recent memory entries of the language pair are compared (bounded work per request).</summary>
    public const int Window = 500;

    /// <summary>Longer texts are compared on their first this-many characters.</summary>
    public const int MaxChars = 4000;

    public static double Similarity(string a, string b)
    {
        var x = Trigrams(a);
        var y = Trigrams(b);
        var total = x.Values.Sum() + y.Values.Sum();
        if (total == 0)
        {
            return 1;
        }

        var shared = 0;
        foreach (var (gram, count) in x)
        {
            shared += Math.Min(count, y.GetValueOrDefault(gram));
        }

        return 2.0 * shared / total;
    }

    /// <summary>Texts whose lengths differ too much cannot reach the threshold; skip them before counting.</summary>
    public static bool LengthsCompatible(int a, int b) => Math.Min(a, b) >= Threshold / (2 - Threshold) * Math.Max(a, b) - 2;

    private static Dictionary<string, int> Trigrams(string text)
    {
        var normalized = string.Join(' ', TextNormalizer.Basic.NormalizeToString(text.AsSpan(0, Math.Min(text.Length, MaxChars)))
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var grams = new Dictionary<string, int>(StringComparer.Ordinal);
        var padded = " " + normalized + " ";
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            var gram = padded.Substring(i, 3);
            grams[gram] = grams.GetValueOrDefault(gram) + 1;
        }

        return grams;
    }
}
