namespace Mekong.Review.Classifier;

/// <summary>Features and training settings of the moderation classifier.</summary>
public sealed record ClassifierOptions
{
    /// <summary>Character n-grams of every length from 1 up to this, over the lower-cased text.</summary>
    public int CharNgramLength { get; init; } = 3;

    /// <summary>Token n-grams of every length from 1 up to this, over <see cref="Tokenize"/>'s tokens.</summary>
    public int WordNgramLength { get; init; } = 2;

    /// <summary>
    /// SDCA's L2 penalty; null lets ML.NET pick it from the data. 1e-5 beat ML.NET's choice on held-out parts of
    /// the COLD and ViHOS training sets (F1 +0.02 and +0.005) at the cost of slower convergence.
    /// </summary>
    public float? L2Regularization { get; init; } = 1e-5f;

    /// <summary>SDCA passes over the data; null lets ML.NET decide (it stops early on convergence).</summary>
    public int? MaximumIterations { get; init; }

    /// <summary>
    /// Splits text into words for the token n-gram feature. The application passes its dictionary segmenter here;
    /// a saved model must be scored with the tokenizer it was trained with.
    /// </summary>
    public Func<string, IEnumerable<string>> Tokenize { get; init; } = DefaultTokenizer.Tokenize;

    /// <summary>
    /// Folds the text before its character n-grams are taken (the application passes its normalizer: width, case,
    /// invisible characters, Traditional→Simplified). Like <see cref="Tokenize"/>, part of the model.
    /// </summary>
    public Func<string, string> Normalize { get; init; } = static text => text;

    /// <summary>Names <see cref="Tokenize"/> and <see cref="Normalize"/> in the saved model's description, so a mismatch can be told.</summary>
    public string FeaturesName { get; init; } = DefaultTokenizer.Name;

    /// <summary>How much one moderator decision counts against one row of the base training set when retraining.</summary>
    public float DecisionWeight { get; init; } = 2f;

    /// <summary>Reweights each category's rows so that positives and negatives weigh the same in total.</summary>
    public bool BalanceClasses { get; init; }

    public int Seed { get; init; } = 1;
}
