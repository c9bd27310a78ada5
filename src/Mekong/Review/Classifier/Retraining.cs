using System.Globalization;

namespace Mekong.Review.Classifier;

/// <summary>How one category's retrained model did on the rows held out from its training.</summary>
/// <param name="Category">The category.</param>
/// <param name="Rows">Rows labeled for the category (base set and decisions).</param>
/// <param name="Positives">Of which positive.</param>
/// <param name="HeldOut">Rows held out to measure the model; the final model is then trained on every row.</param>
/// <param name="Threshold">The score from which the held-out figures count a text as positive (the site's flag threshold).</param>
/// <param name="Metrics">The held-out confusion matrix at <paramref name="Threshold"/>.</param>
/// <param name="RocAuc">The held-out ROC AUC (NaN when a held-out class is empty).</param>
public sealed record CategoryRetraining(string Category, int Rows, int Positives, int HeldOut, double Threshold, Metrics Metrics, double RocAuc);

/// <summary>What retraining did: the new classifier (null when refused), the figures, and why categories were left out.</summary>
public sealed record RetrainingResult(
    ModerationClassifier? Classifier,
    int Decisions,
    int Rows,
    IReadOnlyList<CategoryRetraining> Categories,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<DataProblem> Problems)
{
    public bool Succeeded => Classifier is not null;
}

/// <summary>
/// Retraining from the site's own moderator decisions (optionally on top of a base training set): merges the labels,
/// keeps the categories with enough labels of both classes, measures a model on a stratified held-out part, then
/// trains the model it returns on every row. Writes nothing; the caller saves and swaps the result.
/// </summary>
public static class Retraining
{
    /// <summary>The fraction of each class held out to measure the retrained model.</summary>
    public const double HeldOutFraction = 0.2;

    public static RetrainingResult Run(
        IReadOnlyList<LabeledText> baseSet,
        IReadOnlyList<ModeratorDecision> decisions,
        ClassifierOptions options,
        int minimumPerClass,
        Func<string, double> threshold,
        int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(baseSet);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(threshold);
        minimumPerClass = Math.Max(2, minimumPerClass);
        var merged = ModerationTrainer.Merge(baseSet, decisions, options.DecisionWeight);

        var counts = merged.SelectMany(r => r.Labels)
            .GroupBy(l => l.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Positive: g.Count(l => l.Value), Negative: g.Count(l => !l.Value)), StringComparer.Ordinal);
        var kept = counts.Where(c => c.Value.Positive >= minimumPerClass && c.Value.Negative >= minimumPerClass)
            .Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        var skipped = counts.Where(c => !kept.Contains(c.Key, StringComparer.Ordinal)).OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => Invariant($"{c.Key}: {c.Value.Positive} positive (removed) and {c.Value.Negative} negative (approved) labels; at least {minimumPerClass} of each are needed"))
            .ToList();
        if (kept.Count == 0)
        {
            var problem = counts.Count == 0
                ? Invariant($"no labels: no moderator has approved or removed an item yet (at least {minimumPerClass} removed and {minimumPerClass} approved items are needed)")
                : "too few labels for any category: " + string.Join("; ", skipped);
            return new RetrainingResult(null, decisions.Count, merged.Count, [], skipped, [new DataProblem(0, problem)]);
        }

        var rows = merged
            .Select(r => r with { Labels = r.Labels.Where(l => kept.Contains(l.Key, StringComparer.Ordinal)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal) })
            .Where(r => r.Labels.Count > 0)
            .ToList();
        var problems = ModerationTrainer.Validate(rows);
        if (problems.Count > 0)
        {
            return new RetrainingResult(null, decisions.Count, rows.Count, [], skipped, problems);
        }

        var (train, heldOut) = Split(rows, seed);
        var probe = ModerationTrainer.Train(train, options);
        var reports = new List<CategoryRetraining>();
        foreach (var category in kept)
        {
            var test = heldOut.Where(r => r.Labels.ContainsKey(category)).ToList();
            var actual = test.Select(r => r.Labels[category]).ToList();
            var scores = probe.ScoreMany(category, [.. test.Select(r => r.Text)]);
            var at = threshold(category);
            reports.Add(new CategoryRetraining(
                category,
                rows.Count(r => r.Labels.ContainsKey(category)),
                rows.Count(r => r.Labels.TryGetValue(category, out var p) && p),
                test.Count,
                at,
                Metrics.From(actual, [.. scores.Select(s => s >= at)]),
                Metrics.RocAuc(actual, scores)));
        }

        return new RetrainingResult(ModerationTrainer.Train(rows, options), decisions.Count, rows.Count, reports, skipped, []);
    }

    /// <summary>
    /// Holds out <see cref="HeldOutFraction"/> of every group of rows with the same labels (at least one of each
    /// group of two or more), so every class of every category is in both parts.
    /// </summary>
    public static (List<LabeledText> Train, List<LabeledText> HeldOut) Split(IReadOnlyList<LabeledText> rows, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var random = new Random(seed);
        var train = new List<LabeledText>();
        var heldOut = new List<LabeledText>();
        var groups = rows.GroupBy(r => string.Join(',', r.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + (l.Value ? "1" : "0"))), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var members = group.ToArray();
            random.Shuffle(members);
            var take = members.Length < 2 ? 0 : Math.Max(1, (int)Math.Round(members.Length * HeldOutFraction));
            heldOut.AddRange(members[..take]);
            train.AddRange(members[take..]);
        }

        return (train, heldOut);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
