using System.Text;
using CsCheck;

namespace Mekong.Text.Tests;

public sealed class TextNormalizerTests
{
    private static readonly TextNormalizer Matching = TextNormalizer.Matching;

    [Theory]
    [InlineData("ＳＨＩＴ", "shit")]                 // full-width
    [InlineData("ｶﾀｶﾅ", "カタカナ")]                   // half-width katakana
    [InlineData("ѕһіt", "shit")]                     // Cyrillic look-alikes
    [InlineData("Αѕѕ", "ass")]                       // Greek capital alpha
    [InlineData("𝐟𝐮𝐜𝐤", "fuck")]                     // mathematical bold (NFKC)
    [InlineData("sh1t", "shit")]                     // leetspeak inside a Latin word
    [InlineData("$hit", "shit")]
    [InlineData("a$$", "ass")]
    [InlineData("shit!", "shit!")]                   // a trailing '!' is punctuation
    [InlineData("455 555", "455 555")]               // numbers alone are numbers
    [InlineData("ควาย555", "ควาย555")]               // Thai laughter is not leetspeak
    [InlineData("s\u200Bh\u200Ci\u200Dt\uFEFF", "shit")] // zero-width
    [InlineData("\u202Eshit\u202C", "shit")]          // bidi controls
    [InlineData("sh\u00ADit", "shit")]               // soft hyphen
    [InlineData("Fück", "fuck")]                     // diacritics Vietnamese does not use
    [InlineData("幹你娘 他媽的", "干你娘 他妈的")]      // Traditional → Simplified
    [InlineData("ﬁne", "fine")]                      // ligature
    public void Folds_obfuscations(string input, string expected) =>
        Assert.Equal(expected, Matching.NormalizeToString(input));

    [Fact]
    public void Vietnamese_tone_marks_keep_words_apart_and_any_encoding_meets()
    {
        string[] words = ["các", "cặc", "cạc", "cắc", "ca", "đi", "đĩ", "dì", "mày", "may", "mấy"];
        var normalized = words.Select(w => Matching.NormalizeToString(w)).ToArray();
        Assert.Equal(words.Length, normalized.Distinct(StringComparer.Ordinal).Count());
        foreach (string word in words)
        {
            Assert.Equal(Matching.NormalizeToString(word), Matching.NormalizeToString(word.Normalize(NormalizationForm.FormD)));
            Assert.Equal(Matching.NormalizeToString(word), Matching.NormalizeToString(word.ToUpperInvariant()));
        }
        // Marks typed in the other order (dot below after circumflex) reorder to the same letter.
        Assert.Equal("ệ", Matching.NormalizeToString("e\u0302\u0323"));
    }

    [Fact]
    public void Offsets_point_back_into_the_original()
    {
        var text = Matching.Normalize("Ｘ s\u200Bh ﬁ x\u0336y");
        Assert.Equal("x sh fi xy", text.Value);
        Assert.Equal((0, 1), text.MapToOriginal(0, 1));          // full-width X
        Assert.Equal((2, 3), text.MapToOriginal(2, 2));          // "s\u200Bh" keeps the zero-width inside
        Assert.Equal((6, 1), text.MapToOriginal(5, 2));          // both letters of "fi" come from the ligature
        Assert.Equal((8, 2), text.MapToOriginal(8, 1));          // the dropped strike-through belongs to x
    }

    [Fact]
    public void Thai_sara_am_expands_with_one_source()
    {
        var text = Matching.Normalize("น้ำ");
        Assert.Equal(4, text.Length);
        Assert.Equal(2, text.OriginalStart(3));
        Assert.Equal(3, text.OriginalEnd(3));
    }

    [Fact]
    public void Basic_form_leaves_look_alikes_and_digits_alone()
    {
        Assert.Equal("ѕh1t", TextNormalizer.Basic.NormalizeToString("ѕh1t"));
        Assert.Equal("汉字", TextNormalizer.Basic.NormalizeToString("漢字"));
    }

    private static string Hex(string s) => string.Join(" ", s.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));

    // Alphabet for property tests: the scripts the platform serves, plus the obfuscation material.
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCXYZ 0123456789.,!?@$|-_*" +
        "ạảãàáâậầấẩẫăắằẳẵặẹẻẽèéêềếểễệđìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ" +
        "กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอฮะัาำิีึืุูเแโใไ่้๊๋็์ๆ" +
        "ກຂຄງຈຊຍດຕຖທນບປຜຝພຟມຢຣລວສຫອຮະັາຳິີຶືຸູເແໂໃໄ່້໊໋" +
        "កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអាិីឹឺុូួើឿៀេែៃោៅំះៈ្់" +
        "ကခဂဃငစဆဇဈညဋဌဍဎဏတထဒဓနပဖဗဘမယရလဝသဟဠအါာိီုူေဲံ့း္်ျြွှ" +
        "傻逼白痴贱人賤他妈媽的脑腦残殘滚滾蛋神经經病微信开開发發票你好中国國語语" +
        "ＡＢＣａｂｃ０１２　аеорсухіѕ𝐚\u200B\u200C\u200D\u2060\uFEFF\u00AD\u202E\u0301\u0302\u0323\u0336";

    private static readonly Gen<string> Texts = Gen.String[Gen.Char[Alphabet], 0, 40];

    [Fact]
    public void Property_offsets_are_inside_the_original_and_in_order()
    {
        Texts.Sample(text =>
        {
            var normalized = Matching.Normalize(text);
            int previousStart = 0;
            for (int i = 0; i < normalized.Length; i++)
            {
                int start = normalized.OriginalStart(i);
                int end = normalized.OriginalEnd(i);
                if (start < previousStart || start < 0 || end <= start || end > text.Length)
                {
                    return false;
                }
                previousStart = start;
            }
            return true;
        }, iter: 3000);
    }

    [Fact]
    public void Property_normalizing_twice_changes_nothing()
    {
        Texts.Sample(text =>
        {
            string once = Matching.NormalizeToString(text);
            Assert.True(string.Equals(once, Matching.NormalizeToString(once), StringComparison.Ordinal), $"{Hex(text)} → {Hex(once)} → {Hex(Matching.NormalizeToString(once))}");
        }, iter: 3000);
    }

    [Fact]
    public void Property_the_table_driven_path_equals_whole_string_NFKC_and_folds()
    {
        // Without leetspeak material and stray marks (which depend on neighbours by design).
        var gen = Gen.String[Gen.Char[new string(Alphabet.Where(c => FoldingTableLeet(c) && c != '\u0336').ToArray())], 0, 40];
        gen.Sample(text => Assert.Equal(Hex(Matching.NormalizeReference(text)), Hex(Matching.NormalizeToString(text))), iter: 3000);

        // Leetspeak digits (ASCII or full-width), stray Latin marks, invisibles (which the fast path removes
        // before canonical ordering, and whole-string NFKC after) and surrogates are outside this comparison.
        static bool FoldingTableLeet(char c) => "0134579@$!|０１２".IndexOf(c, StringComparison.Ordinal) < 0
            && !(c >= '\u0300' && c <= '\u036F') && !char.IsSurrogate(c) && c is not ('\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' or '\u202E');
    }
}
