using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mekong.Review.Classifier;

/// <summary>What a category's model was trained on, saved beside the model as moderation-{category}.json.</summary>
public sealed record CategoryModelInfo(
    string Category,
    DateTimeOffset TrainedAt,
    int Rows,
    int Positives,
    int CharNgramLength,
    int WordNgramLength,
    double TrainingSeconds,
    string Features = DefaultTokenizer.Name);

internal sealed record CategoryModel(ITransformer Transformer, DataViewSchema InputSchema, CategoryModelInfo Info);

/// <summary>
/// Scores text per moderation category with trained models; immutable and safe to share between request threads.
/// Retraining makes a new instance, which the application swaps in whole.
/// </summary>
public sealed class ModerationClassifier
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly MLContext ml;
    private readonly Dictionary<string, CategoryModel> models;
    private readonly Func<string, IEnumerable<string>> tokenize;
    private readonly Func<string, string> normalize;

    // PredictionEngine is not thread-safe, so each scoring call rents a private set of engines (one per category)
    // and returns it. The bag keeps at most MaxPooled sets; a burst beyond that builds sets that are then dropped.
    private readonly ConcurrentBag<Dictionary<string, PredictionEngine<ModelInput, ModelOutput>>> pool = [];
    private readonly Lock createLock = new();
    private readonly int maxPooled = Math.Max(4, Environment.ProcessorCount * 2);
    private int pooled;

    internal ModerationClassifier(
        MLContext ml, Dictionary<string, CategoryModel> models, Func<string, IEnumerable<string>> tokenize, Func<string, string> normalize)
    {
        this.ml = ml;
        this.models = models;
        this.tokenize = tokenize;
        this.normalize = normalize;
        Categories = [.. models.Keys.Order(StringComparer.Ordinal)];
        Info = models.ToDictionary(m => m.Key, m => m.Value.Info, StringComparer.Ordinal);
    }

    /// <summary>The categories this classifier has a model for.</summary>
    public IReadOnlyList<string> Categories { get; }

    public IReadOnlyDictionary<string, CategoryModelInfo> Info { get; }

    /// <summary>The model file of a category in a models folder.</summary>
    public static string ModelPath(string directory, string category) => Path.Combine(directory, $"moderation-{category}.zip");

    /// <summary>True when the folder holds at least one category's model.</summary>
    public static bool Exists(string directory) =>
        ModerationCategories.All.Any(c => File.Exists(ModelPath(directory, c)));

    /// <summary>The probability (0..1) that the text belongs to each category this classifier knows.</summary>
    public IReadOnlyDictionary<string, float> Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var input = Input(text);
        var engines = Rent();
        try
        {
            var scores = new Dictionary<string, float>(engines.Count, StringComparer.Ordinal);
            foreach (var (category, engine) in engines)
            {
                scores[category] = engine.Predict(input).Probability;
            }

            return scores;
        }
        finally
        {
            Return(engines);
        }
    }

    /// <summary>Scores many texts for one category at once (a batch transform, faster than one call per text).</summary>
    public IReadOnlyList<float> ScoreMany(string category, IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (!models.TryGetValue(category, out var model))
        {
            throw new ArgumentException($"no model for category '{category}' (have: {string.Join(", ", Categories)})", nameof(category));
        }

        var inputs = texts.Select(Input);
        var scored = model.Transformer.Transform(ml.Data.LoadFromEnumerable(inputs, model.InputSchema));
        return [.. scored.GetColumn<float>("Probability")];
    }

    /// <summary>
    /// Writes moderation-{category}.zip and .json for every category into the folder. Each file is written beside
    /// its destination under a temporary name and moved into place only when all are written, so a failure leaves
    /// the previous models as they were.
    /// </summary>
    public void Save(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        var staged = new List<(string Temp, string Final)>();
        try
        {
            foreach (var (category, model) in models)
            {
                var zip = ModelPath(directory, category);
                var zipTemp = zip + ".tmp-" + Guid.NewGuid().ToString("N");
                staged.Add((zipTemp, zip));
                ml.Model.Save(model.Transformer, model.InputSchema, zipTemp);

                var json = Path.ChangeExtension(zip, ".json");
                var jsonTemp = json + ".tmp-" + Guid.NewGuid().ToString("N");
                staged.Add((jsonTemp, json));
                File.WriteAllText(jsonTemp, JsonSerializer.Serialize(model.Info, Json));
            }

            foreach (var (temp, final) in staged)
            {
                File.Move(temp, final, overwrite: true);
            }
        }
        finally
        {
            foreach (var (temp, _) in staged)
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Loads every category model found in the folder. <paramref name="tokenize"/> and <paramref name="normalize"/>
    /// must be those the models were trained with (<see cref="CategoryModelInfo.Features"/> names them); the default
    /// tokenizer and no normalization when null.
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder holds no moderation model.</exception>
    public static ModerationClassifier Load(
        string directory, Func<string, IEnumerable<string>>? tokenize = null, Func<string, string>? normalize = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var ml = new MLContext(1);
        var models = new Dictionary<string, CategoryModel>(StringComparer.Ordinal);
        foreach (var category in ModerationCategories.All)
        {
            var path = ModelPath(directory, category);
            if (!File.Exists(path))
            {
                continue;
            }

            var transformer = ml.Model.Load(path, out var schema);
            var jsonPath = Path.ChangeExtension(path, ".json");
            var info = File.Exists(jsonPath)
                ? JsonSerializer.Deserialize<CategoryModelInfo>(File.ReadAllText(jsonPath), Json)
                : null;
            models[category] = new CategoryModel(transformer, schema, info ?? new CategoryModelInfo(category, File.GetLastWriteTimeUtc(path), 0, 0, 0, 0, 0));
        }

        if (models.Count == 0)
        {
            throw new FileNotFoundException(
                $"No moderation model in {Path.GetFullPath(directory)}: train one with `moderation train --data FILE --out {directory}`.");
        }

        return new ModerationClassifier(ml, models, tokenize ?? DefaultTokenizer.Tokenize, normalize ?? (static text => text));
    }

    private ModelInput Input(string text) => new() { Text = normalize(text), Tokens = string.Join(' ', tokenize(text)) };

    private Dictionary<string, PredictionEngine<ModelInput, ModelOutput>> Rent()
    {
        if (pool.TryTake(out var engines))
        {
            Interlocked.Decrement(ref pooled);
            return engines;
        }

        // Building engines touches the shared MLContext, which is not documented as thread-safe; it happens only
        // while the pool warms up, so a lock costs nothing in steady state.
        lock (createLock)
        {
            return models.ToDictionary(
                m => m.Key,
                m => ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(m.Value.Transformer, m.Value.InputSchema),
                StringComparer.Ordinal);
        }
    }

    private void Return(Dictionary<string, PredictionEngine<ModelInput, ModelOutput>> engines)
    {
        if (Interlocked.Increment(ref pooled) <= maxPooled)
        {
            pool.Add(engines);
        }
        else
        {
            Interlocked.Decrement(ref pooled);
            foreach (var engine in engines.Values)
            {
                engine.Dispose();
            }
        }
    }
}
