namespace Mekong.Review.Classifier;

/// <summary>The categories the learned classifier scores; each has its own model file.</summary>
public static class ModerationCategories
{
    public const string Abuse = "abuse";
    public const string Hate = "hate";
    public const string Sexual = "sexual";
    public const string Spam = "spam";

    public static IReadOnlyList<string> All { get; } = [Abuse, Hate, Sexual, Spam];

    /// <summary>True for one of <see cref="All"/>; names are matched exactly (lower case), since they become file names.</summary>
    public static bool IsKnown(string category) => All.Contains(category, StringComparer.Ordinal);
}
