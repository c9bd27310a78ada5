using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Mekong.Text;

/// <summary>
/// Finds thousands of watched terms in one pass over normalized text, through obfuscation, with word boundaries
/// that work in every script. Immutable and thread-safe once built: a rules change builds a new matcher and
/// swaps the reference.
/// </summary>
/// <remarks>
/// <para>How a text is screened: it is normalized (<see cref="TextNormalizer.Matching"/>), then compacted to the
/// sequence of its word characters — separators are remembered as "gaps" before the next character and runs of
/// a repeated letter become one position with a count. One Aho–Corasick automaton runs over that sequence, and
/// each candidate is verified:</para>
/// <list type="bullet">
/// <item>Repeats: every letter run in the text is at least as long as in the term ("shiiit" is "shit", but the
/// word "as" is not "ass"). Han and Kana are never collapsed (妈妈的 is not 妈的).</item>
/// <item>Gaps inside a match: symbols such as <c>. - * _</c> may split a term anywhere ("f.u.c.k", "fu*ck",
/// "傻.逼"); spaces only when the term is spelled out one letter at a time ("s h i t", "傻 逼"), and sentence
/// punctuation only for three or more single letters ("f,u,c,k" but not "傻，逼"). A gap is at most 4 chars.
/// A letter-by-letter match must not sit inside a longer spelled-out sequence ("a s s e s s" does not contain
/// "ass").</item>
/// <item>Boundaries: in space-delimited scripts the characters just outside the match are not letters or digits
/// ("Scunthorpe" and "assess" do not match). In Thai, Lao, Khmer, Burmese, Chinese and Japanese the match must
/// start and end on a dictionary word boundary of <see cref="TextSegmenter"/>, computed on the original text and
/// only around candidates. Chinese uses dictionary boundaries too: without them 妈的 matches 我妈妈的手机,
/// 日你 matches 生日你过得好吗 and 操 matches 操场.</item>
/// </list>
/// </remarks>
public sealed class TermMatcher
{
    private const int MaxGap = 4;
    private const int MaxExpectedGap = 8;

    private readonly TextNormalizer _normalizer;
    private readonly ushort[] _alphabet;      // char → symbol (0 = in no term)
    private readonly Pattern[] _patterns;
    private readonly AhoCorasick _automaton;

    [ThreadStatic]
    private static Scratch? t_scratch;

    private TermMatcher(TextNormalizer normalizer, ushort[] alphabet, Pattern[] patterns, AhoCorasick automaton, int termCount)
    {
        _normalizer = normalizer;
        _alphabet = alphabet;
        _patterns = patterns;
        _automaton = automaton;
        TermCount = termCount;
    }

    /// <summary>Number of terms compiled.</summary>
    public int TermCount { get; }

    /// <summary>Number of automaton patterns (terms plus generated variants).</summary>
    public int PatternCount => _patterns.Length;

    /// <summary>Number of automaton states, for diagnostics.</summary>
    public int StateCount => _automaton.StateCount;

    /// <summary>An empty matcher (matches nothing).</summary>
    public static TermMatcher Empty { get; } = Build([]);

    /// <summary>Compiles <paramref name="terms"/> into one automaton.</summary>
    /// <exception cref="ArgumentException">A term is empty after normalization or has a <c>*</c> inside it.</exception>
    public static TermMatcher Build(IEnumerable<WatchedTerm> terms) => Build(terms, TextNormalizer.Matching);

    internal static TermMatcher Build(IEnumerable<WatchedTerm> terms, TextNormalizer normalizer)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var compiled = new List<CompiledPattern>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var buffer = new NormalizationBuffer(64);
        int termCount = 0;
        foreach (var term in terms)
        {
            termCount++;
            string text = term.Text ?? throw new ArgumentException($"Term {term.Id} has no text.", nameof(terms));
            text = text.Trim();
            bool prefix = text.StartsWith('*');
            bool suffix = text.EndsWith('*') && text.Length > 1;
            string body = text.Trim('*');
            if (body.Contains('*', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Term {term.Id} \"{term.Text}\": '*' is allowed only at the start or end.", nameof(terms));
            }
            AddVariant(term, body, prefix, suffix);
            if ((term.Options & TermOptions.MatchUnaccented) != 0)
            {
                string plain = StripDiacritics(body);
                if (!string.Equals(plain, body, StringComparison.Ordinal))
                {
                    AddVariant(term, plain, prefix, suffix);
                }
            }
        }

