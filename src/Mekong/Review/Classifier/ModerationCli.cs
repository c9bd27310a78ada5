using System.Diagnostics;
using System.Globalization;

namespace Mekong.Review.Classifier;

/// <summary>What the application plugs into the moderation commands: its segmenter, its rule engine, its database.</summary>
public sealed record ModerationCliSeams
{
    /// <summary>Tokenizer for the classifier's token n-grams; <see cref="DefaultTokenizer"/> when null.</summary>
    public Func<string, IEnumerable<string>>? Tokenize { get; init; }

    /// <summary>Folds text before character n-grams; none when null.</summary>
    public Func<string, string>? Normalize { get; init; }

    /// <summary>Names <see cref="Tokenize"/> and <see cref="Normalize"/> in the saved models.</summary>
    public string FeaturesName { get; init; } = DefaultTokenizer.Name;

    /// <summary>The rule engine for "rules only" when no --terms file is given: true when the rules would act on the text.</summary>
    public Func<string, bool>? Rules { get; init; }

    public string RulesName { get; init; } = "site rules";

    /// <summary>
    /// Compiles the terms of a --terms file (and the --terms-language) into the site's matcher. When given, eval
    /// reports it as "rules only" and the plain substring match of the same terms as the keyword peer beside it;
    /// when null, the substring match is the rules.
    /// </summary>
    public Func<IReadOnlyList<string>, string?, TermFileRules>? TermRules { get; init; }

    /// <summary>Reads the site's moderator decisions, for <c>moderation retrain</c>; null where there is no database.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<ModeratorDecision>>>? LoadDecisions { get; init; }

    /// <summary>Where models are written and read when --out or --model is not given.</summary>
    public string ModelDirectory { get; init; } = Path.Combine("data", "models");

    /// <summary>Fewest labels of each class a category needs to be retrained from decisions.</summary>
    public int MinimumPerClass { get; init; } = 10;

    /// <summary>Threshold of a category for the held-out figures of <c>moderation retrain</c>.</summary>
    public Func<string, double> Threshold { get; init; } = _ => 0.5;
}

/// <summary>
/// The command-line face of the classifier, callable without the web host:
/// <c>moderation train …</c> and <c>eval moderation …</c>. Returns 0 on success, 2 on bad usage or bad data.
/// </summary>
public static class ModerationCli
{
    public const string Usage = """
        usage:
          moderation train --data FILE.csv [--text-column text] [--label-column label] [--category abuse]
                           [--positive 1] [--negative 0] [--label-format values|spans] [--out data/models]
                           [--char-ngrams 3] [--word-ngrams 2] [--l2 X] [--iterations N]
                           [--balance true|false]
          moderation retrain [--data BASE.csv [column and label options]] [--out data/models] [--min-per-class 10]
                           [feature options as for train]
          eval moderation  --data FILE.csv [--train FILE.csv | --split 0.8 [--seed 42] | --model data/models]
                           [--terms FILE [--terms-language vi]] [--threshold 0.5|auto]
                           [column, label and feature options as for train]
        Labels: --positive/--negative take comma-separated values; --label-format spans reads a list of offsets
        (ViHOS: [] is clean), and is the default when the label column is named index_spans.
        --threshold auto picks the classifier's threshold for the best F1 on a held-out fifth of the training rows.
        --l2 auto lets ML.NET choose the regularization (faster training, a little less accurate here).
        retrain reads every approve/remove decision from the configured database (Database:Provider,
        ConnectionStrings:Mekong) as a label, measures on a held-out fifth, then trains on all and writes the models.
        --terms: one term per line, # comments; matched by the site's matcher, beside a plain substring match (peers).
        """;

    private static readonly string[] TrainOptions =
        ["data", "text-column", "label-column", "category", "positive", "negative", "label-format", "out", "char-ngrams", "word-ngrams", "l2", "iterations", "balance"];

    private static readonly string[] RetrainOptions = [.. TrainOptions, "min-per-class", "seed"];

    private static readonly string[] EvalOptions = [.. TrainOptions.Where(o => o != "out"), "train", "split", "seed", "model", "terms", "terms-language", "threshold"];

    /// <summary>True for the arguments of a moderation command (the application runs these instead of the web host).</summary>
    public static bool Handles(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0 && (args[0] == "moderation" || (args[0] == "eval" && args.Count > 1 && args[1] == "moderation"));
    }

