using System.Text;
using System.Text.RegularExpressions;
using Mekong.Glossary;

namespace Mekong.Translation;

/// <summary>
/// Protects glossary terms from an MT engine: each matched term becomes <c>⟦n⟧</c> (mathematical white square
/// brackets around a number — engines copy them through), and after translation each token becomes the target
/// language's preferred term. Tokens the engine spaced out (<c>⟦ 0 ⟧</c>) are still found.
/// </summary>
public static partial class Placeholders
{
    public static (string Text, IReadOnlyList<string> Terms) Protect(string text, IReadOnlyList<GlossaryMatch> matches, IReadOnlyList<GlossaryConstraint> constraints)
    {
        var preferred = constraints.GroupBy(c => c.ConceptId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().TargetPreferred, StringComparer.Ordinal);
        var terms = new List<string>();
        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var match in matches.Where(m => preferred.ContainsKey(m.ConceptId)).OrderBy(m => m.Start).ThenByDescending(m => m.Length))
        {
            if (match.Start < at || match.Start + match.Length > text.Length)
            {
                continue; // overlaps the previous match
            }

            result.Append(text, at, match.Start - at).Append('⟦').Append(terms.Count).Append('⟧');
            terms.Add(preferred[match.ConceptId]);
            at = match.Start + match.Length;
        }

        result.Append(text, at, text.Length - at);
        return (result.ToString(), terms);
    }

    public static string Restore(string translated, IReadOnlyList<string> terms) =>
        terms.Count == 0 ? translated : Token().Replace(translated, m =>
            int.TryParse(m.Groups[1].ValueSpan, out var i) && i < terms.Count ? terms[i] : m.Value);

    [GeneratedRegex(@"⟦\s*(\d{1,4})\s*⟧")]
    private static partial Regex Token();
}
