using Mekong.Glossary;
using Mekong.Translation;

namespace Mekong.Tests.Translation;

/// <summary>The parts that need no server: placeholders, breaker, budget, fuzzy similarity, prompts, settings.</summary>
public sealed class TranslationUnitTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 25, 23, 59, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Placeholders_replace_matched_terms_and_restore_the_targets_preferred_term()
    {
        const string text = "กินส้มตำช่วงสงกรานต์ และส้มตำอีกจาน";
        var glossary = new TestGlossary();
        var matches = glossary.Match(text, "th");
        var constraints = glossary.Constraints(text, "th", "vi");

        var (protectedText, terms) = Placeholders.Protect(text, matches, constraints);

        Assert.Equal("กิน⟦0⟧ช่วง⟦1⟧ และ⟦2⟧อีกจาน", protectedText);
        Assert.Equal(["gỏi đu đủ", "Tết Té Nước", "gỏi đu đủ"], terms);
        Assert.Equal("ăn gỏi đu đủ dịp Tết Té Nước, thêm đĩa gỏi đu đủ ⟦9⟧", Placeholders.Restore("ăn ⟦ 0 ⟧ dịp ⟦1⟧, thêm đĩa ⟦2 ⟧ ⟦9⟧", terms));
    }

    [Fact]
    public void The_breaker_opens_refuses_then_lets_one_trial_through()
    {
        var time = new ManualTime();
        var breaker = new CircuitBreaker(() => 2, () => TimeSpan.FromSeconds(30), time);

        breaker.Failed();
        Assert.True(breaker.TryEnter());
        breaker.Failed();
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.TryEnter());

        time.Now += TimeSpan.FromSeconds(31);
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        Assert.True(breaker.TryEnter());
        Assert.False(breaker.TryEnter()); // one trial at a time
        breaker.Failed();
        Assert.Equal(CircuitState.Open, breaker.State); // the trial failed: open again

        time.Now += TimeSpan.FromSeconds(31);
        Assert.True(breaker.TryEnter());
        breaker.Succeeded();
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void The_daily_budget_starts_again_at_midnight_utc()
    {
        var time = new ManualTime();
        var budget = new DailyBudget(time);

        Assert.True(budget.TryTake(2));
        Assert.True(budget.TryTake(2));
        Assert.False(budget.TryTake(2));
        time.Now += TimeSpan.FromMinutes(2);
        Assert.True(budget.TryTake(2));
        Assert.True(new DailyBudget(time).TryTake(0)); // 0 = unlimited
    }

    [Theory]
    [InlineData("ตักบาตรข้าวเหนียวตอนเช้าตรู่ที่ถนนสีสว่างวงศ์", "ตักบาตรข้าวเหนียวตอนเช้าตรู่ที่ถนนสีสว่างวงศ์", 1.0, 1.0)]
    [InlineData("Đi chợ nổi Cái Răng lúc 5 giờ sáng", "đi chợ nổi Cái Răng lúc 5 giờ sáng nhé", 0.85, 0.99)]
    [InlineData("我们在北京吃饺子", "他们在上海喝咖啡", 0.0, 0.5)]
    public void Fuzzy_similarity_is_a_trigram_dice_coefficient(string a, string b, double min, double max)
    {
        Assert.InRange(FuzzyMatch.Similarity(a, b), min, max);
        Assert.Equal(FuzzyMatch.Similarity(a, b), FuzzyMatch.Similarity(b, a), 6);
    }

    [Fact]
    public void The_prompt_names_the_languages_the_constraints_and_insists_on_retry()
    {
        var constraint = new GlossaryConstraint("songkran", "สงกรานต์", "Tết Té Nước", ["lễ hội Songkran"], "April water festival");
        var request = new TranslationRequest("สงกรานต์", "th", "zh-Hans", [constraint], []);

        var prompt = OpenAiChatProvider.SystemPrompt(request);
        var insisting = OpenAiChatProvider.SystemPrompt(request with { Insist = true });

        Assert.Contains("from Thai (th) into Simplified Chinese (zh-Hans)", prompt, StringComparison.Ordinal);
        Assert.Contains("- translate \"สงกรานต์\" as \"Tết Té Nước\"; allowed: \"lễ hội Songkran\"; note: April water festival", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("IMPORTANT", prompt, StringComparison.Ordinal);
        Assert.Contains("IMPORTANT", insisting, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<think>The user wants Vietnamese.</think>\n\nTết Té Nước ở Chiang Mai", "Tết Té Nước ở Chiang Mai")]
    [InlineData("\"Tết Té Nước\"", "Tết Té Nước")]
    [InlineData("“泼水节”", "泼水节")]
    [InlineData("\"A\" and \"B\"", "\"A\" and \"B\"")]
    public void Chat_replies_lose_reasoning_blocks_and_wrapping_quotes(string reply, string expected) =>
        Assert.Equal(expected, OpenAiChatProvider.Clean(reply));

    [Fact]
    public void Long_texts_reach_the_model_in_paragraph_aligned_chunks()
    {
        var paragraphs = Enumerable.Range(0, 5).Select(i => new string((char)('ก' + i), 2500)).ToList();
        var text = string.Join("\n\n", paragraphs) + "\n\n" + new string('ข', 14_000);

        var chunks = OpenAiChatProvider.Chunks(text);

        Assert.All(chunks, c => Assert.InRange(c.Length, 1, OpenAiChatProvider.ChunkChars));
        Assert.Equal(text.Replace("\n\n", "", StringComparison.Ordinal), string.Concat(chunks).Replace("\n\n", "", StringComparison.Ordinal));
        Assert.Equal(paragraphs[0] + "\n\n" + paragraphs[1], chunks[0]);
        Assert.Single(OpenAiChatProvider.Chunks("สั้น"));
    }

    [Fact]
    public void Pair_overrides_fall_back_to_the_site_settings_and_bad_settings_are_named()
    {
        var options = new TranslationOptions { Provider = "openai", Endpoint = "http://127.0.0.1:8000/v1", Model = "qwen" };
        options.Pairs["th-vi"] = new PairOptions { Provider = "libretranslate", Endpoint = "http://127.0.0.1:5000" };
        options.Pairs["zh-Hans-en"] = new PairOptions { Model = "deepseek" };

        Assert.Equal(new ProviderSettings("libretranslate", "http://127.0.0.1:5000", "qwen", null), options.For("th", "vi"));
        Assert.Equal(new ProviderSettings("openai", "http://127.0.0.1:8000/v1", "deepseek", null), options.For("zh-Hans", "en"));
        Assert.Equal("openai", options.For("vi", "th").Provider);
        Assert.True(new TranslationOptionsValidator().Validate(null, options).Succeeded);

        options.Pairs["xx-vi"] = new PairOptions { Provider = "google" };
        var failure = new TranslationOptionsValidator().Validate(null, options);
        Assert.Contains(failure.Failures!, f => f.StartsWith("Translation:Pairs:xx-vi: name a pair", StringComparison.Ordinal));
        Assert.Contains(failure.Failures!, f => f.StartsWith("Translation:Pairs:xx-vi:Provider: 'google'", StringComparison.Ordinal));
    }
}
