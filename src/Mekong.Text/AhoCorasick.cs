using System.Runtime.CompilerServices;

namespace Mekong.Text;

/// <summary>
/// Aho–Corasick over small integer symbols. The root has a dense transition table (most steps in clean text
/// fall back to the root); so do the states with many edges (the first letters of thousands of terms), as full
/// DFA rows with the failure links already followed; other states keep sorted sparse edges. Immutable after
/// construction.
/// </summary>
internal sealed class AhoCorasick
{
    private readonly int[] _rootNext;     // symbol → state (0 = stay at root)
    private readonly int[] _edgeStart;    // state → first edge; edges of state s are [_edgeStart[s], _edgeStart[s+1])
    private readonly int[] _edgeSymbol;
    private readonly int[] _edgeTarget;
    private readonly int[] _fail;
    private readonly int[] _outputStart;  // state → first output; outputs of s are [_outputStart[s], _outputStart[s+1])
    private readonly int[] _outputs;      // pattern indexes
    private readonly int[] _outputLink;   // nearest state on the failure chain (excluding s) that has outputs, or 0
    private readonly int[] _denseRow;     // state → offset of its full row in _dense, or -1
    private readonly int[] _dense;        // rows of alphabetSize resolved transitions

    /// <summary>States with more edges than this get a dense row (a linear scan covers up to 8).</summary>
    private const int DenseFanout = 8;

    /// <summary>At most this many dense cells (4 bytes each) in all: 16 MB.</summary>
    private const int DenseCellBudget = 4 << 20;

    public int StateCount => _fail.Length;

    public AhoCorasick(IReadOnlyList<int[]> patterns, int alphabetSize)
    {
        // Build the trie with a dictionary of edges, then flatten.
        var edges = new Dictionary<long, int>();
        var children = new List<List<int>> { new() };
        var symbols = new List<int> { 0 };
        var outputs = new List<List<int>?> { null };
        for (int p = 0; p < patterns.Count; p++)
        {
            int state = 0;
            foreach (int symbol in patterns[p])
            {
                long key = ((long)state << 32) | (uint)symbol;
                if (!edges.TryGetValue(key, out int next))
                {
                    next = children.Count;
                    children.Add(new List<int>());
                    symbols.Add(symbol);
                    outputs.Add(null);
                    edges.Add(key, next);
                    children[state].Add(next);
                }
                state = next;
            }
            (outputs[state] ??= new List<int>()).Add(p);
        }

        int count = children.Count;
        _fail = new int[count];
        _outputLink = new int[count];
        _rootNext = new int[alphabetSize];
        var queue = new Queue<int>();
        foreach (int child in children[0])
        {
            _rootNext[symbols[child]] = child;
            queue.Enqueue(child);
        }
        while (queue.Count > 0)
        {
            int state = queue.Dequeue();
            foreach (int child in children[state])
            {
                int symbol = symbols[child];
                int f = _fail[state];
                int target;
                while (true)
                {
                    if (f == 0)
                    {
                        target = _rootNext[symbol];
                        break;
                    }
                    if (edges.TryGetValue(((long)f << 32) | (uint)symbol, out target))
                    {
                        break;
                    }
                    f = _fail[f];
                }
                _fail[child] = target == child ? 0 : target;
                _outputLink[child] = outputs[_fail[child]] is not null ? _fail[child] : _outputLink[_fail[child]];
                queue.Enqueue(child);
            }
        }

        _edgeStart = new int[count + 1];
        int edgeCount = 0;
        for (int s = 0; s < count; s++)
        {
            _edgeStart[s] = edgeCount;
            edgeCount += s == 0 ? 0 : children[s].Count;
        }
        _edgeStart[count] = edgeCount;
        _edgeSymbol = new int[edgeCount];
        _edgeTarget = new int[edgeCount];
        for (int s = 1; s < count; s++)
        {
            var list = children[s];
            list.Sort((a, b) => symbols[a].CompareTo(symbols[b]));
            int at = _edgeStart[s];
            foreach (int child in list)
            {
                _edgeSymbol[at] = symbols[child];
                _edgeTarget[at] = child;
                at++;
            }
        }

        // Dense rows for the widest states, widest first, within the budget. Each row resolves the failure chain
        // once at build time, so a step from such a state is one array read instead of a binary search and walk.
        _denseRow = new int[count];
        Array.Fill(_denseRow, -1);
        var wide = Enumerable.Range(1, count - 1)
            .Where(s => children[s].Count > DenseFanout)
            .OrderByDescending(s => children[s].Count)
            .Take(Math.Max(0, DenseCellBudget / Math.Max(1, alphabetSize)))
            .ToArray();
        _dense = new int[wide.Length * alphabetSize];
        for (int i = 0; i < wide.Length; i++)
        {
            int row = i * alphabetSize;
            for (int symbol = 1; symbol < alphabetSize; symbol++)
            {
                _dense[row + symbol] = Next(wide[i], symbol);
            }
        }
        // Only now: Next above must walk the sparse edges, not rows still being filled.
        for (int i = 0; i < wide.Length; i++)
        {
            _denseRow[wide[i]] = i * alphabetSize;
        }

        _outputStart = new int[count + 1];
        var flat = new List<int>();
        for (int s = 0; s < count; s++)
        {
            _outputStart[s] = flat.Count;
            if (outputs[s] is { } list)
            {
                flat.AddRange(list);
            }
        }
        _outputStart[count] = flat.Count;
        _outputs = [.. flat];
    }

    /// <summary>Advances from <paramref name="state"/> on <paramref name="symbol"/> (symbol 0 never matches).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int state, int symbol)
    {
        while (state != 0)
        {
            int row = _denseRow[state];
            if (row >= 0)
            {
                return _dense[row + symbol];
            }
            int next = Edge(state, symbol);
            if (next != 0)
            {
                return next;
            }
            state = _fail[state];
        }
        return _rootNext[symbol];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Edge(int state, int symbol)
    {
        int lo = _edgeStart[state];
        int hi = _edgeStart[state + 1];
        if (hi - lo <= 8)
        {
            // Most states have one or two edges: a linear scan beats a binary search.
            for (int i = lo; i < hi; i++)
            {
                if (_edgeSymbol[i] == symbol)
                {
                    return _edgeTarget[i];
                }
            }
            return 0;
        }
        int index = Array.BinarySearch(_edgeSymbol, lo, hi - lo, symbol);
        return index >= 0 ? _edgeTarget[index] : 0;
    }

    /// <summary>First state (this one or one on its failure chain) that has outputs; 0 when none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FirstOutputState(int state) =>
        _outputStart[state + 1] > _outputStart[state] ? state : _outputLink[state];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextOutputState(int state) => _outputLink[state];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> Outputs(int state) => _outputs.AsSpan(_outputStart[state], _outputStart[state + 1] - _outputStart[state]);
}
