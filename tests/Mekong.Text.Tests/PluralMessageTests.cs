using System.Globalization;

namespace Mekong.Text.Tests;

/// <summary>CLDR plural categories for the 11 platform languages and the MessageFormat-style plural subset.</summary>
public sealed class PluralMessageTests
{
    private const string Members = "{count, plural, one {# member} other {# members}}";

    // Categories for 0, 1, 2, 5, 21 (CLDR 32, as ICU4N ships it).
    [Theory]
    [InlineData("en", "other", "one", "other", "other", "other")]
    [InlineData("fil", "one", "one", "one", "one", "one")]
    [InlineData("th", "other", "other", "other", "other", "other")]
    [InlineData("vi", "other", "other", "other", "other", "other")]
    [InlineData("id", "other", "other", "other", "other", "other")]
    [InlineData("ms", "other", "other", "other", "other", "other")]
    [InlineData("km", "other", "other", "other", "other", "other")]
    [InlineData("lo", "other", "other", "other", "other", "other")]
    [InlineData("my", "other", "other", "other", "other", "other")]
    [InlineData("zh-Hans", "other", "other", "other", "other", "other")]
    [InlineData("zh-Hant", "other", "other", "other", "other", "other")]
    public void Each_language_has_its_cldr_categories(string language, string zero, string one, string two, string five, string twentyOne)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        Assert.Equal([zero, one, two, five, twentyOne], new long[] { 0, 1, 2, 5, 21 }.Select(n => PluralMessage.Category(n, culture)));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(9)]
    [InlineData(14)]
    [InlineData(26)]
    public void Filipino_counts_ending_in_4_6_or_9_are_other(long count) =>
        Assert.Equal("other", PluralMessage.Category(count, CultureInfo.GetCultureInfo("fil")));

    [Theory]
    [InlineData("en", 1, "1 member")]
    [InlineData("en", 0, "0 members")]
    [InlineData("en", 2, "2 members")]
    [InlineData("en", 1234, "1,234 members")]
    [InlineData("zh-Hans", 1, "1 members")] // Chinese has only "other": the translation writes one branch
    public void Counts_pick_their_branch_and_are_formatted_in_the_culture(string language, long count, string expected) =>
        Assert.Equal(expected, PluralMessage.Format(Members, count, CultureInfo.GetCultureInfo(language)));

    [Fact]
    public void Translations_with_one_branch_exact_matches_and_text_around_work()
    {
        Assert.Equal("成员 5 人", PluralMessage.Format("成员 {count, plural, other {# 人}}", 5, CultureInfo.GetCultureInfo("zh-Hans")));
        Assert.Equal("No comments yet", PluralMessage.Format("{count, plural, =0 {No comments yet} one {# comment} other {# comments}}", 0, CultureInfo.GetCultureInfo("en")));
        Assert.Equal("2 miyembro", PluralMessage.Format("{count, plural, one {# miyembro} other {# na miyembro}}", 2, CultureInfo.GetCultureInfo("fil")));
        Assert.Equal("4 na miyembro", PluralMessage.Format("{count, plural, one {# miyembro} other {# na miyembro}}", 4, CultureInfo.GetCultureInfo("fil")));
        Assert.Equal("Comments (3)", PluralMessage.Format("Comments ({count})", 3, CultureInfo.GetCultureInfo("en")));
        Assert.Equal("Used {0} of 1 time", PluralMessage.Format("{count, plural, one {Used {0} of # time} other {Used {0} of # times}}", 1, CultureInfo.GetCultureInfo("en")));
    }

    [Theory]
    [InlineData("{count, plural, one {# member}}")] // no "other"
    [InlineData("{count, plural, one {# member} other {# members}")] // unclosed
    [InlineData("{count, select, a {x} other {y}}")] // not a plural
    public void A_malformed_pattern_comes_back_as_written(string pattern) =>
        Assert.Equal(pattern, PluralMessage.Format(pattern, 2, CultureInfo.GetCultureInfo("en")));
}
