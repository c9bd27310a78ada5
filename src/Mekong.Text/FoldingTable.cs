using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using ICU4N;

namespace Mekong.Text;

/// <summary>
/// The whole normalization pipeline applied to every BMP code unit once, so the hot loop is one table read per
/// char. Context-dependent work (canonical composition and reordering, surrogate pairs, Hangul jamo) is flagged
/// and done by the normalizer's slow path with real NFKC.
/// </summary>
internal sealed class FoldingTable
{
    // Entry layout: bits 0–15 the output char (or an index into Expansions), bits 16–23 flags,
    // bits 24–31 the input's canonical combining class.
    public const uint Removed = 1u << 16;
    public const uint Expansion = 1u << 17;
    public const uint Slow = 1u << 18;
    public const uint ComposesSecond = 1u << 19;
    public const uint LeetCandidate = 1u << 20;
    public const uint FlagMask = 0x00FF0000;
    public const int CccShift = 24;

    private static readonly ConcurrentDictionary<NormalizationOptions, FoldingTable> s_tables = new();
    private static readonly Lazy<(FrozenSet<uint> Pairs, bool[] Seconds)> s_compositions = new(BuildCompositions);

    public uint[] Entries { get; }
    public string[] Expansions { get; }
    public NormalizationOptions Options { get; }

    /// <summary>Pairs (starter &lt;&lt; 16 | second) that NFC composes into one character.</summary>
    public static FrozenSet<uint> CompositionPairs => s_compositions.Value.Pairs;

    private FoldingTable(NormalizationOptions options)
    {
        Options = options;
        Entries = new uint[65536];
        var expansions = new List<string>();
        var expansionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        bool[] seconds = s_compositions.Value.Seconds;
        for (int c = 0; c < 65536; c++)
        {
            uint entry;
            if (c is >= 0xD800 and <= 0xDFFF || IsHangulJamo(c))
            {
                entry = Slow | (uint)c;
            }
            else
            {
                string folded = Fold(((char)c).ToString(), options);
                if (folded.Length == 0)
                {
                    entry = Removed;
                }
                else if (folded.Length == 1)
                {
                    entry = folded[0];
                    if ((options & NormalizationOptions.Leetspeak) != 0 && LeetLetter(folded[0]) != '\0')
                    {
                        entry |= LeetCandidate;
                    }
                }
                else
                {
                    if (!expansionIndex.TryGetValue(folded, out int index))
                    {
                        index = expansions.Count;
                        expansions.Add(folded);
                        expansionIndex.Add(folded, index);
                    }
                    entry = Expansion | (uint)index;
                }
            }
            if (seconds[c])
            {
                entry |= ComposesSecond;
            }
            entry |= (uint)UChar.GetCombiningClass(c) << CccShift;
            Entries[c] = entry;
        }
        Expansions = [.. expansions];
    }

    public static FoldingTable For(NormalizationOptions options) => s_tables.GetOrAdd(options, o => new FoldingTable(o));

    private static bool IsHangulJamo(int c) =>
        c is >= 0x1100 and <= 0x11FF or >= 0xA960 and <= 0xA97F or >= 0xD7B0 and <= 0xD7FF or >= 0x3131 and <= 0x318E;

    /// <summary>Letter a leetspeak character stands for inside a Latin word, or '\0'.</summary>
    public static char LeetLetter(char c) => c switch
    {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        '!' => 'i',
        '|' => 'i',
        _ => '\0',
    };

    /// <summary>The reference pipeline on a whole string, iterated to a fixed point so the table is idempotent.
    /// Used to build the table and by the slow path for code points outside the BMP.</summary>
    internal static string Fold(string s, NormalizationOptions options)
    {
        string current = s;
        for (int round = 0; round < 4; round++)
        {
            string next = FoldOnce(current, options);
            if (string.Equals(next, current, StringComparison.Ordinal))
            {
                return next;
            }
            current = next;
        }
        return current;
    }

