using Mekong.Accounts;
using Mekong.Platform.Http;

namespace Mekong.Review;

/// <summary>Screens what a member shows about themselves (display name and bio) like any other text they write.</summary>
public sealed class ProfileScreening(ContentScreen screen, ReviewQueue queue)
{
    /// <summary>
    /// False with errors when a rule blocks the profile. When the profile needs review it is queued; the item is saved
    /// with the caller's next save (the profile update, or the new account).
    /// </summary>
    public async Task<bool> CheckAsync(User user, Errors errors, CancellationToken ct = default)
    {
        var verdict = await screen.ScreenAsync(new ScreeningRequest(ContentKind.Profile, null, (user.ReadingLanguageList is [var first, ..] ? first : "und"), [user.DisplayName, user.Bio]), ct);
        if (verdict.Outcome == ScreeningOutcome.Reject)
        {
            errors.Add(verdict.Fields[0] != user.DisplayName || string.IsNullOrEmpty(user.Bio) ? "displayName" : "bio", verdict.AuthorMessage ?? "This text is not allowed here.");
            return false;
        }

        // Censoring masks a profile too; a profile is never "held" (it is the member), so hold means flag.
        user.DisplayName = verdict.Fields[0];
        user.Bio = verdict.Fields[1];
        if (verdict.NeedsReview)
        {
            await queue.EnqueueScreenedAsync(
                new ReviewedContent(ContentKind.Profile, user.Id, user.Id, null, "und", user.DisplayName + "\n\n" + user.Bio, $"/u/{user.Id}"),
                verdict with { Outcome = ScreeningOutcome.PublishAndFlag }, ct);
        }

        return true;
    }
}
