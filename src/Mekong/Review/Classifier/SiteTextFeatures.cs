using Mekong.Text;

namespace Mekong.Review.Classifier;

/// <summary>
/// The classifier's text features as the application computes them: Mekong.Text's normalizer (NFKC, case and width
/// folding, invisible characters removed, Traditional→Simplified) before character n-grams, and its dictionary
/// segmenter (ICU word breaks for Thai, Lao, Khmer, Burmese and Chinese) for the token n-grams.
/// </summary>
public static class SiteTextFeatures
{
    /// <summary>How models trained with these features are described in their moderation-{category}.json.</summary>
    public const string Name = "mekong-text";

    /// <summary>The folded text, for character n-grams.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TextNormalizer.Basic.NormalizeToString(text);
    }

    /// <summary>The words of the folded text, on dictionary boundaries in unspaced scripts.</summary>
    public static IEnumerable<string> Tokenize(string text)
    {
        var normalized = Normalize(text);
        var tokens = new List<TextToken>();
        TextSegmenter.Shared.Segment(normalized, tokens);
        var words = new string[tokens.Count];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = normalized.Substring(tokens[i].Start, tokens[i].Length);
        }

        return words;
    }

    /// <summary>Options that use these features.</summary>
    public static ClassifierOptions Apply(ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Tokenize = Tokenize, Normalize = Normalize, FeaturesName = Name };
    }
}

/// <summary>
/// Watched terms from a file, matched the way the site matches them: Mekong.Text's <see cref="TermMatcher"/>
/// (normalization, obfuscation, dictionary word boundaries), not substrings.
/// </summary>
public sealed class TermFileRules
{
    private readonly TermMatcher matcher;

    private TermFileRules(TermMatcher matcher, int terms, IReadOnlyList<string> refused)
    {
        this.matcher = matcher;
        TermCount = terms;
        Refused = refused;
    }

    public int TermCount { get; }

    /// <summary>Lines the matcher could not compile (with the reason); they are left out.</summary>
    public IReadOnlyList<string> Refused { get; }

    /// <summary>
    /// Builds the matcher from terms (a <c>*</c> at either end lets the word continue). For Vietnamese
    /// (<paramref name="language"/> "vi") a term also matches when typed without diacritics, as on the site.
    /// </summary>
    public static TermFileRules Build(IEnumerable<string> terms, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var options = string.Equals(language, "vi", StringComparison.OrdinalIgnoreCase) ? TermOptions.MatchUnaccented : TermOptions.None;
        var accepted = new List<Mekong.Text.WatchedTerm>();
        var refused = new List<string>();
        foreach (var term in terms.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal))
        {
            var candidate = new Mekong.Text.WatchedTerm(accepted.Count, term, options);
            try
            {
                TermMatcher.Build([candidate]);
                accepted.Add(candidate);
            }
            catch (ArgumentException e)
            {
                refused.Add($"'{term}': {e.Message}");
            }
        }

        return new TermFileRules(TermMatcher.Build(accepted), accepted.Count, refused);
    }

    public bool Matches(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return matcher.IsMatch(text);
    }
}
