using Mekong.Review.Classifier;

namespace Mekong.Tests.Review;

/// <summary>One classifier trained on the synthetic set, shared by the tests that only score.</summary>
public sealed class TrainedClassifier
{
    public ModerationClassifier Classifier { get; } = ModerationTrainer.Train(SyntheticModerationData.Training());
}

public sealed class ClassifierTests(TrainedClassifier trained) : IClassFixture<TrainedClassifier>
{
    private static readonly string[] Probes =
    [
        "大家都说你是傻逼", "ทุกคนบอกว่าคุณเป็นครู", "ai cũng bảo mày là óc chó", "everyone says you are a friend",
        "semua bilang kamu bodoh", "sabi nila ikaw ay mabait", "", "a text about nothing in particular 123",
    ];

    [Fact]
    public void Learns_a_separable_problem_in_six_languages()
    {
        var classifier = trained.Classifier;
        var positives = SyntheticModerationData.HeldOutPositives().Select(t => classifier.Score(t)[ModerationCategories.Abuse]).ToList();
        var negatives = SyntheticModerationData.HeldOutNegatives().Select(t => classifier.Score(t)[ModerationCategories.Abuse]).ToList();

        Assert.Equal([ModerationCategories.Abuse], classifier.Categories);
        Assert.All(positives, p => Assert.InRange(p, 0.5f, 1f));
        Assert.All(negatives, n => Assert.InRange(n, 0f, 0.5f));
        Assert.True(positives.Min() > negatives.Max(), $"lowest positive {positives.Min()} ≤ highest negative {negatives.Max()}");
    }

