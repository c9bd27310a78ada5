using CsCheck;

namespace Mekong.Text.Tests;

public sealed class TermMatcherTests
{
    private static TermMatcher Build(params string[] terms) =>
        TermMatcher.Build(terms.Select((t, i) => new WatchedTerm(i + 1, t)));

    private static string[] Found(TermMatcher matcher, string text) =>
        matcher.FindAll(text).Select(m => text.Substring(m.Start, m.Length)).ToArray();

    [Theory]
    [InlineData("cunt", "Scunthorpe")]
    [InlineData("ass", "assess the class")]
    [InlineData("ass", "as")]
    [InlineData("shit", "finish it now")]
    [InlineData("shit", "shiitake")]
    [InlineData("ass", "a s s e s s")]
    [InlineData("傻逼", "傻，逼")]
    [InlineData("妈的", "我妈妈的手机")]
    [InlineData("日你", "生日你过得好吗")]
    [InlineData("操", "我们去操场")]
    [InlineData("แม่ง", "แม่งานบอกว่าเสร็จแล้ว")]
    [InlineData("เหี้ย", "ฆาตกรเหี้ยมโหด")]
    [InlineData("cặc", "các bạn")]
    [InlineData("địt", "đít")]
    [InlineData("dumbass", "dumb assessment")]
    public void Does_not_match_across_or_inside_words(string term, string text) =>
        Assert.Empty(Build(term).FindAll(text));

    [Theory]
    [InlineData("cunt", "you cunt", "cunt")]
    [InlineData("傻逼", "你是傻逼吗", "傻逼")]
    [InlineData("傻逼", "你是傻 逼吗", "傻 逼")]
    [InlineData("傻逼", "你是傻\u200B逼吗", "傻\u200B逼")]
    [InlineData("shit", "this is s.h.i.t!", "s.h.i.t")]
    [InlineData("shit", "SHIIIIT", "SHIIIIT")]
    [InlineData("fuck", "f,u,c,k you", "f,u,c,k")]
    [InlineData("ควาย", "ชาวนาเลี้ยงควายยักษ์", "ควาย")]
    [InlineData("son of a bitch", "you sonofabitch", "sonofabitch")]
    [InlineData("son of a bitch", "you son  of a   bitch!", "son  of a   bitch")]
    public void Matches_through_obfuscation_at_the_original_span(string term, string text, string expected) =>
        Assert.Equal([expected], Found(Build(term), text));

    [Fact]
    public void Wildcards_let_the_word_continue()
    {
        var matcher = Build("fuck*", "*shit");
        Assert.Equal(["fucking", "bullshit"], Found(matcher, "fucking bullshit"));
        Assert.Empty(matcher.FindAll("shitty motherfucker"));
    }

    [Fact]
    public void Substring_terms_match_inside_words()
    {
        var matcher = TermMatcher.Build([new WatchedTerm(7, "cunt", TermOptions.Substring)]);
        Assert.Equal([new TermMatch(7, 1, 4)], matcher.FindAll("Scunthorpe"));
    }

    [Fact]
    public void Unaccented_Vietnamese_is_opt_in()
    {
        var strict = TermMatcher.Build([new WatchedTerm(1, "địt mẹ")]);
        var lenient = TermMatcher.Build([new WatchedTerm(1, "địt mẹ", TermOptions.MatchUnaccented)]);
        Assert.Empty(strict.FindAll("dit me"));
        Assert.Single(lenient.FindAll("dit me"));
        Assert.Empty(lenient.FindAll("đít mẹ"));
    }

    [Fact]
    public void Reports_every_term_and_is_match_and_censor_agree()
    {
        var matcher = Build("idiot", "moron", "白痴");
        const string text = "You idiot, you m.o.r.o.n, 你这个白癡!";
        var matches = matcher.FindAll(text);
        Assert.Equal([1, 2, 3], matches.Select(m => m.TermId));
        Assert.True(matcher.IsMatch(text));
        Assert.False(matcher.IsMatch("You are kind."));
        Assert.Equal("You *****, you *********, 你这个**!", matcher.Censor(text));
    }

