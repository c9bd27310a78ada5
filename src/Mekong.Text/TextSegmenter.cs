using System.Globalization;
using ICU4N.Text;

namespace Mekong.Text;

/// <summary>What a token is, from ICU's word-break rule status (or the plain splitter).</summary>
public enum TokenKind
{
    /// <summary>Letters (any script written with spaces, or a dictionary word in Thai, Lao, Khmer, Burmese).</summary>
    Word,
    /// <summary>Digits.</summary>
    Number,
    /// <summary>Han ideographs (a dictionary word of one or more characters).</summary>
    Ideographic,
    /// <summary>Hiragana or Katakana.</summary>
    Kana,
}

/// <summary>A word of the original text: <see cref="Start"/> and <see cref="Length"/> index the string as written.</summary>
public readonly record struct TextToken(int Start, int Length, TokenKind Kind)
{
    /// <summary>Index just past the token.</summary>
    public int End => Start + Length;
}

/// <summary>
/// Word segmentation for every platform language. Runs of Thai, Lao, Khmer, Burmese, Han and Kana go through
/// ICU's dictionary-based word BreakIterator (ICU4N); text in space-delimited scripts is split on
/// non-word characters without ICU. Thread-safe: each thread gets its own iterator (ICU's dictionaries are
/// shared and loaded once per process; the first use of each script costs 5–250 ms, see <see cref="WarmUp"/>).
/// </summary>
public sealed class TextSegmenter
{
    [ThreadStatic]
    private static BreakIterator? t_iterator;

    private static readonly Lazy<BreakIterator> s_prototype = new(() => BreakIterator.GetWordInstance(CultureInfo.InvariantCulture));

    /// <summary>The process-wide segmenter (it holds no state of its own).</summary>
    public static TextSegmenter Shared { get; } = new();

    /// <summary>Loads the ICU dictionaries of every dictionary script on this thread's iterator.</summary>
    public static void WarmUp()
    {
        var tokens = new List<TextToken>();
        Shared.Segment("ฉันชอบกินข้าว ລາວກິນເຂົ້າ ខ្ញុំចូលចិត្តអាន မင်္ဂလာပါ 我喜欢吃饺子 ひらがなカタカナ", tokens);
    }

    /// <summary>Splits <paramref name="text"/> into word tokens (spaces and punctuation are not tokens).</summary>
    public IReadOnlyList<TextToken> Segment(string text)
    {
        var tokens = new List<TextToken>();
        Segment(text, tokens);
        return tokens;
    }

