using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;

namespace Mekong.Review.Classifier;

/// <summary>A moderator's decision on an item, which retraining uses as a label.</summary>
/// <param name="Text">The item's text.</param>
/// <param name="Removed">True for remove, false for approve.</param>
/// <param name="Category">
/// The category the removal was for; null counts as <see cref="ModerationCategories.Abuse"/>. An approval is a
/// negative for every category.
/// </param>
public sealed record ModeratorDecision(string Text, bool Removed, string? Category = null);

/// <summary>
/// Trains the moderation classifier in-process with ML.NET.
/// </summary>
/// <remarks>
/// One binary model per category rather than one multi-label model: the categories overlap (hate is usually also
/// abuse), so a multiclass model that makes them compete is wrong; ML.NET has no multi-label trainer; and labels
/// arrive per category (a data set labels only hate, a moderator removes a post as spam), so each model trains on
/// exactly the rows that were judged for it and can be retrained, thresholded and replaced on its own. The cost is
/// featurizing the text once per category, which is small next to training.
/// Features: character 1..n-grams of the lower-cased text (they carry the signal in unspaced scripts and survive
/// misspelling) concatenated with token 1..m-grams from a pluggable tokenizer, each L2-normalized; the learner is
/// SDCA logistic regression, whose outputs are calibrated probabilities.
/// </remarks>
public static class ModerationTrainer
{
    /// <summary>Every reason the rows cannot be trained on: no rows, empty texts, unknown categories, a category without both classes.</summary>
    public static IReadOnlyList<DataProblem> Validate(IReadOnlyList<LabeledText> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var problems = new List<DataProblem>();
        if (rows.Count == 0)
        {
            problems.Add(new DataProblem(0, "no training rows"));
            return problems;
        }

        var counts = new Dictionary<string, (int Positive, int Negative)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (string.IsNullOrWhiteSpace(row.Text))
            {
                problems.Add(new DataProblem(row.Line, "text is empty"));
            }

            if (row.Labels.Count == 0)
            {
                problems.Add(new DataProblem(row.Line, "the row has no label for any category"));
            }

            if (!(row.Weight > 0f) || float.IsInfinity(row.Weight))
            {
                problems.Add(new DataProblem(row.Line, string.Create(CultureInfo.InvariantCulture, $"weight {row.Weight} is not a positive number")));
            }

            foreach (var (category, positive) in row.Labels)
            {
                if (!ModerationCategories.IsKnown(category))
                {
                    problems.Add(new DataProblem(row.Line, $"unknown category '{category}' (known: {string.Join(", ", ModerationCategories.All)})"));
                    continue;
                }

                var (p, n) = counts.GetValueOrDefault(category);
                counts[category] = positive ? (p + 1, n) : (p, n + 1);
            }
        }

        foreach (var (category, (positive, negative)) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (positive == 0)
            {
                problems.Add(new DataProblem(0, string.Create(CultureInfo.InvariantCulture, $"category '{category}' has no positive rows ({negative} negative): a model cannot learn what it never sees")));
            }

            if (negative == 0)
            {
                problems.Add(new DataProblem(0, string.Create(CultureInfo.InvariantCulture, $"category '{category}' has no negative rows ({positive} positive): a model cannot learn what it never sees")));
            }
        }

