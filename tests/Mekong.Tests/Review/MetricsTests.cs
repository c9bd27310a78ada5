using Mekong.Review.Classifier;

namespace Mekong.Tests.Review;

public sealed class MetricsTests
{
    [Fact]
    public void Counts_the_confusion_matrix_and_reads_precision_recall_and_f1_from_it()
    {
        bool[] actual = [true, true, true, true, false, false, false, false, false, false];
        bool[] predicted = [true, true, true, false, true, false, false, false, false, false];

        var metrics = Metrics.From(actual, predicted);

        Assert.Equal(new Metrics(TruePositives: 3, FalsePositives: 1, FalseNegatives: 1, TrueNegatives: 5), metrics);
        Assert.Equal(0.75, metrics.Precision, 6);
        Assert.Equal(0.75, metrics.Recall, 6);
        Assert.Equal(0.75, metrics.F1, 6);
        Assert.Equal(0.8, metrics.Accuracy, 6);
    }

    [Fact]
    public void Nothing_predicted_is_zero_not_a_division_error()
    {
        var metrics = Metrics.From([true, false], [false, false]);

        Assert.Equal(0, metrics.Precision);
        Assert.Equal(0, metrics.Recall);
        Assert.Equal(0, metrics.F1);
    }

    [Fact]
    public void Roc_auc_ranks_positives_over_negatives_and_counts_ties_half()
    {
        Assert.Equal(1.0, Metrics.RocAuc([false, true, false, true], [0.1f, 0.9f, 0.2f, 0.8f]), 6);
        Assert.Equal(0.0, Metrics.RocAuc([true, false], [0.1f, 0.9f]), 6);
        Assert.Equal(0.5, Metrics.RocAuc([true, false], [0.5f, 0.5f]), 6);
        Assert.Equal(0.75, Metrics.RocAuc([true, true, false, false], [0.9f, 0.3f, 0.5f, 0.1f]), 6);
    }
}

public sealed class ModerationThresholdsTests
{
    [Fact]
    public void A_site_threshold_per_category_overrides_the_default()
    {
        var thresholds = new ModerationThresholds
        {
            Default = 0.5f,
            PerCategory = new Dictionary<string, float> { [ModerationCategories.Spam] = 0.9f, [ModerationCategories.Hate] = 0.3f },
        };
        var scores = new Dictionary<string, float>
        {
            [ModerationCategories.Abuse] = 0.6f,
            [ModerationCategories.Spam] = 0.8f,
            [ModerationCategories.Hate] = 0.35f,
            [ModerationCategories.Sexual] = 0.1f,
        };

        Assert.Equal([ModerationCategories.Abuse, ModerationCategories.Hate], thresholds.Exceeded(scores));
        Assert.Equal(0.5f, thresholds.For(ModerationCategories.Sexual));
    }
}

public sealed class BestThresholdTests
{
    [Fact]
    public void The_best_f1_threshold_is_the_lowest_score_worth_flagging()
    {
        // Flagging at 0.4 catches all three positives for one false positive (F1 0.857); at 0.7, two for none (0.8).
        bool[] actual = [true, true, false, true, false, false];
        float[] scores = [0.9f, 0.7f, 0.6f, 0.4f, 0.3f, 0.1f];

        Assert.Equal(0.4, Metrics.BestF1Threshold(actual, scores), 6);
        Assert.Equal(0.5, Metrics.BestF1Threshold([false, false], [0.2f, 0.9f]), 6);
    }
}