    /// <summary>Appends the word tokens of <paramref name="text"/> to <paramref name="tokens"/>.</summary>
    public void Segment(string text, List<TextToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        ReadOnlySpan<ushort> info = CharInfo.Table;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            ushort entry = info[c];
            if ((entry & CharInfo.KindMask) != (int)CharKind.Word)
            {
                i++;
                continue;
            }
            int runStart = i;
            if (IsDictionaryChar(entry))
            {
                i = DictionaryRunEnd(text, i);
                SegmentDictionaryRun(text, runStart, i, tokens);
                continue;
            }
            bool digitsOnly = true;
            while (i < text.Length)
            {
                ushort e = info[text[i]];
                if ((e & CharInfo.KindMask) != (int)CharKind.Word || IsDictionaryChar(e))
                {
                    break;
                }
                digitsOnly &= (e & CharInfo.Digit) != 0;
                i++;
            }
            tokens.Add(new TextToken(runStart, i - runStart, digitsOnly ? TokenKind.Number : TokenKind.Word));
        }
    }

    /// <summary>
    /// True when <paramref name="position"/> in <paramref name="text"/> is a word boundary by the same rules as
    /// <see cref="Segment(string, List{TextToken})"/>: the edges of the text and of every run of a dictionary
    /// script, and ICU's dictionary boundaries inside such runs.
    /// </summary>
    public bool IsWordBoundary(string text, int position)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, text.Length);
        var cache = new BoundaryCache();
        return cache.IsBoundary(this, text, position);
    }

    internal static bool IsDictionaryChar(ushort entry) =>
        (entry & CharInfo.ScriptMask) != 0 && (entry & CharInfo.KindMask) == (int)CharKind.Word;

    /// <summary>End of the run of dictionary-script characters starting at <paramref name="start"/>; combining marks
    /// and invisible format characters inside it belong to the run.</summary>
    internal static int DictionaryRunEnd(string text, int start)
    {
        ReadOnlySpan<ushort> info = CharInfo.Table;
        int i = start;
        while (i < text.Length)
        {
            ushort e = info[text[i]];
            if (IsDictionaryChar(e) || (e & CharInfo.Mark) != 0 || IsInvisible(text[i]))
            {
                i++;
                continue;
            }
            break;
        }
        return i;
    }

    /// <summary>Start of the run of dictionary-script characters that contains index <paramref name="index"/>.</summary>
    internal static int DictionaryRunStart(string text, int index)
    {
        ReadOnlySpan<ushort> info = CharInfo.Table;
        int i = index;
        while (i > 0)
        {
            ushort e = info[text[i - 1]];
            if (IsDictionaryChar(e) || (e & CharInfo.Mark) != 0 || IsInvisible(text[i - 1]))
            {
                i--;
                continue;
            }
            break;
        }
        return i;
    }

    private static bool IsInvisible(char c) => c is >= '\u200B' and <= '\u200F' or '\u2060' or '\uFEFF' or '\u00AD';

    private static void SegmentDictionaryRun(string text, int start, int end, List<TextToken> tokens)
    {
        var iterator = Iterator();
        iterator.SetText(text.AsMemory(start, end - start));
        int from = iterator.First();
        for (int to = iterator.Next(); to != BreakIterator.Done; from = to, to = iterator.Next())
        {
            int status = iterator.RuleStatus;
            if (status == 0)
            {
                continue;
            }
            var kind = status switch
            {
                >= 100 and < 200 => TokenKind.Number,
                >= 300 and < 400 => TokenKind.Kana,
                >= 400 and < 500 => TokenKind.Ideographic,
                _ => TokenKind.Word,
            };
            tokens.Add(new TextToken(start + from, to - from, kind));
        }
    }

    /// <summary>Appends ICU's boundaries inside text[start, end) (absolute positions, ascending) to the list.
    /// Traditional characters are folded to Simplified first (one char for one char, so positions hold): the
    /// matcher decides on the same form it matches, and ICU's dictionary splits 操你媽的 differently from 操你妈的.</summary>
    internal static void DictionaryBoundaries(string text, int start, int end, List<int> boundaries)
    {
        var iterator = Iterator();
        var simplified = FoldingData.Simplified;
        char[]? folded = null;
        for (int i = start; i < end; i++)
        {
            if (simplified.TryGetValue(text[i], out char s))
            {
                folded ??= text.ToCharArray(start, end - start);
                folded[i - start] = s;
            }
        }
        iterator.SetText(folded is null ? text.AsMemory(start, end - start) : folded.AsMemory());
        for (int b = iterator.First(); b != BreakIterator.Done; b = iterator.Next())
        {
            boundaries.Add(start + b);
        }
    }

    private static BreakIterator Iterator() => t_iterator ??= (BreakIterator)s_prototype.Value.Clone();
}

/// <summary>Per-call memo of dictionary boundaries, so a text with many candidate matches in the same Thai or
/// Chinese run is segmented once. Reused across calls by the matcher's per-thread scratch.</summary>
internal sealed class BoundaryCache
{
    private readonly List<int> _boundaries = new();
    private string? _text;
    private int _runStart = -1;
    private int _runEnd = -1;

    public void Reset()
    {
        _text = null;
        _runStart = _runEnd = -1;
        _boundaries.Clear();
    }

    public bool IsBoundary(TextSegmenter segmenter, string text, int position)
    {
        _ = segmenter;
        if (position <= 0 || position >= text.Length)
        {
            return true;
        }
        ReadOnlySpan<ushort> info = CharInfo.Table;
        bool before = TextSegmenter.IsDictionaryChar(info[text[position - 1]]) || (info[text[position - 1]] & CharInfo.Mark) != 0;
        bool after = TextSegmenter.IsDictionaryChar(info[text[position]]) || (info[text[position]] & CharInfo.Mark) != 0;
        if (!before || !after)
        {
            // Not inside a run of a dictionary script: the edge of a run is always a boundary; between two
            // non-dictionary characters the caller applies its own rule.
            return true;
        }
        if (!ReferenceEquals(text, _text) || position <= _runStart || position >= _runEnd)
        {
            _text = text;
            _runStart = TextSegmenter.DictionaryRunStart(text, position);
            _runEnd = TextSegmenter.DictionaryRunEnd(text, position);
            _boundaries.Clear();
            TextSegmenter.DictionaryBoundaries(text, _runStart, _runEnd, _boundaries);
        }
        return _boundaries.BinarySearch(position) >= 0;
    }
}
