using System.Buffers;
using BenchmarkDotNet.Attributes;

namespace Mekong.Text.Bench;

/// <summary>Kernels of screening on ~1 KB posts with 10,000 terms: the full screen, normalization alone, and the
/// candidate search of the automaton against .NET's <see cref="SearchValues{T}"/> over the same folded text.</summary>
[MemoryDiagnoser]
public class ScreeningBenchmarks
{
    private const int PostsPerInvoke = 256;
    private Corpus _corpus = null!;
    private TermMatcher _matcher = null!;
    private readonly List<TermMatch> _results = new();
    private readonly NormalizationBuffer _buffer = new(4096);
    private string[] _posts = null!;
    private string[] _folded = null!;
    private SearchValues<string> _searchValues = null!;
    private AhoCorasickOverChars _automaton = null!;

    [GlobalSetup]
    public void Setup()
    {
        _corpus = Corpus.Build(FindRoot(), megabytes: 1);
        _matcher = Screen.BuildMatcher(_corpus.Terms);
        TextSegmenter.WarmUp();
        _posts = [.. _corpus.Posts.Take(PostsPerInvoke)];
        // The folded, separator-free form of posts and terms, as the automaton sees them.
        _folded = [.. _posts.Select(Fold)];
        var terms = _corpus.Terms.Select(Fold).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        _searchValues = SearchValues.Create(terms, StringComparison.Ordinal);
        _automaton = new AhoCorasickOverChars(terms);
    }

    private static string Fold(string text)
    {
        string normalized = TextNormalizer.Matching.NormalizeToString(text);
        return string.Concat(normalized.Where(c => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark));
    }

    [Benchmark(OperationsPerInvoke = PostsPerInvoke, Description = "Screen one ~1 KB post (normalize + match + verify)")]
    public int ScreenPost()
    {
        int found = 0;
        foreach (string post in _posts)
        {
            _results.Clear();
            found += _matcher.FindAll(post, _results);
        }
        return found;
    }

    [Benchmark(OperationsPerInvoke = PostsPerInvoke, Description = "Normalize one ~1 KB post")]
    public int NormalizePost()
    {
        int length = 0;
        foreach (string post in _posts)
        {
            TextNormalizer.Matching.Normalize(post, _buffer);
            length += _buffer.Length;
        }
        return length;
    }

    [Benchmark(OperationsPerInvoke = PostsPerInvoke, Description = "Candidates: Aho-Corasick, all matches")]
    public int CandidatesAhoCorasick()
    {
        int found = 0;
        foreach (string text in _folded)
        {
            found += _automaton.CountMatches(text);
        }
        return found;
    }

    [Benchmark(OperationsPerInvoke = PostsPerInvoke, Description = "Candidates: SearchValues<string> + trie at each hit")]
    public int CandidatesSearchValues()
    {
        int found = 0;
        foreach (string text in _folded)
        {
            var span = text.AsSpan();
            int offset = 0;
            while (true)
            {
                int at = span[offset..].IndexOfAny(_searchValues);
                if (at < 0)
                {
                    break;
                }
                offset += at;
                // SearchValues says only "some term starts here": walk the trie for all terms starting at offset.
                found += _automaton.CountPrefixMatches(span[offset..]);
                offset++;
            }
        }
        return found;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}

/// <summary>A plain char-level Aho–Corasick (goto as dictionaries) used only to compare candidate search strategies.</summary>
internal sealed class AhoCorasickOverChars
{
    private readonly List<Dictionary<char, int>> _goto = [new()];
    private readonly List<int> _fail = [0];
    private readonly List<int> _out = [0];

    public AhoCorasickOverChars(IEnumerable<string> terms)
    {
        foreach (string term in terms)
        {
            int state = 0;
            foreach (char c in term)
            {
                if (!_goto[state].TryGetValue(c, out int next))
                {
                    next = _goto.Count;
                    _goto.Add(new());
                    _fail.Add(0);
                    _out.Add(0);
                    _goto[state][c] = next;
                }
                state = next;
            }
            _out[state]++;
        }
        var queue = new Queue<int>(_goto[0].Values);
        while (queue.Count > 0)
        {
            int state = queue.Dequeue();
            foreach (var (c, child) in _goto[state])
            {
                int f = _fail[state];
                while (f != 0 && !_goto[f].ContainsKey(c))
                {
                    f = _fail[f];
                }
                _fail[child] = state != 0 && _goto[f].TryGetValue(c, out int t) && t != child ? t : 0;
                _out[child] += _out[_fail[child]];
                queue.Enqueue(child);
            }
        }
    }

    public int CountMatches(ReadOnlySpan<char> text)
    {
        int state = 0;
        int found = 0;
        foreach (char c in text)
        {
            int next;
            while (!_goto[state].TryGetValue(c, out next) && state != 0)
            {
                state = _fail[state];
            }
            state = _goto[state].TryGetValue(c, out next) ? next : 0;
            found += _out[state];
        }
        return found;
    }

    public int CountPrefixMatches(ReadOnlySpan<char> text)
    {
        int state = 0;
        int found = 0;
        foreach (char c in text)
        {
            if (!_goto[state].TryGetValue(c, out state))
            {
                break;
            }
            found += _out[state] - _out[_fail[state]];
        }
        return found;
    }
}
