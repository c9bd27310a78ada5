namespace Mekong.Review.Classifier;

/// <summary>
/// A site's score thresholds: a category's probability at or above its threshold means the classifier flags the
/// text for that category. Categories without their own threshold use <see cref="Default"/>.
/// </summary>
public sealed record ModerationThresholds
{
    public float Default { get; init; } = 0.5f;

    public IReadOnlyDictionary<string, float> PerCategory { get; init; } = new Dictionary<string, float>(StringComparer.Ordinal);

    public float For(string category) => PerCategory.TryGetValue(category, out var threshold) ? threshold : Default;

    /// <summary>The categories whose score reaches their threshold, highest score first.</summary>
    public IReadOnlyList<string> Exceeded(IReadOnlyDictionary<string, float> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return [.. scores.Where(s => s.Value >= For(s.Key)).OrderByDescending(s => s.Value).Select(s => s.Key)];
    }
}
