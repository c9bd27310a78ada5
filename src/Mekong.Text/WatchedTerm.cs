namespace Mekong.Text;

/// <summary>How a watched term matches, beyond the defaults.</summary>
[Flags]
public enum TermOptions
{
    /// <summary>Word boundaries on both ends (dictionary boundaries for Thai, Lao, Khmer, Burmese and Chinese).</summary>
    None = 0,

    /// <summary>Match anywhere, even inside a longer word (for spam fragments such as URLs or handles).</summary>
    Substring = 1,

    /// <summary>
    /// For Vietnamese terms: also match the term typed without any diacritics ("địt" also matches "dit"), the
    /// way people write when they skip the Vietnamese keyboard. A differently accented word ("đít") still does
    /// not match, because an accented letter never equals an unaccented one.
    /// </summary>
    MatchUnaccented = 2,
}

/// <summary>
/// A term to find. <see cref="Text"/> is written as a moderator would write it; a leading or trailing <c>*</c>
/// lets the word continue on that side (<c>fuck*</c> matches "fucking", <c>*shit</c> matches "bullshit").
/// </summary>
public sealed record WatchedTerm(int Id, string Text, TermOptions Options = TermOptions.None);

/// <summary>One occurrence of a watched term: <see cref="Start"/> and <see cref="Length"/> index the ORIGINAL text.</summary>
public readonly record struct TermMatch(int TermId, int Start, int Length)
{
    /// <summary>Index just past the match in the original text.</summary>
    public int End => Start + Length;
}
