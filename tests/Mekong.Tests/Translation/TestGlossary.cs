using Mekong.Glossary;
using Mekong.Text;

namespace Mekong.Tests.Translation;

/// <summary>
/// A small glossary for the tests, matching with Mekong.Text's TermMatcher (word boundaries, Thai by dictionary):
/// Songkran and som tam, in Thai, Vietnamese and English.
/// </summary>
public sealed class TestGlossary : IGlossary
{
    private sealed record Concept(string Id, Dictionary<string, (string Preferred, string[] Allowed)> Terms, string Note);

    private static readonly Concept[] Concepts =
    [
        new("songkran", new()
        {
            ["th"] = ("สงกรานต์", []),
            ["vi"] = ("Tết Té Nước", ["lễ hội Songkran"]),
            ["en"] = ("Songkran", ["Thai New Year"]),
        }, "The Thai New Year water festival in April; not a generic 'water fight'."),
        new("som-tam", new()
        {
            ["th"] = ("ส้มตำ", []),
            ["vi"] = ("gỏi đu đủ", ["som tam"]),
            ["en"] = ("som tam", ["green papaya salad"]),
        }, "Pounded green papaya salad."),
    ];

    private readonly Dictionary<string, (TermMatcher Matcher, List<(int Id, string Concept, string Term)> Terms)> _byLanguage = [];

    public TestGlossary()
    {
        foreach (var language in Concepts.SelectMany(c => c.Terms.Keys).Distinct())
        {
            var terms = new List<(int, string, string)>();
            foreach (var concept in Concepts.Where(c => c.Terms.ContainsKey(language)))
            {
                var (preferred, allowed) = concept.Terms[language];
                foreach (var term in allowed.Prepend(preferred))
                {
                    terms.Add((terms.Count, concept.Id, term));
                }
            }

            _byLanguage[language] = (TermMatcher.Build(terms.Select(t => new WatchedTerm(t.Item1, t.Item3))), terms);
        }
    }

    public long Version { get; set; } = 7;

    public IReadOnlyList<GlossaryMatch> Match(string text, string language) =>
        _byLanguage.TryGetValue(language, out var l)
            ? [.. l.Matcher.FindAll(text).Select(m => new GlossaryMatch(l.Terms[m.TermId].Concept, m.Start, m.Length, text.Substring(m.Start, m.Length)))]
            : [];

    public IReadOnlyList<GlossaryConstraint> Constraints(string text, string sourceLanguage, string targetLanguage) =>
        [.. Match(text, sourceLanguage).DistinctBy(m => m.ConceptId).Select(m => Concepts.Single(c => c.Id == m.ConceptId)).Where(c => c.Terms.ContainsKey(targetLanguage))
            .Select(c => new GlossaryConstraint(c.Id, Match(text, sourceLanguage).First(m => m.ConceptId == c.Id).Term, c.Terms[targetLanguage].Preferred, c.Terms[targetLanguage].Allowed, c.Note))];

    public IReadOnlyList<string> Missing(string translation, string targetLanguage, IReadOnlyList<GlossaryConstraint> constraints) =>
        [.. constraints.Where(c => !c.TargetAllowed.Prepend(c.TargetPreferred).Any(t => translation.Contains(t, StringComparison.OrdinalIgnoreCase))).Select(c => c.ConceptId)];
}
