namespace Mekong.Text.Tests;

public sealed class ScriptLanguageTests
{
    [Theory]
    [InlineData("สวัสดีครับ", "th")]
    [InlineData("ສະບາຍດີ", "lo")]
    [InlineData("សួស្តី", "km")]
    [InlineData("မင်္ဂလာပါ", "my")]
    [InlineData("Hello สวัสดีครับ เพื่อน", "th")]
    [InlineData("Xin chào", null)]
    [InlineData("你好", null)]
    [InlineData("12345 !!", null)]
    public void Detects_single_script_languages(string text, string? expected) =>
        Assert.Equal(expected, ScriptLanguage.DetectSingleScriptLanguage(text));
}
