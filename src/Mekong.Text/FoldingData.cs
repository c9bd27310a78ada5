using System.Collections.Frozen;
using System.Globalization;
using ICU4N.Text;

namespace Mekong.Text;

/// <summary>
/// The data behind the folds: TR39 look-alikes (generated from ICU, see Data/generate-confusables.py), a short
/// hand-written list ICU does not cover, and Traditional→Simplified Chinese from ICU's Hant-Hans transliterator.
/// Each set is loaded once per process on first use.
/// </summary>
internal static class FoldingData
{
    private static readonly Lazy<FrozenDictionary<int, char>> s_confusables = new(LoadConfusables);
    private static readonly Lazy<FrozenDictionary<char, char>> s_simplified = new(LoadSimplified);

    /// <summary>Non-ASCII look-alike code point → lowercase ASCII letter or digit.</summary>
    public static FrozenDictionary<int, char> Confusables => s_confusables.Value;

    /// <summary>Traditional Han character → its Simplified form (one BMP char to one BMP char).</summary>
    public static FrozenDictionary<char, char> Simplified => s_simplified.Value;

    // Written by us: look-alikes whose TR39 skeleton is not a single ASCII character (small capitals map to
    // other small capitals; lowercase Cyrillic в, к, м, н, т only resemble Latin letters in upper case or in
    // "faux Cyrillic" styling). Kept short on purpose: each entry was checked by eye.
    private static readonly (int From, char To)[] s_extraConfusables =
    [
        (0x0299, 'b'), (0x029C, 'h'), (0x0262, 'g'), (0x029F, 'l'), (0x0274, 'n'), (0x0280, 'r'),
        (0x1D00, 'a'), (0x1D05, 'd'), (0x1D07, 'e'), (0x1D0A, 'j'), (0x1D0B, 'k'), (0x1D0D, 'm'),
        (0x1D18, 'p'), (0x1D1B, 't'), (0xA730, 'f'),
        (0x0432, 'b'), (0x043A, 'k'), (0x043C, 'm'), (0x043D, 'h'), (0x0442, 't'), (0x0438, 'u'),
        (0x043F, 'n'), (0x0448, 'w'),
    ];

    private static FrozenDictionary<int, char> LoadConfusables()
    {
        var map = new Dictionary<int, char>();
        using (var stream = typeof(FoldingData).Assembly.GetManifestResourceStream("Mekong.Text.confusables-latin.txt")
            ?? throw new InvalidOperationException("The confusables resource is missing from Mekong.Text."))
        using (var reader = new StreamReader(stream))
        {
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }
                int tab = line.IndexOf('\t', StringComparison.Ordinal);
                int cp = int.Parse(line.AsSpan(0, tab), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                map[cp] = line[tab + 1];
            }
        }
        foreach (var (from, to) in s_extraConfusables)
        {
            map.TryAdd(from, to);
        }
        return map.ToFrozenDictionary();
    }

    private static FrozenDictionary<char, char> LoadSimplified()
    {
        // One transliteration of every BMP ideograph, one per line, so ICU's rules see each character alone
        // (a per-character fold is what matching wants: 乾/幹 → 干 regardless of context). ~0.4 s, once.
        var transliterator = Transliterator.GetInstance("Hant-Hans");
        var input = new System.Text.StringBuilder(2 * 28000);
        AppendRange(input, 0x3400, 0x4DBF);
        AppendRange(input, 0x4E00, 0x9FFF);
        string source = input.ToString();
        string output = transliterator.Transliterate(source);
        var map = new Dictionary<char, char>();
        var from = source.AsSpan();
        var to = output.AsSpan();
        while (!from.IsEmpty && !to.IsEmpty)
        {
            int a = from.IndexOf('\n');
            int b = to.IndexOf('\n');
            if (a < 0 || b < 0)
            {
                break;
            }
            if (a == 1 && b == 1 && from[0] != to[0])
            {
                map[from[0]] = to[0];
            }
            from = from[(a + 1)..];
            to = to[(b + 1)..];
        }
        return map.ToFrozenDictionary();
    }

    private static void AppendRange(System.Text.StringBuilder builder, int first, int last)
    {
        for (int c = first; c <= last; c++)
        {
            builder.Append((char)c).Append('\n');
        }
    }
}
