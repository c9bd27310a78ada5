namespace Mekong.Review;

/// <summary>
/// What pre-screening decided for one piece of content: the outcome, why (stored with the item), the message the
/// author sees when it is rejected or held, the fields with censored spans masked, and tags rules added.
/// </summary>
public sealed record ScreeningVerdict(
    ScreeningOutcome Outcome,
    IReadOnlyList<string> Reasons,
    string? AuthorMessage,
    IReadOnlyList<string> Fields,
    IReadOnlyList<string> Tags,
    double Score)
{
    public static ScreeningVerdict Clean(IReadOnlyList<string> fields) => new(ScreeningOutcome.Publish, [], null, fields, [], 0);

    public bool NeedsReview => Outcome is ScreeningOutcome.PublishAndFlag or ScreeningOutcome.Hold;
}