        void AddVariant(WatchedTerm term, string body, bool prefix, bool suffix)
        {
            normalizer.Normalize(body, buffer);
            var pattern = CompiledPattern.From(term, body, buffer, prefix, suffix);
            if (pattern.Chars.Length == 0)
            {
                throw new ArgumentException($"Term {term.Id} \"{term.Text}\" has no letters or digits.", nameof(term));
            }
            if (seen.Add(pattern.Key))
            {
                compiled.Add(pattern);
            }
        }

        // The alphabet: every char used by some pattern gets a small symbol. 'l' shares the symbol of 'i'
        // because "1", "|", "!", "І" and "l" stand in for both in obfuscated Latin text.
        var alphabet = new ushort[65536];
        int next = 1;
        foreach (var pattern in compiled)
        {
            foreach (char c in pattern.Chars)
            {
                char key = c == 'l' ? 'i' : c;
                if (alphabet[key] == 0)
                {
                    if (next == ushort.MaxValue)
                    {
                        throw new ArgumentException("Too many distinct characters in the watched terms.", nameof(terms));
                    }
                    alphabet[key] = (ushort)next++;
                }
            }
        }
        alphabet['l'] = alphabet['i'];

        var patterns = new Pattern[compiled.Count];
        var sequences = new int[compiled.Count][];
        for (int p = 0; p < compiled.Count; p++)
        {
            var c = compiled[p];
            var symbols = new int[c.Chars.Length];
            for (int t = 0; t < symbols.Length; t++)
            {
                symbols[t] = alphabet[c.Chars[t]];
            }
            sequences[p] = symbols;
            patterns[p] = c.ToPattern();
        }
        var automaton = new AhoCorasick(sequences, next);
        return new TermMatcher(normalizer, alphabet, patterns, automaton, termCount);
    }

    /// <summary>All matches in <paramref name="text"/>, in order of their end.</summary>
    public IReadOnlyList<TermMatch> FindAll(string text)
    {
        var results = new List<TermMatch>();
        FindAll(text, results);
        return results;
    }

    /// <summary>Appends all matches in <paramref name="text"/> to <paramref name="results"/>; returns how many.</summary>
    public int FindAll(string text, List<TermMatch> results)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(results);
        int before = results.Count;
        Scan(text, results, stopAtFirst: false);
        return results.Count - before;
    }

    /// <summary>True when <paramref name="text"/> contains at least one watched term.</summary>
    public bool IsMatch(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Scan(text, null, stopAtFirst: true);
    }

    /// <summary>Returns <paramref name="text"/> with every matched span replaced by <paramref name="mask"/>.</summary>
    public string Censor(string text, char mask = '*')
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = new List<TermMatch>();
        if (FindAll(text, matches) == 0)
        {
            return text;
        }
        var chars = text.ToCharArray();
        foreach (var match in matches)
        {
            chars.AsSpan(match.Start, match.Length).Fill(mask);
        }
        return new string(chars);
    }

    private bool Scan(string text, List<TermMatch>? results, bool stopAtFirst)
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Boundaries.Reset();
        var buffer = scratch.Buffer;
        _normalizer.Normalize(text, buffer);
        int count = Compact(buffer, scratch);
        if (count == 0)
        {
            return false;
        }

        int[] symbols = scratch.Symbols;
        var automaton = _automaton;
        bool found = false;
        int state = 0;
        for (int k = 0; k < count; k++)
        {
            int symbol = symbols[k];
            if (symbol == 0)
            {
                state = 0;
                continue;
            }
            state = automaton.Next(state, symbol);
            if (state == 0)
            {
                continue;
            }
            for (int o = automaton.FirstOutputState(state); o != 0; o = automaton.NextOutputState(o))
            {
                foreach (int p in automaton.Outputs(o))
                {
                    var pattern = _patterns[p];
                    if (Verify(pattern, k - pattern.Length + 1, k, text, scratch, out int start, out int end))
                    {
                        found = true;
                        if (stopAtFirst)
                        {
                            return true;
                        }
                        results!.Add(new TermMatch(pattern.TermId, start, end - start));
                    }
                }
            }
        }
        return found;
    }

    /// <summary>Turns the normalized text into positions of word characters (runs of a repeated letter become one
    /// position) and records the separator gap before each position.</summary>
    private int Compact(NormalizationBuffer buffer, Scratch scratch)
    {
        int n = buffer.Length;
        scratch.EnsureCapacity(n);
        char[] chars = buffer.Chars;
        int[] symbols = scratch.Symbols;
        int[] starts = scratch.NormStart;
        int[] ends = scratch.NormEnd;
        int[] runs = scratch.RunLength;
        int[] gaps = scratch.Gap;
        int[] inner = scratch.InnerGap;
        ushort[] alphabet = _alphabet;
        ReadOnlySpan<ushort> info = CharInfo.Table;
        int k = 0;
        int gapLength = 0;
        int gapFlags = 0;
        char previous = '\0';
        for (int j = 0; j < n; j++)
        {
            char c = chars[j];
            ushort entry = info[c];
            int kind = entry & CharInfo.KindMask;
            if (kind != (int)CharKind.Word)
            {
                gapLength++;
                gapFlags |= 1 << (kind + 7); // Space → bit 8, Soft → bit 9, Hard → bit 10
                continue;
            }
            if (k > 0 && c == previous && (entry & CharInfo.Letter) != 0 && !IsUnspacedIdeographic(entry))
            {
                if (gapLength == 0)
                {
                    runs[k - 1]++;
                    ends[k - 1] = j + 1;
                    continue;
                }
                // "a s s h o l e": a letter repeated across a gap joins the run only when the letter before the gap
                // stands alone (spelled out), so "this is shit tea" keeps its two words apart.
                if (gapLength <= MaxGap && (gaps[k - 1] != 0 || starts[k - 1] == 0))
                {
                    runs[k - 1]++;
                    ends[k - 1] = j + 1;
                    inner[k - 1] += (1 << 16) | gapFlags;
                    gapLength = 0;
                    gapFlags = 0;
                    continue;
                }
            }
            symbols[k] = alphabet[c];
            starts[k] = j;
            ends[k] = j + 1;
            runs[k] = 1;
            inner[k] = 0;
            gaps[k] = gapLength == 0 ? 0 : Math.Min(gapLength, 255) | gapFlags;
            gapLength = 0;
            gapFlags = 0;
            previous = c;
            k++;
        }
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsUnspacedIdeographic(ushort entry)
    {
        var script = (ScriptClass)((entry & CharInfo.ScriptMask) >> CharInfo.ScriptShift);
        return script is ScriptClass.Han or ScriptClass.Kana;
    }

    private bool Verify(Pattern pattern, int k0, int k1, string text, Scratch scratch, out int start, out int end)
    {
        start = end = 0;
        int[] runs = scratch.RunLength;
        int[] gaps = scratch.Gap;
        int[] normStart = scratch.NormStart;
        int[] normEnd = scratch.NormEnd;
        var buffer = scratch.Buffer;
        char[] chars = buffer.Chars;
        ReadOnlySpan<ushort> info = CharInfo.Table;

        if (pattern.MinRun is { } minRun)
        {
            for (int t = 0; t < minRun.Length; t++)
            {
                if (runs[k0 + t] < minRun[t])
                {
                    return false;
                }
            }
        }
        bool letterByLetter = true;
        bool anyGap = false;
        bool spaceOrHard = false;
        bool hard = false;
        bool longRun = false;
        int fragments = 1;
        int fragmentLength = 0;
        int[] inner = scratch.InnerGap;
        int[] originalStarts = buffer.Starts;
        int previousOrigin = -1;
        for (int t = 0; t < pattern.Length; t++)
        {
            int k = k0 + t;
            int gap = gaps[k];
            if (t > 0 && gap != 0)
            {
                if (pattern.GapBefore is { } expected && expected[t])
                {
                    if ((gap & 0xFF) > MaxExpectedGap)
                    {
                        return false;
                    }
                }
                else
                {
                    if ((gap & 0xFF) > MaxGap)
                    {
                        return false;
                    }
                    anyGap = true;
                    spaceOrHard |= (gap & ((1 << 8) | (1 << 10))) != 0;
                    hard |= (gap & (1 << 10)) != 0;
                }
                letterByLetter &= fragmentLength <= 1;
                fragments++;
                fragmentLength = 0;
            }
            if (inner[k] != 0)
            {
                anyGap = true;
                spaceOrHard |= (inner[k] & ((1 << 8) | (1 << 10))) != 0;
                hard |= (inner[k] & (1 << 10)) != 0;
                fragments += inner[k] >> 16;
            }
            longRun |= runs[k] > (pattern.MinRun?[t] ?? 1);
            // Count letters as a reader sees them: a base character, not its marks, and not the second half of
            // a character NFKC split in two (Thai ำ → ํ + า).
            char c = chars[normStart[k]];
            int origin = originalStarts[normStart[k]];
            if ((info[c] & CharInfo.Mark) == 0 && origin != previousOrigin)
            {
                fragmentLength++;
            }
            previousOrigin = origin;
        }
        letterByLetter &= fragmentLength <= 1;
        if (anyGap)
        {
            if (spaceOrHard && !letterByLetter)
            {
                return false;
            }
            if (hard && fragments < 3)
            {
                return false;
            }
        }

        int firstChar = normStart[k0];
        int lastEnd = normEnd[k1];
        bool spelledOut = anyGap && letterByLetter && !IsUnspacedIdeographic(info[chars[firstChar]]);
        if (spelledOut && (SingleLetterAcrossGap(chars, buffer.Length, firstChar, -1) || SingleLetterAcrossGap(chars, buffer.Length, lastEnd - 1, +1)))
        {
            return false;
        }

        // Where a run of repeats sits at either end, the match may start or end anywhere inside it that keeps
        // the term's own count: in "ควายยักษ์" the word ควาย ends after the first ย.
        int firstMin = pattern.MinRun?[0] ?? 1;
        int lastMin = pattern.MinRun?[^1] ?? 1;
        int[] originalEnds = buffer.Ends;
        bool checkStart = !pattern.PrefixWildcard && !pattern.Substring;
        bool checkEnd = !pattern.SuffixWildcard && !pattern.Substring;

        // A candidate obfuscated inside a Thai, Khmer or Chinese term also disturbs the dictionary around it:
        // decide on the text with the term written cleanly in place of the obfuscated span, and report the whole
        // span. Otherwise (or if that fails) decide on the original text.
        bool dictionaryStart = checkStart && IsDictionaryAt(chars, firstChar, info);
        bool dictionaryEnd = checkEnd && IsDictionaryAt(chars, lastEnd - 1, info);
        if ((dictionaryStart || dictionaryEnd)
            && (anyGap || longRun || HasHiddenChars(text, originalStarts[firstChar], originalEnds[lastEnd - 1]))
            && (!checkStart || dictionaryStart || StartsWord(chars, firstChar, originalStarts[firstChar], text, scratch, info))
            && (!checkEnd || dictionaryEnd || EndsWord(chars, buffer.Length, lastEnd, originalEnds[lastEnd - 1], text, scratch, info))
            && CleanFormHasBoundaries(text, originalStarts[firstChar], originalEnds[lastEnd - 1], pattern.Body, dictionaryStart, dictionaryEnd))
        {
            start = originalStarts[firstChar];
            end = originalEnds[lastEnd - 1];
            return true;
        }

        int chosenStart = -1;
        int latestStart = pattern.Length == 1 ? normEnd[k0] - lastMin : normEnd[k0] - firstMin;
        for (int s = firstChar; s <= latestStart; s++)
        {
            if (!checkStart || StartsWord(chars, s, originalStarts[s], text, scratch, info))
            {
                chosenStart = s;
                break;
            }
        }
        if (chosenStart < 0)
        {
            return false;
        }
        int earliestEnd = pattern.Length == 1 ? chosenStart + lastMin : normStart[k1] + lastMin;
        int chosenEnd = -1;
        for (int e = lastEnd; e >= earliestEnd; e--)
        {
            if (!checkEnd || EndsWord(chars, buffer.Length, e, originalEnds[e - 1], text, scratch, info))
            {
                chosenEnd = e;
                break;
            }
        }
        if (chosenEnd < 0)
        {
            return false;
        }
        // A wildcard side reports the whole word, so censoring hides "fucking", not "fuck".
        if (pattern.SuffixWildcard && !pattern.Substring)
        {
            while (chosenEnd < buffer.Length && IsAlphabeticWordChar(info[chars[chosenEnd]]))
            {
                chosenEnd++;
            }
        }
        if (pattern.PrefixWildcard && !pattern.Substring)
        {
            while (chosenStart > 0 && IsAlphabeticWordChar(info[chars[chosenStart - 1]]))
            {
                chosenStart--;
            }
        }
        start = originalStarts[chosenStart];
        end = originalEnds[chosenEnd - 1];
        return end > start;
    }

    private static bool IsDictionaryAt(char[] chars, int index, ReadOnlySpan<ushort> info)
    {
        ushort entry = info[chars[index]];
        return TextSegmenter.IsDictionaryChar(entry)
            || ((entry & CharInfo.Mark) != 0 && index > 0 && TextSegmenter.IsDictionaryChar(info[chars[index - 1]]));
    }

    private static bool HasHiddenChars(string text, int start, int end)
    {
        ReadOnlySpan<ushort> info = CharInfo.Table;
        for (int i = start; i < end; i++)
        {
            if ((info[text[i]] & CharInfo.KindMask) != (int)CharKind.Word)
            {
                return true;
            }
        }
        return false;
    }

    private static bool CleanFormHasBoundaries(string text, int start, int end, string body, bool checkStart, bool checkEnd)
    {
        int runStart = TextSegmenter.DictionaryRunStart(text, start);
        int runEnd = TextSegmenter.DictionaryRunEnd(text, end);
        string clean = string.Concat(text.AsSpan(runStart, start - runStart), body, text.AsSpan(end, runEnd - end));
        var boundaries = new List<int>();
        TextSegmenter.DictionaryBoundaries(clean, 0, clean.Length, boundaries);
        int from = start - runStart;
        return (!checkStart || boundaries.BinarySearch(from) >= 0)
            && (!checkEnd || boundaries.BinarySearch(from + body.Length) >= 0);
    }

    private static bool StartsWord(char[] chars, int s, int originalStart, string text, Scratch scratch, ReadOnlySpan<ushort> info)
    {
        ushort entry = info[chars[s]];
        if (TextSegmenter.IsDictionaryChar(entry) || (entry & CharInfo.Mark) != 0 && s > 0 && TextSegmenter.IsDictionaryChar(info[chars[s - 1]]))
        {
            return scratch.Boundaries.IsBoundary(TextSegmenter.Shared, text, originalStart);
        }
        return s == 0 || !IsAlphabeticWordChar(info[chars[s - 1]]);
    }

    private static bool EndsWord(char[] chars, int n, int e, int originalEnd, string text, Scratch scratch, ReadOnlySpan<ushort> info)
    {
        ushort entry = info[chars[e - 1]];
        if (TextSegmenter.IsDictionaryChar(entry) || (entry & CharInfo.Mark) != 0 && e >= 2 && TextSegmenter.IsDictionaryChar(info[chars[e - 2]]))
        {
            return scratch.Boundaries.IsBoundary(TextSegmenter.Shared, text, originalEnd);
        }
        return e >= n || !IsAlphabeticWordChar(info[chars[e]]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAlphabeticWordChar(ushort entry) =>
        (entry & CharInfo.KindMask) == (int)CharKind.Word && (entry & CharInfo.ScriptMask) == 0;

    /// <summary>True when, across short gaps from index <paramref name="from"/> in direction <paramref name="step"/>,
    /// at least two more single spelled-out letters follow: the match is then the middle of a longer spelled-out
    /// word ("a s s e s s"). One single letter is allowed, because "a" and "I" are words ("you are a s h i t").</summary>
    private static bool SingleLetterAcrossGap(char[] chars, int n, int from, int step)
    {
        ReadOnlySpan<ushort> info = CharInfo.Table;
        int i = from + step;
        int singles = 0;
        while (singles < 2)
        {
            int gap = 0;
            while (i >= 0 && i < n && (info[chars[i]] & CharInfo.KindMask) != (int)CharKind.Word)
            {
                gap++;
                i += step;
            }
            if (gap == 0 || gap > MaxGap || i < 0 || i >= n)
            {
                return false;
            }
            int letters = 0;
            while (i >= 0 && i < n && (info[chars[i]] & CharInfo.KindMask) == (int)CharKind.Word)
            {
                if ((info[chars[i]] & CharInfo.Mark) == 0)
                {
                    letters++;
                }
                i += step;
            }
            if (letters != 1)
            {
                return false;
            }
            singles++;
        }
        return true;
    }

    private static string StripDiacritics(string s)
    {
        string decomposed = s.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            builder.Append(c switch { 'đ' => 'd', 'Đ' => 'D', _ => c });
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private sealed class Pattern
    {
        public required int TermId { get; init; }
        public required int Length { get; init; }
        public required string Body { get; init; }
        public byte[]? MinRun { get; init; }
        public bool[]? GapBefore { get; init; }
        public bool PrefixWildcard { get; init; }
        public bool SuffixWildcard { get; init; }
        public bool Substring { get; init; }
    }

    private sealed class CompiledPattern
    {
        public required WatchedTerm Term { get; init; }
        public required char[] Chars { get; init; }
        public required string Body { get; init; }
        public byte[]? MinRun { get; init; }
        public bool[]? GapBefore { get; init; }
        public bool Prefix { get; init; }
        public bool Suffix { get; init; }
        public required string Key { get; init; }

        public static CompiledPattern From(WatchedTerm term, string body, NormalizationBuffer buffer, bool prefix, bool suffix)
        {
            // The same compaction as the text: separators become "expected gaps" (multi-word terms), repeated
            // letters become runs with a minimum count.
            var chars = new List<char>();
            var runs = new List<byte>();
            var gapBefore = new List<bool>();
            ReadOnlySpan<ushort> info = CharInfo.Table;
            bool gap = false;
            foreach (char c in buffer.Text)
            {
                ushort entry = info[c];
                if ((entry & CharInfo.KindMask) != (int)CharKind.Word)
                {
                    gap = chars.Count > 0;
                    continue;
                }
                if (!gap && chars.Count > 0 && chars[^1] == c && (entry & CharInfo.Letter) != 0 && !IsUnspacedIdeographic(entry))
                {
                    runs[^1] = (byte)Math.Min(runs[^1] + 1, 255);
                    continue;
                }
                chars.Add(c);
                runs.Add(1);
                gapBefore.Add(gap);
                gap = false;
            }
            bool anyRun = runs.Exists(r => r > 1);
            bool anyGap = gapBefore.Contains(true);
            string key = string.Concat(term.Id.ToString(CultureInfo.InvariantCulture), "|", new string(buffer.Text), "|",
                prefix ? "p" : "", suffix ? "s" : "", (term.Options & TermOptions.Substring) != 0 ? "x" : "");
            return new CompiledPattern
            {
                Term = term,
                Body = body.Normalize(NormalizationForm.FormC),
                Chars = [.. chars],
                MinRun = anyRun ? [.. runs] : null,
                GapBefore = anyGap ? [.. gapBefore] : null,
                Prefix = prefix,
                Suffix = suffix,
                Key = key,
            };
        }

        public Pattern ToPattern() => new()
        {
            TermId = Term.Id,
            Length = Chars.Length,
            Body = Body,
            MinRun = MinRun,
            GapBefore = GapBefore,
            PrefixWildcard = Prefix,
            SuffixWildcard = Suffix,
            Substring = (Term.Options & TermOptions.Substring) != 0,
        };
    }

    private sealed class Scratch
    {
        public NormalizationBuffer Buffer { get; } = new(1024);
        public BoundaryCache Boundaries { get; } = new();
        public int[] Symbols = new int[1024];
        public int[] NormStart = new int[1024];
        public int[] NormEnd = new int[1024];
        public int[] RunLength = new int[1024];
        public int[] Gap = new int[1024];
        public int[] InnerGap = new int[1024];

        public void EnsureCapacity(int n)
        {
            if (n <= Symbols.Length)
            {
                return;
            }
            int size = Math.Max(n, Symbols.Length * 2);
            Symbols = new int[size];
            NormStart = new int[size];
            NormEnd = new int[size];
            RunLength = new int[size];
            Gap = new int[size];
            InnerGap = new int[size];
        }
    }
}
