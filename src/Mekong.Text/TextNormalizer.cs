using System.Runtime.CompilerServices;
using System.Text;

namespace Mekong.Text;

/// <summary>
/// One normalization pipeline for matching, search and classification: NFKC (full-width/half-width included),
/// case folding, removal of zero-width/bidi/default-ignorable characters, and the optional folds in
/// <see cref="NormalizationOptions"/>. Every output char keeps the span of the original text it came from, so a
/// match found in normalized text is reported, censored and highlighted exactly in the original.
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Vietnamese: tone and vowel marks are never removed, so distinct words stay distinct ("các" ≠ "cặc" ≠ "cạc");
/// precomposed and decomposed input, and marks typed in any order, normalize to the same NFC letters.
/// Repeated letters are not collapsed here — collapsing changes words ("ass" → "as"); the matcher handles
/// repeats by run lengths instead.
/// </remarks>
public sealed class TextNormalizer
{
    private readonly uint[] _entries;
    private readonly string[] _expansions;
    private readonly bool _leet;
    private readonly bool _dropStrayMarks;
    private readonly NormalizationOptions _options;

    /// <summary>Creates a normalizer; the fold table for a given set of options is built once per process.</summary>
    public TextNormalizer(NormalizationOptions options)
    {
        var table = FoldingTable.For(options);
        _entries = table.Entries;
        _expansions = table.Expansions;
        _options = options;
        _leet = (options & NormalizationOptions.Leetspeak) != 0;
        _dropStrayMarks = (options & NormalizationOptions.LatinDiacritics) != 0;
    }

    private static readonly Lazy<TextNormalizer> s_matching = new(() => new TextNormalizer(NormalizationOptions.Matching));
    private static readonly Lazy<TextNormalizer> s_basic = new(() => new TextNormalizer(NormalizationOptions.TraditionalToSimplified));

    /// <summary>The full pipeline used to match watched terms.</summary>
    public static TextNormalizer Matching => s_matching.Value;

    /// <summary>NFKC, case and width folding, invisibles removed, Traditional→Simplified: for search and dedup.</summary>
    public static TextNormalizer Basic => s_basic.Value;

    /// <summary>The folds this normalizer applies.</summary>
    public NormalizationOptions Options => _options;

