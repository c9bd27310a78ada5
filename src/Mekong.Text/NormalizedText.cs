namespace Mekong.Text;

/// <summary>An immutable normalized text that remembers where each of its chars came from in the original.</summary>
public sealed class NormalizedText
{
    private readonly int[] _starts;
    private readonly int[] _ends;

    internal NormalizedText(string original, NormalizationBuffer buffer)
    {
        Original = original;
        Value = new string(buffer.Text);
        _starts = buffer.OriginalStarts.ToArray();
        _ends = buffer.OriginalEnds.ToArray();
    }

    /// <summary>The text as written.</summary>
    public string Original { get; }

    /// <summary>The normalized text.</summary>
    public string Value { get; }

    /// <summary>Length of <see cref="Value"/>.</summary>
    public int Length => Value.Length;

    /// <summary>Index in <see cref="Original"/> where the source of normalized char <paramref name="index"/> begins.</summary>
    public int OriginalStart(int index) => _starts[index];

    /// <summary>Index in <see cref="Original"/> just past the source of normalized char <paramref name="index"/>.</summary>
    public int OriginalEnd(int index) => _ends[index];

    /// <summary>Maps the normalized range [start, start+length) to (start, length) in <see cref="Original"/>.</summary>
    public (int Start, int Length) MapToOriginal(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Length);
        int from = _starts[start];
        return (from, _ends[start + length - 1] - from);
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