    public static Task<int> RunAsync(string[] args, TextWriter output) => RunAsync(args, output, new ModerationCliSeams());

    public static async Task<int> RunAsync(string[] args, TextWriter output, ModerationCliSeams seams)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(seams);
        try
        {
            return args switch
            {
                ["moderation", "train", .. var rest] => await TrainAsync(Parse(rest, TrainOptions), output, seams),
                ["moderation", "retrain", .. var rest] => await RetrainAsync(Parse(rest, RetrainOptions), output, seams),
                ["eval", "moderation", .. var rest] => await EvalAsync(Parse(rest, EvalOptions), output, seams),
                _ => await FailAsync(output, "unknown command: " + string.Join(' ', args)),
            };
        }
        catch (UsageException e)
        {
            return await FailAsync(output, e.Message);
        }
    }

    private static async Task<int> TrainAsync(Dictionary<string, string> options, TextWriter output, ModerationCliSeams seams)
    {
        var clock = Stopwatch.StartNew();
        var dataPath = Required(options, "data");
        var spec = LabelSpec(options);
        var classifierOptions = Features(options, seams);
        var outDir = options.GetValueOrDefault("out", seams.ModelDirectory);

        var data = await LoadAsync(dataPath, spec, output);
        if (data is null)
        {
            return 2;
        }

        await WriteSummaryAsync(output, "training data", dataPath, data, spec.Category);
        var classifier = ModerationTrainer.Train(data, classifierOptions);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        classifier.Save(outDir);
        await output.WriteLineAsync(Invariant($"trained '{spec.Category}' in {trainSeconds:F1} s; wrote {ModerationClassifier.ModelPath(outDir, spec.Category)}"));
        return 0;
    }

    private static async Task<int> RetrainAsync(Dictionary<string, string> options, TextWriter output, ModerationCliSeams seams)
    {
        var clock = Stopwatch.StartNew();
        var classifierOptions = Features(options, seams);
        var outDir = options.GetValueOrDefault("out", seams.ModelDirectory);
        var minimum = (int)Number(options, "min-per-class", seams.MinimumPerClass, 2, 1_000_000);
        var seed = (int)Number(options, "seed", 42, int.MinValue, int.MaxValue);
        if (seams.LoadDecisions is null)
        {
            return await FailAsync(output, "retrain needs the site's database, and none is configured here");
        }

        IReadOnlyList<LabeledText> baseSet = [];
        if (options.TryGetValue("data", out var dataPath))
        {
            var spec = LabelSpec(options);
            var data = await LoadAsync(dataPath, spec, output);
            if (data is null)
            {
                return 2;
            }

            await WriteSummaryAsync(output, "base data", dataPath, data, spec.Category);
            baseSet = data;
        }

        var decisions = await seams.LoadDecisions(CancellationToken.None);
        await output.WriteLineAsync(Invariant($"decisions: {decisions.Count} approve/remove decisions ({decisions.Count(d => d.Removed)} removed, {decisions.Count(d => !d.Removed)} approved)"));
        var result = Retraining.Run(baseSet, decisions, classifierOptions, minimum, seams.Threshold, seed);
        foreach (var skip in result.Skipped)
        {
            await output.WriteLineAsync("left out " + skip);
        }

        if (result.Classifier is null)
        {
            return await RefuseAsync(output, "the labels", result.Problems);
        }

        await WriteRetrainingAsync(output, result);
        result.Classifier.Save(outDir);
        await output.WriteLineAsync(Invariant($"retrained {string.Join(", ", result.Classifier.Categories)} on {result.Rows} rows in {clock.Elapsed.TotalSeconds:F1} s; wrote {outDir}"));
        return 0;
    }

    /// <summary>The held-out figures of a retraining, one line per category.</summary>
    public static async Task WriteRetrainingAsync(TextWriter output, RetrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        await output.WriteLineAsync(Invariant($"{"held out",-12}{"rows",6}{"thresh",8}{"precision",10}{"recall",8}{"F1",8}{"AUC",8}{"TP",6}{"FP",6}{"FN",6}{"TN",6}"));
        foreach (var c in result.Categories)
        {
            var m = c.Metrics;
            await output.WriteLineAsync(Invariant(
                $"{c.Category,-12}{c.HeldOut,6}{c.Threshold,8:0.00}{m.Precision,10:0.000}{m.Recall,8:0.000}{m.F1,8:0.000}{c.RocAuc,8:0.000}{m.TruePositives,6}{m.FalsePositives,6}{m.FalseNegatives,6}{m.TrueNegatives,6}"));
        }
    }

    private static async Task<int> EvalAsync(Dictionary<string, string> options, TextWriter output, ModerationCliSeams seams)
    {
        var clock = Stopwatch.StartNew();
        var dataPath = Required(options, "data");
        var spec = LabelSpec(options);
        var classifierOptions = Features(options, seams);
        var autoThreshold = options.GetValueOrDefault("threshold") == "auto";
        var threshold = autoThreshold ? 0.5 : Number(options, "threshold", 0.5, 0, 1);
        var thresholdSource = autoThreshold ? "" : " (given)";
        if (new[] { "train", "split", "model" }.Count(options.ContainsKey) > 1)
        {
            throw new UsageException("give one of --train, --split and --model");
        }

        if (autoThreshold && !options.ContainsKey("train") && !options.ContainsKey("split"))
        {
            throw new UsageException("--threshold auto needs training rows to choose it on: give --train or --split");
        }

        var fraction = Number(options, "split", 0.8, 0.01, 0.99);
        var seed = (int)Number(options, "seed", 42, int.MinValue, int.MaxValue);

        var data = await LoadAsync(dataPath, spec, output);
        if (data is null)
        {
            return 2;
        }

        IReadOnlyList<LabeledText> test = data;
        ModerationClassifier classifier;
        string classifierSource;
        if (options.TryGetValue("train", out var trainPath))
        {
            var train = await LoadAsync(trainPath, spec, output);
            if (train is null)
            {
                return 2;
            }

            (classifier, threshold, thresholdSource) = Fit(train, classifierOptions, spec.Category, autoThreshold, seed, threshold, thresholdSource);
            classifierSource = Invariant($"trained on {trainPath} ({train.Count} rows) in {clock.Elapsed.TotalSeconds:F1} s");
        }
        else if (options.ContainsKey("split"))
        {
            var shuffled = data.ToArray();
            new Random(seed).Shuffle(shuffled);
            var cut = (int)Math.Round(shuffled.Length * fraction);
            var train = shuffled[..cut];
            test = shuffled[cut..];
            var problems = ModerationTrainer.Validate(train).Concat(ModerationTrainer.Validate(test)).ToList();
            if (problems.Count > 0)
            {
                return await RefuseAsync(output, dataPath + " after the split", problems);
            }

            (classifier, threshold, thresholdSource) = Fit(train, classifierOptions, spec.Category, autoThreshold, seed, threshold, thresholdSource);
            classifierSource = Invariant($"trained on {train.Length} rows of {dataPath} (split {fraction:0.##}, seed {seed}) in {clock.Elapsed.TotalSeconds:F1} s; evaluated on the other {test.Count}");
        }
        else
        {
            var modelDir = options.GetValueOrDefault("model", seams.ModelDirectory);
            try
            {
                classifier = ModerationClassifier.Load(modelDir, classifierOptions.Tokenize, classifierOptions.Normalize);
            }
            catch (FileNotFoundException e)
            {
                return await FailAsync(output, e.Message);
            }

            classifierSource = $"loaded from {modelDir}";
        }

        if (!classifier.Categories.Contains(spec.Category, StringComparer.Ordinal))
        {
            return await FailAsync(output, $"the classifier has no '{spec.Category}' model (has: {string.Join(", ", classifier.Categories)})");
        }

        Func<string, bool>? rules = seams.Rules;
        Func<string, bool>? peer = null;
        var rulesSource = seams.RulesName;
        var peerSource = "";
        if (options.TryGetValue("terms", out var termsPath))
        {
            if (!File.Exists(termsPath))
            {
                return await FailAsync(output, $"terms file not found: {termsPath}");
            }

            var keywords = KeywordRules.Load(termsPath);
            var substring = Invariant($"{keywords.Terms.Count} terms from {termsPath}, substring match after lower-casing");
            if (seams.TermRules is null)
            {
                rules = keywords.Matches;
                rulesSource = substring;
            }
            else
            {
                var language = options.GetValueOrDefault("terms-language");
                var site = seams.TermRules(KeywordRules.ReadTerms(termsPath), language);
                rules = site.Matches;
                rulesSource = Invariant($"{site.TermCount} terms from {termsPath}, {seams.RulesName}{(language is null ? "" : $" (language {language})")}");
                foreach (var refusal in site.Refused)
                {
                    rulesSource += Environment.NewLine + "  term left out: " + refusal;
                }

                peer = keywords.Matches;
                peerSource = substring;
            }
        }

        var scoreClock = Stopwatch.StartNew();
        var texts = test.Select(r => r.Text).ToList();
        var actual = test.Select(r => r.Labels[spec.Category]).ToList();
        var scores = classifier.ScoreMany(spec.Category, texts);
        var byClassifier = scores.Select(s => s >= threshold).ToList();
        var byRules = rules is null ? null : texts.Select(rules).ToList();
        var byPeer = peer is null ? null : texts.Select(peer).ToList();
        var scoreSeconds = scoreClock.Elapsed.TotalSeconds;

        var positives = actual.Count(a => a);
        await output.WriteLineAsync(Invariant($"eval moderation: category '{spec.Category}', {test.Count} rows ({positives} positive, {test.Count - positives} negative)"));
        await output.WriteLineAsync($"classifier: {classifierSource}");
        await output.WriteLineAsync(Invariant($"classifier: threshold {threshold:0.000}{thresholdSource}, ROC AUC {Metrics.RocAuc(actual, scores):0.000}"));
        await output.WriteLineAsync($"rules: {(rules is null ? "none (pass --terms FILE)" : rulesSource)}");
        if (byPeer is not null)
        {
            await output.WriteLineAsync($"keyword peer: {peerSource}");
        }

        await output.WriteLineAsync();

        var rows = new List<(string Name, Metrics Metrics)>();
        if (byPeer is not null)
        {
            rows.Add(("keyword peer", Metrics.From(actual, byPeer)));
        }

        if (byRules is not null)
        {
            rows.Add(("rules only", Metrics.From(actual, byRules)));
        }

        rows.Add(("classifier only", Metrics.From(actual, byClassifier)));
        if (byRules is not null)
        {
            rows.Add(("combined (either)", Metrics.From(actual, [.. byRules.Zip(byClassifier, (r, c) => r || c)])));
        }

        await output.WriteLineAsync(Invariant($"{"",-20}{"precision",10}{"recall",8}{"F1",8}{"accuracy",10}"));
        foreach (var (name, m) in rows)
        {
            await output.WriteLineAsync(Invariant($"{name,-20}{m.Precision,10:0.000}{m.Recall,8:0.000}{m.F1,8:0.000}{m.Accuracy,10:0.000}"));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("confusion matrices (rows: actual, columns: predicted)");
        foreach (var (name, m) in rows)
        {
            await output.WriteLineAsync(Invariant($"{name,-20}{"pred +",9}{"pred -",9}"));
            await output.WriteLineAsync(Invariant($"{"  actual +",-20}{m.TruePositives,9}{m.FalseNegatives,9}"));
            await output.WriteLineAsync(Invariant($"{"  actual -",-20}{m.FalsePositives,9}{m.TrueNegatives,9}"));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(Invariant($"scored {test.Count} rows in {scoreSeconds:F2} s; total {clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>
    /// Trains on all rows; with an automatic threshold, first trains on four fifths and picks the threshold with
    /// the best F1 on the fifth left out, so the evaluation data never influences it.
    /// </summary>
    private static (ModerationClassifier Classifier, double Threshold, string Source) Fit(
        IReadOnlyList<LabeledText> rows, ClassifierOptions options, string category, bool autoThreshold, int seed, double threshold, string source)
    {
        if (autoThreshold)
        {
            var shuffled = rows.ToArray();
            new Random(seed).Shuffle(shuffled);
            var cut = (int)Math.Round(shuffled.Length * 0.8);
            var (fit, held) = (shuffled[..cut], shuffled[cut..]);
            if (ModerationTrainer.Validate(fit).Count == 0 && ModerationTrainer.Validate(held).Count == 0)
            {
                var scores = ModerationTrainer.Train(fit, options).ScoreMany(category, [.. held.Select(r => r.Text)]);
                threshold = Metrics.BestF1Threshold([.. held.Select(r => r.Labels[category])], scores);
                source = Invariant($" (auto: best F1 on {held.Length} held-out training rows)");
            }
            else
            {
                source = " (auto impossible: a fifth of the training rows lacks a class; default)";
            }
        }

        return (ModerationTrainer.Train(rows, options), threshold, source);
    }

    private static async Task<IReadOnlyList<LabeledText>?> LoadAsync(string path, CsvLabelSpec spec, TextWriter output)
    {
        var data = ModerationCsv.Load(path, spec);
        var problems = data.IsValid ? ModerationTrainer.Validate(data.Rows) : data.Problems;
        if (problems.Count > 0)
        {
            await RefuseAsync(output, path, problems);
            return null;
        }

        return data.Rows;
    }

    private static async Task<int> RefuseAsync(TextWriter output, string source, IReadOnlyList<DataProblem> problems)
    {
        await output.WriteLineAsync($"refused {source}: nothing was trained or written.");
        foreach (var problem in problems)
        {
            await output.WriteLineAsync($"  {problem}");
        }

        return 2;
    }

    private static async Task WriteSummaryAsync(TextWriter output, string what, string path, IReadOnlyList<LabeledText> rows, string category)
    {
        var positives = rows.Count(r => r.Labels[category]);
        await output.WriteLineAsync(Invariant($"{what}: {path}, {rows.Count} rows ({positives} positive, {rows.Count - positives} negative) for '{category}'"));
    }

    private static async Task<int> FailAsync(TextWriter output, string message)
    {
        await output.WriteLineAsync(message);
        await output.WriteLineAsync(Usage);
        return 2;
    }

    private static CsvLabelSpec LabelSpec(Dictionary<string, string> options)
    {
        var labelColumn = options.GetValueOrDefault("label-column", "label");
        var format = options.GetValueOrDefault("label-format")
            ?? (string.Equals(labelColumn, "index_spans", StringComparison.OrdinalIgnoreCase) ? "spans" : "values");
        var category = options.GetValueOrDefault("category", ModerationCategories.Abuse);
        if (!ModerationCategories.IsKnown(category))
        {
            throw new UsageException($"unknown category '{category}' (known: {string.Join(", ", ModerationCategories.All)})");
        }

        return new CsvLabelSpec
        {
            TextColumn = options.GetValueOrDefault("text-column", "text"),
            LabelColumn = labelColumn,
            Category = category,
            PositiveValues = List(options.GetValueOrDefault("positive", "1")),
            NegativeValues = List(options.GetValueOrDefault("negative", "0")),
            Format = format switch
            {
                "values" => LabelFormat.Values,
                "spans" => LabelFormat.Spans,
                _ => throw new UsageException($"--label-format is values or spans, not '{format}'"),
            },
        };

        static string[] List(string value) => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    private static ClassifierOptions Features(Dictionary<string, string> options, ModerationCliSeams seams)
    {
        var defaults = new ClassifierOptions();
        return defaults with
        {
            CharNgramLength = (int)Number(options, "char-ngrams", defaults.CharNgramLength, 1, 6),
            WordNgramLength = (int)Number(options, "word-ngrams", defaults.WordNgramLength, 1, 4),
            L2Regularization = options.GetValueOrDefault("l2") switch
            {
                null => defaults.L2Regularization,
                "auto" => null,
                _ => (float)Number(options, "l2", 0, 0, 100),
            },
            MaximumIterations = options.ContainsKey("iterations") ? (int)Number(options, "iterations", 0, 1, 10_000) : defaults.MaximumIterations,
            BalanceClasses = options.GetValueOrDefault("balance") switch
            {
                null => defaults.BalanceClasses,
                "true" => true,
                "false" => false,
                var other => throw new UsageException($"--balance is true or false, not '{other}'"),
            },
            Tokenize = seams.Tokenize ?? defaults.Tokenize,
            Normalize = seams.Normalize ?? defaults.Normalize,
            FeaturesName = seams.FeaturesName,
        };
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new UsageException($"--{name} is required");

    private static double Number(Dictionary<string, string> options, string name, double fallback, double min, double max)
    {
        if (!options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException(Invariant($"--{name} must be a number from {min} to {max}, not '{text}'"));
    }

    private static Dictionary<string, string> Parse(string[] args, string[] allowed)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{args[i]}'");
            }

            var name = args[i][2..];
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw new UsageException($"unknown option --{name}");
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"--{name} needs a value");
            }

            if (!options.TryAdd(name, args[++i]))
            {
                throw new UsageException($"--{name} is given twice");
            }
        }

        return options;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class UsageException(string message) : Exception(message);
}