    /// <summary>Normalizes <paramref name="text"/> into a new immutable result.</summary>
    public NormalizedText Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new NormalizationBuffer(text.Length + 16);
        Normalize(text, buffer);
        return new NormalizedText(text, buffer);
    }

    /// <summary>Normalizes <paramref name="text"/> and returns only the normalized string.</summary>
    public string NormalizeToString(ReadOnlySpan<char> text)
    {
        var buffer = new NormalizationBuffer(text.Length + 16);
        Normalize(text, buffer);
        return new string(buffer.Text);
    }

    /// <summary>Normalizes <paramref name="text"/> into <paramref name="buffer"/> (reused; no allocation once it is
    /// large enough, except for rare slow-path clusters).</summary>
    public void Normalize(ReadOnlySpan<char> text, NormalizationBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.EnsureCapacity(text.Length + 8);
        uint[] entries = _entries;
        ReadOnlySpan<ushort> info = CharInfo.Table;
        char[] chars = buffer.Chars;
        int[] starts = buffer.Starts;
        int[] ends = buffer.Ends;
        int n = 0;
        int starterIn = 0;    // index in text of the last character with combining class 0 (text start at first)
        int starterOut = 0;   // output length before that starter was written
        int lastCcc = 0;
        bool sawLeet = false;

        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            uint e = entries[c];
            if ((e & (FoldingTable.FlagMask | 0xFF000000u)) == 0)
            {
                // Fast path: a starter that folds to exactly one char.
                starterIn = i;
                starterOut = n;
                lastCcc = 0;
                chars[n] = (char)e;
                starts[n] = i;
                ends[n] = i + 1;
                n++;
                i++;
                continue;
            }

            if ((e & FoldingTable.Removed) != 0)
            {
                // Invisible characters vanish without ending the current cluster: marks on both sides of a
                // zero-width joiner must still be put in canonical order.
                i++;
                continue;
            }

            int ccc = (int)(e >> FoldingTable.CccShift);
            bool slow = (e & FoldingTable.Slow) != 0
                || (ccc != 0 && ccc < lastCcc)
                || ((e & FoldingTable.ComposesSecond) != 0 && starterIn >= 0
                    && (FoldingTable.CompositionPairs.Contains(((uint)text[starterIn] << 16) | c)
                        || (starterOut < n && FoldingTable.CompositionPairs.Contains(((uint)chars[starterOut] << 16) | c))));
            if (slow)
            {
                int clusterStart;
                if (char.IsSurrogate(c) || starterIn < 0 || ((e & FoldingTable.Slow) != 0 && ccc == 0))
                {
                    clusterStart = i;
                }
                else
                {
                    clusterStart = starterIn;
                    n = starterOut; // retract the starter: it is normalized again together with its marks
                }
                bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                int clusterEnd = ClusterEnd(text, i + (pair ? 2 : 1));
                int before = n;
                buffer.Length = n;
                n = EmitCluster(text, clusterStart, clusterEnd, buffer, ref sawLeet);
                chars = buffer.Chars;
                starts = buffer.Starts;
                ends = buffer.Ends;
                starterIn = clusterStart;
                starterOut = before;
                lastCcc = 0;
                i = clusterEnd;
                continue;
            }

            if (ccc == 0)
            {
                starterIn = i;
                starterOut = n;
                lastCcc = 0;
            }
            else
            {
                lastCcc = ccc;
            }

            if ((e & FoldingTable.Expansion) != 0)
            {
                string expansion = _expansions[e & 0xFFFF];
                if (n + expansion.Length + (text.Length - i) > chars.Length)
                {
                    buffer.EnsureCapacity(n + expansion.Length + (text.Length - i) + 8);
                    chars = buffer.Chars;
                    starts = buffer.Starts;
                    ends = buffer.Ends;
                }
                foreach (char x in expansion)
                {
                    sawLeet |= _leet && FoldingTable.LeetLetter(x) != '\0';
                    chars[n] = x;
                    starts[n] = i;
                    ends[n] = i + 1;
                    n++;
                }
                i++;
                continue;
            }

            char folded = (char)e;
            if (_dropStrayMarks && (info[folded] & CharInfo.GenericMark) != 0 && n > 0
                && (info[chars[n - 1]] & CharInfo.LatinLetter) != 0)
            {
                // A mark that did not compose with a Latin letter is decoration (zalgo, strike-through):
                // drop it, but let the letter's source span cover it so censoring hides it too.
                ends[n - 1] = i + 1;
                i++;
                continue;
            }
            sawLeet |= (e & FoldingTable.LeetCandidate) != 0;
            chars[n] = folded;
            starts[n] = i;
            ends[n] = i + 1;
            n++;
            i++;
        }

        buffer.Length = n;
        if (sawLeet)
        {
            FoldLeetspeak(buffer);
        }
    }

    // A cluster for the slow path runs to the end of the combining marks (and invisibles among them) that follow.
    private int ClusterEnd(ReadOnlySpan<char> text, int from)
    {
        int j = from;
        while (j < text.Length)
        {
            uint e = _entries[text[j]];
            if ((e >> FoldingTable.CccShift) == 0 && (e & (FoldingTable.ComposesSecond | FoldingTable.Removed)) == 0
                && (CharInfo.Table[text[j]] & CharInfo.Mark) == 0)
            {
                break;
            }
            j++;
        }
        return j;
    }

    private int EmitCluster(ReadOnlySpan<char> text, int start, int end, NormalizationBuffer buffer, ref bool sawLeet)
    {
        // Real NFKC on the small cluster (composition, reordering, surrogate pairs), then the per-char folds.
        var cluster = new StringBuilder(end - start);
        foreach (char c in text[start..end])
        {
            if ((_entries[c] & FoldingTable.Removed) == 0)
            {
                cluster.Append(c);
            }
        }
        string normalized = FoldingTable.SafeNormalize(cluster.ToString(), NormalizationForm.FormKC);
        int n = buffer.Length;
        buffer.EnsureCapacity(n + (normalized.Length * 4) + (text.Length - start) + 8);
        ReadOnlySpan<ushort> info = CharInfo.Table;
        string folded = FoldChars(normalized);
        // A fold can make a new composition possible (Cyrillic у → y, then y + ◌́ → ý): compose and fold again.
        string composed = FoldingTable.SafeNormalize(folded, NormalizationForm.FormC);
        if (!string.Equals(composed, folded, StringComparison.Ordinal))
        {
            folded = FoldChars(composed);
        }
        buffer.EnsureCapacity(n + folded.Length + (text.Length - start) + 8);
        foreach (char x in folded)
        {
            if (_dropStrayMarks && (info[x] & CharInfo.GenericMark) != 0 && n > 0
                && (info[buffer.Chars[n - 1]] & CharInfo.LatinLetter) != 0)
            {
                buffer.Ends[n - 1] = end;
                continue;
            }
            sawLeet |= _leet && FoldingTable.LeetLetter(x) != '\0';
            buffer.Chars[n] = x;
            buffer.Starts[n] = start;
            buffer.Ends[n] = end;
            n++;
        }
        return n;
    }

    // The per-char folds of the table (and of the reference pipeline for code points outside the BMP).
    private string FoldChars(string normalized)
    {
        var output = new StringBuilder(normalized.Length + 4);
        for (int k = 0; k < normalized.Length; k++)
        {
            char c = normalized[k];
            if (char.IsHighSurrogate(c) && k + 1 < normalized.Length && char.IsLowSurrogate(normalized[k + 1]))
            {
                output.Append(FoldingTable.Fold(normalized.Substring(k, 2), _options));
                k++;
                continue;
            }
            uint e = _entries[c];
            if ((e & FoldingTable.Slow) != 0)
            {
                output.Append(char.IsSurrogate(c) ? c.ToString() : FoldingTable.Fold(c.ToString(), _options));
            }
            else if ((e & FoldingTable.Removed) != 0)
            {
                continue;
            }
            else if ((e & FoldingTable.Expansion) != 0)
            {
                output.Append(_expansions[e & 0xFFFF]);
            }
            else
            {
                output.Append((char)e);
            }
        }
        return output.ToString();
    }

    /// <summary>
    /// Leetspeak only inside runs that contain a Latin letter ("sh1t", "$hit", "@ss"), so numbers in Thai,
    /// Chinese or plain numeric text ("555", "2024") are left alone. '!' and '|' count only between two word
    /// characters, '@' only before one, '$' next to one ("a$$"), so "shit!" keeps its exclamation mark.
    /// </summary>
    private static void FoldLeetspeak(NormalizationBuffer buffer)
    {
        char[] chars = buffer.Chars;
        int n = buffer.Length;
        ReadOnlySpan<ushort> info = CharInfo.Table;
        int i = 0;
        while (i < n)
        {
            if (!InLeetRun(chars[i], info))
            {
                i++;
                continue;
            }
            int runStart = i;
            bool latin = false;
            bool candidates = false;
            while (i < n && InLeetRun(chars[i], info))
            {
                latin |= (info[chars[i]] & CharInfo.LatinLetter) != 0;
                candidates |= FoldingTable.LeetLetter(chars[i]) != '\0';
                i++;
            }
            if (!latin || !candidates)
            {
                continue;
            }
            for (int k = runStart; k < i; k++)
            {
                char c = chars[k];
                char letter = FoldingTable.LeetLetter(c);
                if (letter == '\0')
                {
                    continue;
                }
                if (k + 1 < n && (info[chars[k + 1]] & CharInfo.Mark) != 0)
                {
                    continue; // a letter here would compose with the mark and change on a second pass
                }
                bool wordAfter = k + 1 < i && IsWordish(chars[k + 1], info);
                bool wordBefore = k > runStart && IsWordish(chars[k - 1], info);
                bool replace = c switch
                {
                    '!' or '|' => wordBefore && wordAfter,
                    '@' => wordAfter,
                    '$' => wordBefore || wordAfter,
                    _ => true,
                };
                if (replace)
                {
                    chars[k] = letter;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool InLeetRun(char c, ReadOnlySpan<ushort> info) =>
        (info[c] & CharInfo.KindMask) == (int)CharKind.Word || c is '@' or '$' or '!' or '|';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordish(char c, ReadOnlySpan<ushort> info) =>
        (info[c] & CharInfo.KindMask) == (int)CharKind.Word || FoldingTable.LeetLetter(c) != '\0';

    /// <summary>Reference implementation (slow, allocating): whole-string NFKC first, then the same folds. Used by
    /// tests to check the table-driven fast path.</summary>
    internal string NormalizeReference(string text)
    {
        var builder = new StringBuilder();
        foreach (char c in FoldingTable.Fold(text, _options & ~NormalizationOptions.Leetspeak))
        {
            builder.Append(c);
        }
        return builder.ToString();
    }
}
