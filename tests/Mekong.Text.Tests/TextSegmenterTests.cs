namespace Mekong.Text.Tests;

public sealed class TextSegmenterTests
{
    private static string[] Words(string text) =>
        TextSegmenter.Shared.Segment(text).Select(t => text.Substring(t.Start, t.Length)).ToArray();

    [Theory]
    [InlineData("ฉันชอบกินข้าวผัด", "ฉัน|ชอบ|กิน|ข้าว|ผัด")]
    [InlineData("我喜欢在北京吃饺子", "我|喜欢|在|北京|吃|饺子")]
    [InlineData("ខ្ញុំចូលចិត្តអាន", "ខ្ញុំ|ចូលចិត្ត|អាន")]
    [InlineData("မင်္ဂလာပါ", "မင်္ဂလာ|ပါ")]
    [InlineData("ລາວກິນເຂົ້າ", "ລາວ|ກິນເຂົ້າ")]
    [InlineData("Xin chào, các bạn! 2024", "Xin|chào|các|bạn|2024")]
    [InlineData("Hello 世界 and ไทย", "Hello|世界|and|ไทย")]
    public void Splits_words_in_every_script(string text, string expected) =>
        Assert.Equal(expected, string.Join('|', Words(text)));

    [Fact]
    public void Tokens_carry_kinds_and_original_offsets()
    {
        const string text = "Mekong 2024 我爱你";
        var tokens = TextSegmenter.Shared.Segment(text);
        Assert.Equal(new TextToken(0, 6, TokenKind.Word), tokens[0]);
        Assert.Equal(new TextToken(7, 4, TokenKind.Number), tokens[1]);
        Assert.All(tokens.Skip(2), t => Assert.Equal(TokenKind.Ideographic, t.Kind));
        Assert.Equal(text.Length, tokens[^1].End);
    }

    [Fact]
    public void Word_boundaries_follow_the_dictionary()
    {
        const string text = "我妈妈的手机";
        Assert.True(TextSegmenter.Shared.IsWordBoundary(text, 1));
        Assert.False(TextSegmenter.Shared.IsWordBoundary(text, 2)); // inside 妈妈
        Assert.True(TextSegmenter.Shared.IsWordBoundary(text, text.Length));
    }

    [Fact]
    public void Threads_share_dictionaries_and_get_the_same_tokens()
    {
        string[] texts = ["ฉันชอบกินข้าวผัดกับเพื่อน", "我喜欢在北京吃饺子和包子", "ខ្ញុំចូលចិត្តអានសៀវភៅ", "ရန်ကုန်မြို့ကိုသွားတယ်"];
        var expected = texts.Select(t => string.Join('|', Words(t))).ToArray();
        Parallel.For(0, 64, i =>
        {
            string text = texts[i % texts.Length];
            Assert.Equal(expected[i % texts.Length], string.Join('|', Words(text)));
        });
    }
}
