using Mekong.Glossary;
using Mekong.Platform;

namespace Mekong.Tests.Glossary;

/// <summary>The shipped glossary and the matching behind translation constraints, on the starter data in memory.</summary>
public sealed class GlossaryMatchingTests
{
    private static readonly GlossarySnapshot Starter = new(1, StarterGlossary.Load().Select(c => new GlossaryConceptView(
        c.Id, c.Category, c.Note, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1,
        [.. c.Terms.Select(t => new GlossaryTermView(t.Language, t.Preferred, t.Allowed))])));

    [Fact]
    public void Starter_glossary_has_at_least_60_concepts_each_in_all_11_languages_and_every_category()
    {
        var concepts = StarterGlossary.Load();

        Assert.True(concepts.Count >= 60, $"{concepts.Count} concepts");
        Assert.All(concepts, c => Assert.Equal(
            Languages.Platform.Select(l => l.Code).Order(StringComparer.Ordinal),
            c.Terms.Select(t => t.Language).Order(StringComparer.Ordinal)));
        Assert.All(concepts, c => Assert.False(string.IsNullOrWhiteSpace(c.Note), c.Id));
        Assert.Equal(Enum.GetValues<GlossaryCategory>().Order(), concepts.Select(c => c.Category).Distinct().Order());
        Assert.Equal(concepts.Count, concepts.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void No_form_belongs_to_two_concepts_in_the_same_language()
    {
        var owners = new Dictionary<(string, string), string>();
        foreach (var concept in StarterGlossary.Load())
        {
            foreach (var (language, preferred, allowed) in concept.Terms)
            {
                foreach (var form in allowed.Prepend(preferred))
                {
                    var key = (language, Mekong.Text.TextNormalizer.Basic.NormalizeToString(form));
                    Assert.True(!owners.TryGetValue(key, out var other) || other == concept.Id, $"{language} '{form}': {other} and {concept.Id}");
                    owners[key] = concept.Id;
                }
            }
        }
    }

    [Fact]
    public void Finds_a_thai_term_inside_unspaced_thai_text_with_original_offsets()
    {
        const string Text = "ปีนี้พวกเราจะไปเล่นสงกรานต์ที่เชียงใหม่แล้วกินข้าวเหนียวมะม่วง";

        var matches = Starter.Match(Text, "th");

        var songkran = Assert.Single(matches, m => m.ConceptId == "water-new-year");
        Assert.Equal("สงกรานต์", songkran.Term);
        Assert.Equal(Text.IndexOf("สงกรานต์", StringComparison.Ordinal), songkran.Start);
        Assert.Contains(matches, m => m.ConceptId == "sticky-rice" && m.Term == "ข้าวเหนียว");
    }

    [Fact]
    public void Finds_chinese_terms_inside_a_sentence_and_traditional_text_matches_too()
    {
        const string Simplified = "今年春节我们全家一起包饺子，还给孩子们发红包。";
        const string Traditional = "今年春節我們全家一起包餃子，還給孩子們發紅包。";

        var simplified = Starter.Match(Simplified, "zh-Hans").Select(m => m.ConceptId).ToList();
        Assert.Equal(["spring-festival", "jiaozi", "red-envelope"], simplified);
        Assert.Equal(simplified, Starter.Match(Traditional, "zh-Hant").Select(m => m.ConceptId));

        // Traditional characters in a post labelled Simplified still match (Hant→Hans folding), at the original offsets.
        var folded = Starter.Match(Traditional, "zh-Hans");
        Assert.Equal(simplified, folded.Select(m => m.ConceptId));
        Assert.Equal("春節", folded[0].Term);
    }

    [Fact]
    public void Longest_leftmost_term_wins_and_case_does_not_matter()
    {
        var matches = Starter.Match("Chúc mừng TẾT NGUYÊN ĐÁN và Tết Trung Thu!", "vi");

        Assert.Equal(["spring-festival", "mid-autumn-festival"], matches.Select(m => m.ConceptId));
        Assert.Equal("TẾT NGUYÊN ĐÁN", matches[0].Term);
        Assert.Empty(Starter.Match("The Tetris world cup", "en"));
        Assert.Empty(Starter.Match("สงกรานต์", "xx"));
    }

    [Fact]
    public void Constraints_give_the_target_language_terms_of_concepts_found_in_the_source()
    {
        var constraints = Starter.Constraints("我们去湄公河边的夜市吃榴莲。", "zh-Hans", "th");

        Assert.Equal(["mekong-river", "night-market", "durian"], constraints.Select(c => c.ConceptId));
        var mekong = constraints[0];
        Assert.Equal("湄公河", mekong.SourceTerm);
        Assert.Equal("แม่น้ำโขง", mekong.TargetPreferred);
        Assert.Contains("แม่โขง", mekong.TargetAllowed);
        Assert.NotNull(mekong.Note);
        Assert.Empty(Starter.Constraints("Nothing cultural here.", "en", "th"));
    }

    [Fact]
    public void Missing_lists_concepts_whose_target_forms_are_absent_with_folding()
    {
        var constraints = Starter.Constraints("Happy Lunar New Year! Don't forget the red envelopes.", "en", "zh-Hans");
        Assert.Equal(["spring-festival", "red-envelope"], constraints.Select(c => c.ConceptId));

        Assert.Empty(GlossaryText.Missing("新年快乐！春节别忘了红包。", constraints));
        Assert.Empty(GlossaryText.Missing("新年快樂！農曆新年別忘了壓歲錢。", constraints)); // Traditional folds to Simplified
        Assert.Equal(["red-envelope"], GlossaryText.Missing("春节快乐！别忘了钱。", constraints));

        var vi = Starter.Constraints("Lunar New Year at the night market", "en", "vi");
        Assert.Empty(GlossaryText.Missing("TẾT ở CHỢ ĐÊM", vi)); // case folding
        Assert.Equal(["spring-festival"], GlossaryText.Missing("Tếtx ở chợ đêm", vi)); // not inside a longer word
        var en = Starter.Constraints("ตรุษจีน", "th", "en");
        Assert.Empty(GlossaryText.Missing("ＬＵＮＡＲ ＮＥＷ ＹＥＡＲ", en)); // width folding
    }
}
