using Microsoft.ML.Data;

namespace Mekong.Review.Classifier;

/// <summary>A row as the ML.NET pipeline sees it: raw text for character n-grams, pre-tokenized text for word n-grams.</summary>
internal sealed class ModelInput
{
    public string Text { get; set; } = "";

    /// <summary>Tokens joined by single spaces; computed outside the pipeline so any segmenter can be plugged in.</summary>
    public string Tokens { get; set; } = "";

    public bool Label { get; set; }

    public float Weight { get; set; } = 1f;
}

internal sealed class ModelOutput
{
    [ColumnName("Probability")]
    public float Probability { get; set; }
}
