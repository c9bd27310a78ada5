using System.Globalization;
using System.Text;

namespace Mekong.Text.Tests;

/// <summary>Issue 4's obfuscation suite: every variant of every watched term is caught, at the exact original span,
/// alone and inside a sentence; none of the clean neighbour sentences is flagged.</summary>
public sealed class ObfuscationSuiteTests
{
    public static TheoryData<int> TermIds()
    {
        var data = new TheoryData<int>();
        foreach (var term in ObfuscationSuite.Terms)
        {
            data.Add(term.Id);
        }
        return data;
    }

    [Fact]
    public void The_suite_covers_at_least_40_terms_in_the_required_languages()
    {
        Assert.True(ObfuscationSuite.Terms.Length >= 40);
        foreach (string language in new[] { "zh", "th", "vi", "id", "fil", "en", "km", "my" })
        {
            Assert.Contains(ObfuscationSuite.Terms, t => t.Language == language);
        }
        Assert.True(ObfuscationSuite.CleanSentences.Length >= 200, $"{ObfuscationSuite.CleanSentences.Length} clean sentences");
    }

    [Theory]
    [MemberData(nameof(TermIds))]
    public void Every_variant_is_caught_at_its_exact_span(int id)
    {
        var term = ObfuscationSuite.Terms.Single(t => t.Id == id);
        var failures = new StringBuilder();
        int variants = 0;
        foreach (var (name, variant) in ObfuscationSuite.Variants(term))
        {
            variants++;
            Check(name + " alone", variant, 0, variant);
            var (sentence, start) = ObfuscationSuite.InContext(term, variant);
            Check(name + " in context", sentence, start, variant);
        }
        Assert.True(variants >= 8, $"only {variants} variants");
        Assert.True(failures.Length == 0, failures.ToString());

        void Check(string name, string text, int start, string variant)
        {
            var matches = ObfuscationSuite.Matcher.FindAll(text);
            if (!matches.Any(m => m.TermId == id && m.Start == start && m.Length == variant.Length))
            {
                failures.AppendLine(CultureInfo.InvariantCulture, $"{name}: \"{Escape(text)}\" → [{string.Join(", ", matches.Select(m => $"{m.TermId}@{m.Start}+{m.Length}"))}], expected {id}@{start}+{variant.Length}");
            }
        }
    }

    [Fact]
    public void No_clean_sentence_is_flagged()
    {
        var flagged = new StringBuilder();
        foreach (string sentence in ObfuscationSuite.CleanSentences)
        {
            foreach (var match in ObfuscationSuite.Matcher.FindAll(sentence))
            {
                var term = ObfuscationSuite.Terms.Single(t => t.Id == match.TermId);
                flagged.AppendLine(CultureInfo.InvariantCulture, $"\"{sentence}\" flagged \"{sentence.AsSpan(match.Start, match.Length)}\" as {term.Text}");
            }
        }
        Assert.True(flagged.Length == 0, flagged.ToString());
    }

    [Fact]
    public void The_clean_sentences_do_contain_the_neighbours_the_suite_claims()
    {
        // Guards against a suite that passes because its clean sentences share nothing with the terms: most
        // of them must contain at least one letter sequence of a term once spaces are ignored, or share a Han
        // character with a Chinese term.
        int related = 0;
        foreach (string sentence in ObfuscationSuite.CleanSentences)
        {
            string folded = TextNormalizer.Matching.NormalizeToString(sentence).Replace(" ", "", StringComparison.Ordinal);
            if (ObfuscationSuite.Terms.Any(t => Related(folded, TextNormalizer.Matching.NormalizeToString(t.Text).Replace(" ", "", StringComparison.Ordinal))))
            {
                related++;
            }
        }
        Assert.True(related * 2 > ObfuscationSuite.CleanSentences.Length, $"only {related} clean sentences share letters with a term");

        static bool Related(string sentence, string term) =>
            SharesThreeLetters(sentence, term) || SharesThreeLetters(Strip(sentence), Strip(term))
            || term.Any(c => c >= 0x4E00 && c <= 0x9FFF && sentence.Contains(c, StringComparison.Ordinal));
    }

    // True when the sentence contains a run of three consecutive characters of the term (the whole term if shorter).
    private static bool SharesThreeLetters(string sentence, string term)
    {
        int size = Math.Min(3, term.Length);
        for (int i = 0; i + size <= term.Length; i++)
        {
            if (sentence.Contains(term.AsSpan(i, size), StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static string Strip(string s)
    {
        var builder = new StringBuilder();
        foreach (char c in s.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c == 'đ' ? 'd' : c);
            }
        }
        return builder.ToString();
    }

    private static string Escape(string s)
    {
        var builder = new StringBuilder();
        foreach (char c in s)
        {
            if (c < 0x20 || c is >= '\u200B' and <= '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2060' and <= '\u2069' or '\uFEFF' or '\u00AD')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
