namespace Mekong.Text;

/// <summary>
/// Reusable output of <see cref="TextNormalizer.Normalize(ReadOnlySpan{char}, NormalizationBuffer)"/>: the
/// normalized chars and, for each one, the span of the original text it came from. Not thread-safe; keep one
/// per thread (or per call) and reuse it so the hot path does not allocate.
/// </summary>
public sealed class NormalizationBuffer
{
    internal char[] Chars;
    internal int[] Starts;
    internal int[] Ends;

    /// <summary>Creates a buffer sized for texts of about <paramref name="capacity"/> chars (it grows as needed).</summary>
    public NormalizationBuffer(int capacity = 1024)
    {
        capacity = Math.Max(capacity, 16);
        Chars = new char[capacity];
        Starts = new int[capacity];
        Ends = new int[capacity];
    }

    /// <summary>Number of normalized chars.</summary>
    public int Length { get; internal set; }

    /// <summary>The normalized text.</summary>
    public ReadOnlySpan<char> Text => Chars.AsSpan(0, Length);

    /// <summary>For each normalized char, the index in the original text where its source begins.</summary>
    public ReadOnlySpan<int> OriginalStarts => Starts.AsSpan(0, Length);

    /// <summary>For each normalized char, the index just past its source in the original text.</summary>
    public ReadOnlySpan<int> OriginalEnds => Ends.AsSpan(0, Length);

    /// <summary>Maps the normalized range [start, start+length) to (start, length) in the original text.</summary>
    public (int Start, int Length) MapToOriginal(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Length);
        int from = Starts[start];
        return (from, Ends[start + length - 1] - from);
    }

    internal void EnsureCapacity(int needed)
    {
        if (needed <= Chars.Length)
        {
            return;
        }
        int size = Math.Max(needed, Chars.Length * 2);
        Array.Resize(ref Chars, size);
        Array.Resize(ref Starts, size);
        Array.Resize(ref Ends, size);
    }
}