        return problems;
    }

    /// <summary>
    /// Trains one model for every category that the rows are labeled for. Validates first and throws
    /// <see cref="InvalidTrainingDataException"/> before any training; writes nothing (save the result yourself).
    /// </summary>
    public static ModerationClassifier Train(IReadOnlyList<LabeledText> rows, ClassifierOptions? options = null)
    {
        options ??= new ClassifierOptions();
        var problems = Validate(rows);
        if (problems.Count > 0)
        {
            throw new InvalidTrainingDataException(problems);
        }

        var ml = new MLContext(options.Seed);
        var categories = rows.SelectMany(r => r.Labels.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // Normalize and tokenize once; every category's model reuses the features' inputs.
        var texts = rows.Select(r => options.Normalize(r.Text)).ToArray();
        var tokens = rows.Select(r => string.Join(' ', options.Tokenize(r.Text))).ToArray();
        var models = new Dictionary<string, CategoryModel>(StringComparer.Ordinal);
        foreach (var category in categories)
        {
            var clock = Stopwatch.StartNew();
            var inputs = new List<ModelInput>();
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].Labels.TryGetValue(category, out var positive))
                {
                    inputs.Add(new ModelInput { Text = texts[i], Tokens = tokens[i], Label = positive, Weight = rows[i].Weight });
                }
            }

            if (options.BalanceClasses)
            {
                // Each class weighs as much in total as the other: a rare class is not drowned by the common one.
                var positives = inputs.Where(x => x.Label).Sum(x => x.Weight);
                var negatives = inputs.Where(x => !x.Label).Sum(x => x.Weight);
                foreach (var input in inputs)
                {
                    input.Weight *= input.Label ? (positives + negatives) / (2 * positives) : (positives + negatives) / (2 * negatives);
                }
            }

            var data = ml.Data.LoadFromEnumerable(inputs);
            var transformer = Pipeline(ml, options).Fit(data);
            var info = new CategoryModelInfo(
                category,
                DateTimeOffset.UtcNow,
                inputs.Count,
                inputs.Count(x => x.Label),
                options.CharNgramLength,
                options.WordNgramLength,
                clock.Elapsed.TotalSeconds,
                options.FeaturesName);
            models[category] = new CategoryModel(transformer, data.Schema, info);
        }

        return new ModerationClassifier(ml, models, options.Tokenize, options.Normalize);
    }

    /// <summary>
    /// Retrains on the base set plus the site's own moderator decisions. A decision overrides base rows with the
    /// same text (the site's judgement is the one that matters there), a later decision on the same text overrides
    /// an earlier one, and each decision counts <see cref="ClassifierOptions.DecisionWeight"/> times a base row.
    /// </summary>
    public static ModerationClassifier Retrain(
        IReadOnlyList<LabeledText> baseSet, IEnumerable<ModeratorDecision> decisions, ClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseSet);
        ArgumentNullException.ThrowIfNull(decisions);
        options ??= new ClassifierOptions();
        return Train(Merge(baseSet, decisions, options.DecisionWeight), options);
    }

    /// <summary>The rows <see cref="Retrain"/> trains on.</summary>
    public static IReadOnlyList<LabeledText> Merge(IReadOnlyList<LabeledText> baseSet, IEnumerable<ModeratorDecision> decisions, float decisionWeight)
    {
        ArgumentNullException.ThrowIfNull(baseSet);
        ArgumentNullException.ThrowIfNull(decisions);
        var decided = decisions.ToList();

        // An approval is a negative for every category in play: the base set's and those the site removes for.
        var categories = baseSet.SelectMany(r => r.Labels.Keys)
            .Concat(decided.Where(d => d.Removed).Select(d => d.Category ?? ModerationCategories.Abuse))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var byText = new Dictionary<string, LabeledText>(StringComparer.Ordinal);
        foreach (var decision in decided)
        {
            var key = decision.Text.Trim();
            Dictionary<string, bool> labels;
            if (decision.Removed)
            {
                labels = new(StringComparer.Ordinal) { [decision.Category ?? ModerationCategories.Abuse] = true };
            }
            else
            {
                labels = categories.Count > 0
                    ? categories.ToDictionary(c => c, _ => false, StringComparer.Ordinal)
                    : new(StringComparer.Ordinal) { [ModerationCategories.Abuse] = false };
            }

            byText[key] = new LabeledText(decision.Text, labels, 0, decisionWeight);
        }

        var merged = baseSet.Where(r => !byText.ContainsKey(r.Text.Trim())).ToList();
        merged.AddRange(byText.Values);
        return merged;
    }

    private static EstimatorChain<ITransformer> Pipeline(MLContext ml, ClassifierOptions options)
    {
        var chars = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = true, // Vietnamese: ma, má, mà, mả, mã, mạ are different words
            KeepPunctuations = true,
            KeepNumbers = true,
            WordFeatureExtractor = null,
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = options.CharNgramLength, UseAllLengths = true },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var words = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = true,
            KeepPunctuations = true,
            KeepNumbers = true,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = options.WordNgramLength, UseAllLengths = true },
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var sdca = new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(ModelInput.Label),
            FeatureColumnName = "Features",
            ExampleWeightColumnName = nameof(ModelInput.Weight),
            L2Regularization = options.L2Regularization,
            MaximumNumberOfIterations = options.MaximumIterations,
        };
        return ml.Transforms.Text.FeaturizeText("CharGrams", chars, nameof(ModelInput.Text))
            .Append(ml.Transforms.Text.FeaturizeText("WordGrams", words, nameof(ModelInput.Tokens)))
            .Append(ml.Transforms.Concatenate("Features", "CharGrams", "WordGrams"))
            .Append<ITransformer>(ml.BinaryClassification.Trainers.SdcaLogisticRegression(sdca));
    }
}