    private static string FoldOnce(string s, NormalizationOptions options)
    {
        string nfkc = SafeNormalize(s, NormalizationForm.FormKC);
        var builder = new StringBuilder(nfkc.Length);
        for (int i = 0; i < nfkc.Length;)
        {
            int cp = char.IsSurrogatePair(nfkc, i) ? char.ConvertToUtf32(nfkc[i], nfkc[i + 1]) : nfkc[i];
            int width = cp > 0xFFFF ? 2 : 1;
            i += width;
            if (cp is >= 0xD800 and <= 0xDFFF)
            {
                builder.Append((char)cp); // an unpaired surrogate stays as written
                continue;
            }
            if (CharInfo.IsRemovable(cp))
            {
                continue;
            }
            // Look-alikes are resolved before case folding: an upper-case Cyrillic В looks like B, its
            // lower case в does not look like b.
            if ((options & NormalizationOptions.Confusables) != 0 && FoldingData.Confusables.TryGetValue(cp, out char ascii))
            {
                builder.Append(ascii);
                continue;
            }
            string lower = cp switch
            {
                0xDF or 0x1E9E => "ss",
                0x3C2 => "\u03C3",
                _ => char.ConvertFromUtf32(cp).ToLowerInvariant(),
            };
            foreach (char c in lower)
            {
                char folded = c;
                if ((options & NormalizationOptions.TraditionalToSimplified) != 0 && FoldingData.Simplified.TryGetValue(c, out char simplified))
                {
                    folded = simplified;
                }
                if ((options & NormalizationOptions.LatinDiacritics) != 0 && c > 0x7F && (CharInfo.Table[c] & CharInfo.LatinLetter) != 0)
                {
                    builder.Append(FoldNonVietnameseMarks(c));
                    continue;
                }
                builder.Append(folded);
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Removes the marks Vietnamese does not use (ü→u, ç→c, š→s, å→a) and keeps the ones it does (grave, acute,
    /// hook above, tilde, dot below, circumflex, breve, horn), so "fück" meets "fuck" while "cặc", "các" and
    /// "cạc" stay three different words.
    /// </summary>
    private static string FoldNonVietnameseMarks(char c)
    {
        string decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        if (decomposed.Length == 1)
        {
            return decomposed;
        }
        var kept = new StringBuilder(decomposed.Length);
        foreach (char d in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark || IsVietnameseMark(d))
            {
                kept.Append(d);
            }
        }
        return kept.ToString().Normalize(NormalizationForm.FormC);
    }

    internal static bool IsVietnameseMark(char c) => c is '\u0300' or '\u0301' or '\u0303' or '\u0309' or '\u0323'
        or '\u0302' or '\u0306' or '\u031B';

    internal static string SafeNormalize(string s, NormalizationForm form)
    {
        try
        {
            return s.Normalize(form);
        }
        catch (ArgumentException)
        {
            // Unpaired surrogates: NFKC is undefined, keep the text as written.
            return s;
        }
    }

    private static (FrozenSet<uint>, bool[]) BuildCompositions()
    {
        var pairs = new HashSet<uint>();
        var seconds = new bool[65536];
        for (int p = 0; p < 65536; p++)
        {
            if (p is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }
            string decomposed = SafeNormalize(((char)p).ToString(), NormalizationForm.FormD);
            if (decomposed.Length < 2 || char.IsSurrogate(decomposed[^1]))
            {
                continue;
            }
            string first = SafeNormalize(decomposed[..^1], NormalizationForm.FormC);
            char second = decomposed[^1];
            if (first.Length == 1 && string.Equals(SafeNormalize(first + second, NormalizationForm.FormC), ((char)p).ToString(), StringComparison.Ordinal))
            {
                pairs.Add(((uint)first[0] << 16) | second);
                seconds[second] = true;
            }
        }
        return (pairs.ToFrozenSet(), seconds);
    }
}
