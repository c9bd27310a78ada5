using Mekong.Text;

namespace Mekong.Glossary;

/// <summary>Text rules of the glossary: which forms can be matched, and the check that a translation kept its terms.</summary>
public static class GlossaryText
{
    /// <summary>A form the matcher can compile: some letter or digit, and no <c>*</c> (a wildcard for watched terms).</summary>
    public static bool IsMatchable(string form) =>
        !form.Contains('*', StringComparison.Ordinal) && form.Any(char.IsLetterOrDigit);

    /// <summary>
    /// Concepts whose target forms are all absent from <paramref name="translation"/>. Both sides are normalized (NFKC,
    /// case and width folding, Traditional→Simplified), so "LUNAR NEW YEAR", full-width letters or 農曆新年 written for
    /// 农历新年 count as present. In space-delimited scripts a form must not sit inside a longer word ("Tet" is not in
    /// "Tetris"); in Thai, Lao, Khmer, Burmese and Chinese, where words touch, containment is enough.
    /// </summary>
    public static IReadOnlyList<string> Missing(string translation, IReadOnlyList<GlossaryConstraint> constraints)
    {
        ArgumentNullException.ThrowIfNull(translation);
        ArgumentNullException.ThrowIfNull(constraints);
        if (constraints.Count == 0)
        {
            return [];
        }

        var normalizer = TextNormalizer.Basic;
        var text = normalizer.NormalizeToString(translation);
        var missing = new List<string>();
        foreach (var constraint in constraints)
        {
            var present = constraint.TargetAllowed.Prepend(constraint.TargetPreferred)
                .Any(form => Contains(text, normalizer.NormalizeToString(form.Trim())));
            if (!present && !missing.Contains(constraint.ConceptId, StringComparer.Ordinal))
            {
                missing.Add(constraint.ConceptId);
            }
        }

        return missing;
    }

    private static bool Contains(string text, string form)
    {
        if (form.Length == 0)
        {
            return false;
        }

        for (var at = text.IndexOf(form, StringComparison.Ordinal); at >= 0; at = text.IndexOf(form, at + 1, StringComparison.Ordinal))
        {
            var end = at + form.Length;
            var startOk = at == 0 || !JoinsWord(text[at - 1], form[0]);
            var endOk = end == text.Length || !JoinsWord(text[end], form[^1])
                || (text[end] == 's' && char.IsAsciiLetter(form[^1]) && (end + 1 == text.Length || !JoinsWord(text[end + 1], 's'))); // English plural
            if (startOk && endOk)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The forms compiled for matching: the form itself and, in English, its plural ("red envelopes").</summary>
    public static IEnumerable<string> MatchForms(string form, string language)
    {
        yield return form;
        if (language == "en" && form.Length > 2 && char.IsAsciiLetterLower(form[^1]) && form[^1] != 's')
        {
            yield return form[^1] == 'y' && !"aeiou".Contains(form[^2], StringComparison.Ordinal) ? form[..^1] + "ies" : form + "s";
        }
    }

    /// <summary>True when two adjacent characters belong to one word of a space-delimited script.</summary>
    private static bool JoinsWord(char outside, char edge) =>
        char.IsLetterOrDigit(outside) && char.IsLetterOrDigit(edge) && !IsUnspaced(outside) && !IsUnspaced(edge)
        || char.GetUnicodeCategory(outside) is System.Globalization.UnicodeCategory.NonSpacingMark && !IsUnspaced(edge);

    /// <summary>Scripts written without spaces between words: Thai, Lao, Khmer, Myanmar, Han, Kana.</summary>
    private static bool IsUnspaced(char c) =>
        c is >= '\u0E00' and <= '\u0EFF' or >= '\u1000' and <= '\u109F' or >= '\u1780' and <= '\u17FF' or >= '\u19E0' and <= '\u19FF'
            or >= '\u2E80' and <= '\u9FFF' or >= '\uAA60' and <= '\uAA7F' or >= '\uF900' and <= '\uFAFF';
}