    [Fact]
    public void Bad_terms_are_refused_with_their_id()
    {
        var wildcardInside = Assert.Throws<ArgumentException>(() => TermMatcher.Build([new WatchedTerm(42, "sh*t")]));
        Assert.Contains("42", wildcardInside.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TermMatcher.Build([new WatchedTerm(43, "!!!")]));
        Assert.Empty(TermMatcher.Empty.FindAll("anything"));
    }

    [Fact]
    public void A_large_rule_set_compiles_into_one_automaton()
    {
        var terms = Enumerable.Range(0, 5000).Select(i => new WatchedTerm(i, "term" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x"));
        var matcher = TermMatcher.Build(terms);
        Assert.Equal(5000, matcher.TermCount);
        Assert.Equal([new TermMatch(4321, 4, 9)], matcher.FindAll("see term4321x here"));
    }

    [Fact]
    public void A_state_with_many_edges_follows_its_failure_links_like_any_other()
    {
        // "q" has 20 children, more than a linear scan covers: the automaton gives it a dense row with the failure
        // links resolved at build time. Substring terms make every position count.
        var wide = Enumerable.Range(0, 20).Select(i => new WatchedTerm(i, "q" + (char)('a' + i) + "w", TermOptions.Substring));
        var matcher = TermMatcher.Build([.. wide, new WatchedTerm(100, "ab", TermOptions.Substring), new WatchedTerm(101, "qz", TermOptions.Substring)]);

        Assert.Equal([new TermMatch(100, 2, 2)], matcher.FindAll("xqabx"));       // q → qa → (fail) a → ab
        Assert.Equal([new TermMatch(19, 1, 3)], matcher.FindAll("zqtwz"));
        Assert.Equal([new TermMatch(0, 2, 3)], matcher.FindAll("xyqaw"));
        Assert.Equal([new TermMatch(101, 2, 2), new TermMatch(0, 4, 3)], matcher.FindAll("kkqzqaw"));
        Assert.Empty(matcher.FindAll("qxw wqa quw"));
    }

    [Fact]
    public void Property_zero_width_characters_anywhere_inside_a_term_still_match()
    {
        string[] terms = ["shit", "asshole", "傻逼", "ไอ้ควาย", "bangsat", "ខ្ញុំ", "đồ ngu"];
        var matcher = Build(terms);
        string[] invisibles = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u202A", "\u2066"];
        var gen = Gen.Select(Gen.Int[0, terms.Length - 1], Gen.Int[0, 1000].Array[1, 4], Gen.Int[0, invisibles.Length - 1]);
        gen.Sample((termIndex, positions, invisible) =>
        {
            string term = terms[termIndex];
            var builder = new System.Text.StringBuilder(term);
            foreach (int p in positions.OrderDescending())
            {
                builder.Insert(1 + (p % (term.Length - 1)), invisibles[invisible]);
            }
            string variant = builder.ToString();
            string text = "<< " + variant + " >>";
            return matcher.FindAll(text).Any(m => m.TermId == termIndex + 1 && m.Start == 3 && m.Length == variant.Length);
        }, iter: 2000);
    }

    [Fact]
    public void Property_matches_lie_inside_the_text_and_censoring_masks_only_them()
    {
        var matcher = Build("shit", "ass", "傻逼", "ควาย", "bobo");
        var gen = Gen.String[Gen.Char["shitaob 傻逼ควาย.\u200B!1$"], 0, 30];
        gen.Sample(text =>
        {
            var matches = matcher.FindAll(text);
            string censored = matcher.Censor(text, '#');
            for (int i = 0; i < text.Length; i++)
            {
                bool inside = matches.Any(m => i >= m.Start && i < m.End);
                if (inside != (censored[i] == '#' && text[i] != '#'))
                {
                    return false;
                }
            }
            return matches.All(m => m.Start >= 0 && m.Length > 0 && m.End <= text.Length);
        }, iter: 3000);
    }
}
