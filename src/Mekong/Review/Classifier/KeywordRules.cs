namespace Mekong.Review.Classifier;

/// <summary>
/// The plainest rule engine: a list of terms, one per line, matched as substrings of the lower-cased text. It is
/// the keyword baseline of the evaluation; the application's rule engine plugs in through the same
/// <c>Func&lt;string, bool&gt;</c>. A <c>*</c> at either end of a term (the site's "the word may continue") is
/// dropped: a substring match lets every word continue anyway.
/// </summary>
public sealed class KeywordRules
{
    private readonly string[] terms;

    public KeywordRules(IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        this.terms = [.. terms.Select(t => t.Trim().Trim('*').ToLowerInvariant()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> Terms => terms;

    /// <summary>Reads a terms file: one term per line; blank lines and lines starting with # are skipped.</summary>
    public static KeywordRules Load(string path) => new(ReadTerms(path));

    /// <summary>The terms of a terms file: trimmed lines, without blank lines and # comments.</summary>
    public static IReadOnlyList<string> ReadTerms(string path) =>
        [.. File.ReadLines(path).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'))];

    public bool Matches(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        foreach (var term in terms)
        {
            if (lower.Contains(term, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
