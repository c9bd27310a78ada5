using Mekong.Review;
using Mekong.Review.Classifier;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mekong.Tests.Review;

/// <summary>Retraining from decisions, the application's text features and term rules, and the hot-swapping adapter.</summary>
public sealed class ClassifierRetrainingTests : IDisposable
{
    private readonly string directory = TempDirectory.Create();

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Retraining_reports_held_out_figures_per_category_and_returns_a_model_trained_on_all_rows()
    {
        var decisions = Decisions(removed: 12, approved: 12);

        var result = Retraining.Run([], decisions, new ClassifierOptions(), minimumPerClass: 10, _ => 0.5);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        var abuse = Assert.Single(result.Categories);
        Assert.Equal((ModerationCategories.Abuse, 24, 12), (abuse.Category, abuse.Rows, abuse.Positives));
        Assert.Equal(4, abuse.HeldOut); // a fifth of each class, rounded: 2 × round(2.4)
        Assert.Equal(4, abuse.Metrics.Total);
        Assert.Equal(24, result.Classifier!.Info[ModerationCategories.Abuse].Rows);
        Assert.True(result.Classifier.Score("what a zorblax you are, friend")[ModerationCategories.Abuse] > 0.5f);
    }

    [Fact]
    public void Retraining_refuses_too_few_labels_or_one_class_and_names_the_counts()
    {
        var none = Retraining.Run([], [], new ClassifierOptions(), 10, _ => 0.5);
        var few = Retraining.Run([], Decisions(removed: 3, approved: 30), new ClassifierOptions(), 10, _ => 0.5);
        var oneClass = Retraining.Run([], Decisions(removed: 0, approved: 30), new ClassifierOptions(), 10, _ => 0.5);

        Assert.Null(none.Classifier);
        Assert.StartsWith("no labels: no moderator has approved or removed an item yet", Assert.Single(none.Problems).Message, StringComparison.Ordinal);
        Assert.Null(few.Classifier);
        Assert.Equal(
            "too few labels for any category: abuse: 3 positive (removed) and 30 negative (approved) labels; at least 10 of each are needed",
            Assert.Single(few.Problems).Message);
        Assert.Null(oneClass.Classifier);
        Assert.Contains("abuse: 0 positive (removed) and 30 negative", Assert.Single(oneClass.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_category_without_enough_labels_is_left_out_and_the_others_retrained()
    {
        var decisions = Decisions(12, 12).Concat([new ModeratorDecision("buy followers at shop99", true, ModerationCategories.Spam)]).ToList();

        var result = Retraining.Run([], decisions, new ClassifierOptions(), 10, _ => 0.5);

        Assert.Equal([ModerationCategories.Abuse], result.Classifier!.Categories);
        Assert.StartsWith("spam: 1 positive (removed) and 12 negative (approved)", Assert.Single(result.Skipped), StringComparison.Ordinal);
    }

    [Fact]
    public void The_held_out_split_keeps_every_class_on_both_sides_and_is_deterministic()
    {
        var rows = ModerationTrainer.Merge([], Decisions(7, 3), 1f);

        var (train, heldOut) = Retraining.Split(rows, seed: 5);
        var again = Retraining.Split(rows, seed: 5);

        Assert.Equal(10, train.Count + heldOut.Count);
        Assert.Equal((1, 1), (heldOut.Count(r => r.Labels[ModerationCategories.Abuse]), heldOut.Count(r => !r.Labels[ModerationCategories.Abuse])));
        Assert.Equal(heldOut.Select(r => r.Text), again.HeldOut.Select(r => r.Text));
    }

    [Theory]
    [InlineData("report: Spam\nreport: Spam\nreport: Harassment", ModerationCategories.Spam)]
    [InlineData("report: Hate", ModerationCategories.Hate)]
    [InlineData("classifier sexual 0.91 ≥ flag 0.80", ModerationCategories.Sexual)]
    [InlineData("rule flag \"idiot\": insult\nreport: Harassment", ModerationCategories.Abuse)]
    [InlineData("", ModerationCategories.Abuse)]
    public void A_removal_is_labeled_with_the_category_its_reasons_name_most(string reasons, string category) =>
        Assert.Equal(category, DecisionLabels.CategoryOf(reasons));

    [Fact]
    public void The_site_features_fold_the_text_and_split_unspaced_scripts_on_dictionary_words()
    {
        Assert.Equal("你是傻逼吗 abc", SiteTextFeatures.Normalize("你是傻逼嗎 ＡＢＣ"));
        // The zero-width space is gone before segmenting (傻逼 is not in ICU's dictionary, so it is two words).
        Assert.Equal(["你是", "傻", "逼", "吗"], SiteTextFeatures.Tokenize("你是傻\u200B逼吗"));
        Assert.Contains("ฉัน", SiteTextFeatures.Tokenize("ฉันชอบกินข้าว"));
        Assert.Equal(["hello", "world"], SiteTextFeatures.Tokenize("HELLO, Ｗorld!"));
    }

    [Fact]
    public void Term_rules_catch_obfuscated_terms_on_word_boundaries_where_substrings_do_not()
    {
        var terms = new[] { "傻逼", "ass", "địt" };
        var site = TermFileRules.Build(terms, "vi");
        var substring = new KeywordRules(terms);

        Assert.Equal(3, site.TermCount);
        Assert.True(site.Matches("你是傻 逼吗"));
        Assert.False(substring.Matches("你是傻 逼吗"));
        Assert.True(site.Matches("đ.ị.t"));
        Assert.True(site.Matches("d.i.t")); // typed without diacritics (Vietnamese terms), and dotted
        Assert.False(site.Matches("an assessment of the class"));
        Assert.True(substring.Matches("an assessment of the class"));
    }

    [Fact]
    public void A_term_the_matcher_cannot_compile_is_left_out_with_the_reason()
    {
        var site = TermFileRules.Build(["ok", "b*d"]);

        Assert.Equal(1, site.TermCount);
        Assert.StartsWith("'b*d':", Assert.Single(site.Refused), StringComparison.Ordinal);
    }

    [Fact]
    public void The_site_classifier_is_not_ready_without_models_and_loads_them_when_they_appear()
    {
        var models = Path.Combine(directory, "models");
        var site = Site(models);
        Assert.False(site.IsReady);
        Assert.Empty(site.Score("anything"));

        ModerationTrainer.Train(SyntheticModerationData.Training(), SiteTextFeatures.Apply(new ClassifierOptions())).Save(models);
        site.Reload();

        Assert.NotNull(site.Current);
        Assert.Equal(SiteTextFeatures.Name, site.Current.Classifier.Info[ModerationCategories.Abuse].Features);
        Assert.True(site.Score("大家都说你是傻逼")[ModerationCategories.Abuse] > 0.5f);
        Assert.True(Site(models).IsReady); // a new instance (a restart) loads them at once
    }

    [Fact]
    public void A_swap_replaces_the_classifier_in_use_and_removed_models_make_it_not_ready()
    {
        var models = Path.Combine(directory, "models");
        var first = ModerationTrainer.Train(SyntheticModerationData.Training());
        first.Save(models);
        var site = Site(models);
        var loaded = site.Current;
        var second = ModerationTrainer.Train(SyntheticModerationData.Training(ModerationCategories.Spam));
        second.Save(models);

        site.Swap(second);

        Assert.NotSame(loaded, site.Current);
        Assert.Same(second, site.Current!.Classifier);
        site.Reload(); // the files are those of the swapped classifier: nothing to reload
        Assert.Same(second, site.Current!.Classifier);

        Directory.Delete(models, recursive: true);
        site.Reload();
        Assert.Null(site.Current);
    }

    [Fact]
    public void Models_trained_without_the_site_features_are_scored_with_the_default_ones()
    {
        var models = Path.Combine(directory, "models");
        var trained = ModerationTrainer.Train(SyntheticModerationData.Training());
        trained.Save(models);

        var site = Site(models);

        Assert.Equal(trained.Score("你真是个傻逼")[ModerationCategories.Abuse], site.Score("你真是个傻逼")[ModerationCategories.Abuse], 5);
    }

    private static SiteClassifier Site(string models) =>
        new(Options.Create(new ClassifierSettings { ModelDirectory = models, ReloadSeconds = 3600 }), NullLogger<SiteClassifier>.Instance, TimeProvider.System);

    private static List<ModeratorDecision> Decisions(int removed, int approved) =>
    [
        .. Enumerable.Range(0, removed).Select(i => new ModeratorDecision($"what a zorblax you are, number {i}", Removed: true)),
        .. Enumerable.Range(0, approved).Select(i => new ModeratorDecision($"what a lovely garden you have, number {i}", Removed: false)),
    ];
}
