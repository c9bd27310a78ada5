using System.Globalization;

namespace Mekong.Review.Classifier;

/// <summary>A binary confusion matrix and the figures read from it. Undefined ratios (nothing predicted, nothing actual) are 0.</summary>
public sealed record Metrics(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    public int Total => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    public static Metrics From(IReadOnlyList<bool> actual, IReadOnlyList<bool> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{actual.Count} labels but {predicted.Count} predictions"), nameof(predicted));
        }

        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            switch ((actual[i], predicted[i]))
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (true, false): fn++; break;
                default: tn++; break;
            }
        }

        return new Metrics(tp, fp, fn, tn);
    }

    /// <summary>Area under the ROC curve: the chance a random positive scores above a random negative (ties count half).</summary>
    public static double RocAuc(IReadOnlyList<bool> actual, IReadOnlyList<float> scores)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(scores);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        long positives = 0;
        var k = 0;
        while (k < order.Length)
        {
            var end = k;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[k]])
            {
                end++;
            }

            var averageRank = (k + end + 2) / 2.0; // ranks are 1-based
            for (var j = k; j <= end; j++)
            {
                if (actual[order[j]])
                {
                    rankSum += averageRank;
                    positives++;
                }
            }

            k = end + 1;
        }

        var negatives = order.Length - positives;
        return positives == 0 || negatives == 0
            ? double.NaN
            : (rankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    /// <summary>The score threshold (predict positive at or above it) with the highest F1 on these rows; 0.5 when there is no positive.</summary>
    public static double BestF1Threshold(IReadOnlyList<bool> actual, IReadOnlyList<float> scores)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(scores);
        var positives = actual.Count(a => a);
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double best = 0, bestThreshold = 0.5;
        int tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (actual[order[k]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            // Only between distinct scores: every row scoring the same is on the same side of a threshold.
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]])
            {
                continue;
            }

            var f1 = 2.0 * tp / ((2.0 * tp) + fp + (positives - tp));
            if (tp > 0 && f1 > best)
            {
                (best, bestThreshold) = (f1, scores[order[k]]);
            }
        }

        return bestThreshold;
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