    [Fact]
    public void Batch_scores_equal_single_scores()
    {
        var batch = trained.Classifier.ScoreMany(ModerationCategories.Abuse, Probes);

        Assert.Equal(Probes.Select(p => trained.Classifier.Score(p)[ModerationCategories.Abuse]), batch, (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void A_saved_model_loads_back_with_the_same_scores_and_no_stray_files()
    {
        var directory = TempDirectory.Create();
        try
        {
            trained.Classifier.Save(directory);
            var loaded = ModerationClassifier.Load(directory);

            Assert.Equal(["moderation-abuse.json", "moderation-abuse.zip"], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(trained.Classifier.Categories, loaded.Categories);
            Assert.Equal(432, loaded.Info[ModerationCategories.Abuse].Rows);
            Assert.Equal(216, loaded.Info[ModerationCategories.Abuse].Positives);
            foreach (var probe in Probes)
            {
                Assert.Equal(trained.Classifier.Score(probe)[ModerationCategories.Abuse], loaded.Score(probe)[ModerationCategories.Abuse], 6);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Loading_a_folder_without_models_says_how_to_make_one()
    {
        var directory = TempDirectory.Create();
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => ModerationClassifier.Load(directory));

            Assert.Contains("No moderation model", error.Message, StringComparison.Ordinal);
            Assert.Contains("moderation train", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Scoring_from_many_threads_at_once_gives_the_single_threaded_scores()
    {
        var classifier = trained.Classifier;
        var texts = SyntheticModerationData.HeldOutPositives().Concat(SyntheticModerationData.HeldOutNegatives()).Concat(Probes).ToArray();
        var expected = texts.Select(t => classifier.Score(t)[ModerationCategories.Abuse]).ToArray();
        var start = new ManualResetEventSlim();
        var mismatches = 0;

        var workers = Enumerable.Range(0, 16).Select(worker => Task.Factory.StartNew(
            () =>
            {
                start.Wait(TestContext.Current.CancellationToken);
                for (var round = 0; round < 50; round++)
                {
                    var i = (worker * 7 + round) % texts.Length;
                    if (classifier.Score(texts[i])[ModerationCategories.Abuse] != expected[i])
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        start.Set();
        await Task.WhenAll(workers);

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Each_category_learns_only_from_rows_labeled_for_it()
    {
        var rows = SyntheticModerationData.Training();
        rows.AddRange(Enumerable.Range(0, 40).Select(i => LabeledText.For(ModerationCategories.Spam, $"buy cheap watches now at shop{i}.example", true)));
        rows.AddRange(Enumerable.Range(0, 40).Select(i => LabeledText.For(ModerationCategories.Spam, $"we met at the market on day {i}", false)));

        var classifier = ModerationTrainer.Train(rows);
        var scores = classifier.Score("buy cheap watches now at shop99.example");

        Assert.Equal([ModerationCategories.Abuse, ModerationCategories.Spam], classifier.Categories);
        Assert.Equal(432, classifier.Info[ModerationCategories.Abuse].Rows);
        Assert.Equal(80, classifier.Info[ModerationCategories.Spam].Rows);
        Assert.True(scores[ModerationCategories.Spam] > 0.5f, $"spam {scores[ModerationCategories.Spam]}");
    }

    [Fact]
    public void Retraining_on_moderator_decisions_learns_the_sites_own_slang()
    {
        const string NewSlang = "you are a total zorblax, go away";
        var baseSet = SyntheticModerationData.Training();
        var before = trained.Classifier.Score(NewSlang)[ModerationCategories.Abuse];
        var decisions = Enumerable.Range(0, 30).Select(i => new ModeratorDecision($"what a zorblax you are, number {i}", Removed: true))
            .Concat(Enumerable.Range(0, 30).Select(i => new ModeratorDecision($"what a lovely garden you have, number {i}", Removed: false)));

        var retrained = ModerationTrainer.Retrain(baseSet, decisions);
        var after = retrained.Score(NewSlang)[ModerationCategories.Abuse];

        Assert.True(after > 0.5f && after > before, $"before {before}, after {after}");
    }

    [Fact]
    public void A_decision_overrides_the_base_row_with_the_same_text_and_counts_more()
    {
        var baseSet = new List<LabeledText>
        {
            LabeledText.For(ModerationCategories.Abuse, "you are such a teacher", false),
            LabeledText.For(ModerationCategories.Abuse, "you are such an idiot", true),
        };
        var decisions = new[]
        {
            new ModeratorDecision(" you are such a teacher ", Removed: true, ModerationCategories.Abuse),
            new ModeratorDecision("buy followers here", Removed: true, ModerationCategories.Spam),
            new ModeratorDecision("buy followers here", Removed: false),
        };

        var merged = ModerationTrainer.Merge(baseSet, decisions, decisionWeight: 3f);

        Assert.Equal(3, merged.Count);
        var teacher = Assert.Single(merged, r => r.Text.Contains("teacher", StringComparison.Ordinal));
        Assert.True(teacher.Labels[ModerationCategories.Abuse]);
        Assert.Equal(3f, teacher.Weight);
        var approved = Assert.Single(merged, r => r.Text == "buy followers here");

        // The later approval wins, and is a negative for every category in play: the base set's and those removed for.
        Assert.Equal(new Dictionary<string, bool> { [ModerationCategories.Abuse] = false, [ModerationCategories.Spam] = false }, approved.Labels);
    }

    [Fact]
    public void Training_refuses_rows_that_cannot_make_a_model()
    {
        var onlyPositive = new[] { LabeledText.For(ModerationCategories.Abuse, "idiot", true, line: 2) };
        var unknown = new[] { LabeledText.For("politics", "vote", true, line: 7), LabeledText.For("politics", "lunch", false, line: 8) };
        var empty = new[] { LabeledText.For(ModerationCategories.Abuse, "  ", true, line: 4), LabeledText.For(ModerationCategories.Abuse, "hello", false) };

        Assert.Equal("no training rows", Assert.Single(ModerationTrainer.Validate([])).Message);
        Assert.StartsWith("category 'abuse' has no negative rows (1 positive)", Assert.Single(ModerationTrainer.Validate(onlyPositive)).Message, StringComparison.Ordinal);
        Assert.Equal("line 7: unknown category 'politics' (known: abuse, hate, sexual, spam)", ModerationTrainer.Validate(unknown)[0].ToString());
        Assert.Equal("line 4: text is empty", ModerationTrainer.Validate(empty)[0].ToString());
        var refused = Assert.Throws<InvalidTrainingDataException>(() => ModerationTrainer.Train(onlyPositive));
        Assert.Contains("no negative rows", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_tokenizer_splits_spaced_words_and_pairs_unspaced_characters()
    {
        Assert.Equal(["hello", "wörld", "42"], DefaultTokenizer.Tokenize("Hello, WÖRLD! 42"));
        Assert.Equal(["你是", "是傻", "傻逼", "吗"], DefaultTokenizer.Tokenize("你是傻逼？吗"));
        Assert.Equal(["ฉัน", "ชอ", "อบ"], DefaultTokenizer.Tokenize("ฉัน ชอบ"));
        Assert.Equal(["mày", "là", "đồ", "ngu", "傻逼"], DefaultTokenizer.Tokenize("Mày là ĐỒ NGU 傻逼"));
        Assert.Empty(DefaultTokenizer.Tokenize("!!! 😀"));
    }
}

internal static class TempDirectory
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), "mekong-classifier-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
