using System.Globalization;
using ICU4N;
using ICU4N.Globalization;

namespace Mekong.Text;

/// <summary>What a character is to the matcher: part of a word, or a kind of separator between words.</summary>
internal enum CharKind : byte
{
    /// <summary>Letters, combining marks and digits.</summary>
    Word = 0,
    /// <summary>Spaces, tabs, line breaks.</summary>
    Space = 1,
    /// <summary>Symbols and punctuation that are not sentence punctuation (<c>. - _ * / ~ ' #</c>, emoji…).</summary>
    Soft = 2,
    /// <summary>Sentence and clause punctuation and brackets (<c>, ; : ? ! ( ) 。 、 ។ ။</c>…).</summary>
    Hard = 3,
}

/// <summary>Script families that decide which word-boundary rule applies.</summary>
internal enum ScriptClass : byte
{
    /// <summary>Space-delimited: Latin, Greek, Cyrillic, Hangul, digits, anything not listed below.</summary>
    Alphabetic = 0,
    Thai = 1,
    Lao = 2,
    Khmer = 3,
    Myanmar = 4,
    Han = 5,
    Kana = 6,
}

/// <summary>
/// Per-UTF-16-unit facts, computed once from ICU properties so the hot loops do one array read per char.
/// Layout of each entry: bits 0–1 <see cref="CharKind"/>, bits 2–4 <see cref="ScriptClass"/>, then flags.
/// </summary>
internal static class CharInfo
{
    public const ushort KindMask = 0x3;
    public const int ScriptShift = 2;
    public const ushort ScriptMask = 0x7 << ScriptShift;
    /// <summary>A combining mark (Mn, Mc, Me).</summary>
    public const ushort Mark = 1 << 5;
    /// <summary>A letter (L*), so repeated-letter collapsing may apply.</summary>
    public const ushort Letter = 1 << 6;
    /// <summary>A Latin letter (ASCII or accented): decides whether leetspeak folding applies to a run.</summary>
    public const ushort LatinLetter = 1 << 7;
    /// <summary>A script-neutral combining mark (U+0300 block and friends) that is dropped after a Latin letter.</summary>
    public const ushort GenericMark = 1 << 8;
    /// <summary>A decimal digit.</summary>
    public const ushort Digit = 1 << 9;

    private static readonly ushort[] s_table = Build();

    public static ReadOnlySpan<ushort> Table => s_table;

    public static CharKind Kind(char c) => (CharKind)(s_table[c] & KindMask);

    public static ScriptClass Script(char c) => (ScriptClass)((s_table[c] & ScriptMask) >> ScriptShift);

    public static bool IsDictionaryScript(ScriptClass s) => s != ScriptClass.Alphabetic;

    private static ushort[] Build()
    {
        var table = new ushort[65536];
        for (int c = 0; c < 65536; c++)
        {
            table[c] = Compute(c);
        }
        return table;
    }

    internal static ushort Compute(int cp)
    {
        if (cp is >= 0xD800 and <= 0xDFFF)
        {
            // Surrogate halves: treated as word characters of an alphabetic script; the pair is one symbol
            // pair in both patterns and text, so the automaton sees the same two units on both sides.
            return (ushort)CharKind.Word;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(cp);
        CharKind kind = ClassifyKind(cp, category);
        ScriptClass script = ClassifyScript(cp);
        ushort entry = (ushort)((int)kind | ((int)script << ScriptShift));
        switch (category)
        {
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
                entry |= Mark;
                if (UScript.GetScript(cp) == UScript.Inherited)
                {
                    entry |= GenericMark;
                }
                break;
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.ModifierLetter:
                entry |= Letter;
                if (UScript.GetScript(cp) == UScript.Latin)
                {
                    entry |= LatinLetter;
                }
                break;
            case UnicodeCategory.DecimalDigitNumber:
                entry |= Digit;
                break;
        }
        return entry;
    }

    private static CharKind ClassifyKind(int cp, UnicodeCategory category)
    {
        switch (category)
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
                return CharKind.Word;
            case UnicodeCategory.SpaceSeparator:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
                return CharKind.Space;
            case UnicodeCategory.Control:
                return cp is '\t' or '\n' or '\r' or '\f' or '\v' or 0x85 ? CharKind.Space : CharKind.Soft;
            case UnicodeCategory.OpenPunctuation:
            case UnicodeCategory.ClosePunctuation:
            case UnicodeCategory.InitialQuotePunctuation:
            case UnicodeCategory.FinalQuotePunctuation:
                return CharKind.Hard;
            case UnicodeCategory.OtherPunctuation:
                return IsSentencePunctuation(cp) ? CharKind.Hard : CharKind.Soft;
            default:
                return CharKind.Soft;
        }
    }

    // Punctuation that ends a clause or sentence in the platform's scripts. Letters spaced out with these
    // ("傻，逼") read as two words, not as one hidden word, so the matcher treats them as hard breaks.
    private static bool IsSentencePunctuation(int cp) => cp switch
    {
        ',' or ';' or ':' or '?' or '!' => true,
        0x3001 or 0x3002 or 0xFF0C or 0xFF1B or 0xFF1A or 0xFF1F or 0xFF01 or 0xFF61 or 0xFF64 => true, // CJK
        0x2026 or 0x2025 or 0x203C or 0x2047 or 0x2048 or 0x2049 => true, // … ‥ ‼ ⁇ ⁈ ⁉
        0x0E4F or 0x0E5A or 0x0E5B => true, // Thai fongman, angkhankhu, khomut
        0x17D4 or 0x17D5 or 0x17D6 => true, // Khmer khan, bariyoosan, camnuc pii kuuh
        0x104A or 0x104B => true, // Myanmar little section, section
        0x0EAF => false, // Lao ellipsis is a letter-like abbreviation sign
        _ => false,
    };

    private static ScriptClass ClassifyScript(int cp)
    {
        int script = UScript.GetScript(cp);
        if (script == UScript.Thai)
        {
            return ScriptClass.Thai;
        }
        if (script == UScript.Lao)
        {
            return ScriptClass.Lao;
        }
        if (script == UScript.Khmer)
        {
            return ScriptClass.Khmer;
        }
        if (script == UScript.Myanmar)
        {
            return ScriptClass.Myanmar;
        }
        if (script == UScript.Han || cp == 0x3005 || cp == 0x3007)
        {
            return ScriptClass.Han;
        }
        if (script == UScript.Hiragana || script == UScript.Katakana || cp == 0x30FC)
        {
            return ScriptClass.Kana;
        }
        return ScriptClass.Alphabetic;
    }

    /// <summary>Default-ignorable code points and format controls: zero-width spaces and joiners, bidi controls,
    /// soft hyphen, variation selectors, tag characters, Hangul fillers, Khmer inherent vowels…</summary>
    internal static bool IsRemovable(int cp)
    {
        if (cp is '\t' or '\n' or '\r' or '\f' or '\v')
        {
            return false;
        }
        if (UChar.HasBinaryProperty(cp, UProperty.Default_Ignorable_Code_Point))
        {
            return true;
        }
        var category = CharUnicodeInfo.GetUnicodeCategory(cp);
        return category is UnicodeCategory.Format or UnicodeCategory.Control;
    }
}
