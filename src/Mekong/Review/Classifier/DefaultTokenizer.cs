using System.Globalization;
using System.Text;

namespace Mekong.Review.Classifier;

/// <summary>
/// The tokenizer the classifier uses when the application plugs in no segmenter: lower-cased runs of letters and
/// digits for spaced scripts, and overlapping character bigrams for scripts written without spaces (Han, kana,
/// Thai, Lao, Khmer, Burmese), where a run is a phrase rather than a word. A dictionary segmenter does better on
/// the unspaced scripts; this keeps the feature meaningful without one.
/// </summary>
public static class DefaultTokenizer
{
    /// <summary>How models trained with this tokenizer (and no normalizer) are described.</summary>
    public const string Name = "default";

    public static IEnumerable<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var run = new StringBuilder();
        var runUnspaced = false;
        var i = 0;
        while (i < text.Length)
        {
            var rune = Rune.GetRuneAt(text, i);
            var unspaced = IsUnspacedScript(rune.Value);
            var wordChar = unspaced || Rune.IsLetterOrDigit(rune) || IsCombiningMark(rune);
            if (!wordChar || (run.Length > 0 && unspaced != runUnspaced && !IsCombiningMark(rune)))
            {
                Flush(run, runUnspaced, tokens);
            }

            if (wordChar)
            {
                if (run.Length == 0)
                {
                    runUnspaced = unspaced;
                }

                run.Append(Rune.ToLowerInvariant(rune).ToString());
            }

            i += rune.Utf16SequenceLength;
        }

        Flush(run, runUnspaced, tokens);
        return tokens;
    }

    private static void Flush(StringBuilder run, bool unspaced, List<string> tokens)
    {
        if (run.Length == 0)
        {
            return;
        }

        var word = run.ToString();
        run.Clear();
        if (!unspaced)
        {
            tokens.Add(word);
            return;
        }

        // Bigrams over text elements, so a Thai consonant keeps its vowel and tone marks.
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(word);
        while (enumerator.MoveNext())
        {
            elements.Add((string)enumerator.Current);
        }

        if (elements.Count == 1)
        {
            tokens.Add(elements[0]);
            return;
        }

        for (var k = 0; k + 1 < elements.Count; k++)
        {
            tokens.Add(elements[k] + elements[k + 1]);
        }
    }

    private static bool IsCombiningMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    /// <summary>Scripts whose words are not separated by spaces.</summary>
    private static bool IsUnspacedScript(int c) =>
        c is >= 0x0E00 and <= 0x0EFF      // Thai, Lao
        || c is >= 0x1000 and <= 0x109F   // Myanmar
        || c is >= 0x1780 and <= 0x17FF   // Khmer
        || c is >= 0x19E0 and <= 0x19FF   // Khmer symbols
        || c is >= 0x3040 and <= 0x30FF   // Hiragana, Katakana
        || c is >= 0x3400 and <= 0x4DBF   // CJK extension A
        || c is >= 0x4E00 and <= 0x9FFF   // CJK unified ideographs
        || c is >= 0xF900 and <= 0xFAFF   // CJK compatibility ideographs
        || c is >= 0x20000 and <= 0x3134F; // CJK extensions B–G
}
