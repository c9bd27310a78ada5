using Mekong.Accounts;
using Mekong.Audit;
using Mekong.Notifications;
using Mekong.Platform.Content;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Posts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Review;

/// <summary>The content an item is about, as it stands now.</summary>
public sealed record ReviewedContent(ContentKind Kind, Guid Id, Guid AuthorId, Guid? CommunityId, string Language, string Text, string? Link);

/// <summary>
/// The human side of review: reports, the queue, decisions and appeals. Every change is written to the audit log
/// in the same transaction, and every decision tells the author the rule and the guidelines.
/// </summary>
public sealed class ReviewQueue(MekongDb db, AuditLog audit, Notifier notifier, MarkdownRenderer markdown, UserManager<User> users, TimeProvider clock)
{
    public const string GuidelinesLink = "/guidelines";

    public const string DecisionsLink = "/decisions";

    /// <summary>Finds reviewable content by kind and id; null when it does not exist.</summary>
    public async Task<ReviewedContent?> FindContentAsync(ContentKind kind, Guid id, CancellationToken ct = default)
    {
        switch (kind)
        {
            case ContentKind.Post:
                var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.DeletedAt == null, ct);
                return post is null ? null : new(kind, post.Id, post.AuthorId, post.CommunityId, post.Language, post.Title + "\n\n" + post.Body, $"/p/{post.Id}");
            case ContentKind.Comment:
                var comment = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, ct);
                if (comment is null)
                {
                    return null;
                }

                var communityId = await db.Posts.Where(p => p.Id == comment.PostId).Select(p => (Guid?)p.CommunityId).FirstOrDefaultAsync(ct);
                return new(kind, comment.Id, comment.AuthorId, communityId, comment.Language, comment.Body, $"/p/{comment.PostId}#c-{comment.Id}");
            default:
                var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
                return user is null ? null : new(kind, user.Id, user.Id, null, Platform.Languages.Undetermined, user.DisplayName + "\n\n" + user.Bio, $"/u/{user.Id}");
        }
    }

    /// <summary>Puts screened content in the queue (flagged or held). Saved with the caller's changes.</summary>
    public async Task EnqueueScreenedAsync(ReviewedContent content, ScreeningVerdict verdict, CancellationToken ct = default)
    {
        var item = await ItemForAsync(content, ReviewSource.Screening, ct);
        item.Screened(verdict.Outcome, verdict.Reasons, verdict.Score, clock.GetUtcNow());
    }

    /// <summary>Records a member's report; false when the member already reported this content.</summary>
    public async Task<(Report? Report, string? Refusal)> ReportAsync(ReviewedContent content, Guid reporterId, ReportReason reason, string note, CancellationToken ct = default)
    {
        if (content.AuthorId == reporterId)
        {
            return (null, "You cannot report your own content.");
        }

        var now = clock.GetUtcNow();
        var hourAgo = now.AddHours(-1);
        if (await db.Reports.CountAsync(r => r.ReporterId == reporterId && r.CreatedAt > hourAgo, ct) >= ReviewLimits.ReportsPerHour)
        {
            return (null, $"At most {ReviewLimits.ReportsPerHour} reports an hour; thank you — try again later.");
        }

        var item = await ItemForAsync(content, ReviewSource.Report, ct);
        if (await db.Reports.AnyAsync(r => r.ReviewItemId == item.Id && r.ReporterId == reporterId, ct))
        {
            return (null, "You already reported this.");
        }

        item.Reported(reason, now);
        var report = new Report(item.Id, reporterId, reason, note, now);
        db.Reports.Add(report);
        await audit.AppendAsync(reporterId, "report.create", Subject(content), $"{reason}: {note}", ct: ct);
        return (report, null);
    }

    /// <summary>Applies a moderator's decision to the item's content and author. Null with errors when invalid.</summary>
    public async Task<Decision?> DecideAsync(ReviewItem item, Guid moderatorId, DecisionAction action, int? days, string rule, string note, string? editedText, Errors errors, CancellationToken ct = default)
    {
        if (action == DecisionAction.Silence && days is not (>= 1 and <= ReviewLimits.MaxSilenceDays))
        {
            errors.Add("days", $"Silence for 1 to {ReviewLimits.MaxSilenceDays} days.");
        }

        if (action == DecisionAction.EditAndApprove && string.IsNullOrWhiteSpace(editedText))
        {
            errors.Add("editedText", "Edit-and-approve needs the edited text.");
        }

        if (action == DecisionAction.EditAndApprove && item.Kind == ContentKind.Profile)
        {
            errors.Add("action", "Profiles are approved or removed, not edited.");
        }

        if (string.IsNullOrWhiteSpace(rule) && action != DecisionAction.Approve)
        {
            errors.Add("rule", "Name the rule or guideline applied; the author is shown it.");
        }

        if (errors.Any)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var before = await StateAsync(item, ct);
        switch (action)
        {
            case DecisionAction.Approve:
                await SetContentStateAsync(item, ModerationState.Published, ct);
                break;
            case DecisionAction.EditAndApprove:
                await ReplaceTextAsync(item, editedText!, ct);
                await SetContentStateAsync(item, ModerationState.Published, ct);
                break;
            case DecisionAction.Remove:
            case DecisionAction.Warn:
                await SetContentStateAsync(item, ModerationState.Removed, ct);
                break;
            case DecisionAction.Silence:
                await SetContentStateAsync(item, ModerationState.Removed, ct);
                await SanctionAsync(item.AuthorId, silenceUntil: now.AddDays(days!.Value), suspend: false);
                break;
            case DecisionAction.Suspend:
                await SetContentStateAsync(item, ModerationState.Removed, ct);
                await SanctionAsync(item.AuthorId, silenceUntil: null, suspend: true);
                break;
        }

        item.Resolve(now);
        var decision = new Decision(item.Id, moderatorId, item.AuthorId, action, action == DecisionAction.Silence ? days : null, rule.Trim(), note.Trim(), now);
        db.Decisions.Add(decision);
        notifier.Notify(item.AuthorId, NotificationKinds.ModerationDecision, DecisionsLink, DecisionArgs(decision));
        await audit.AppendAsync(moderatorId, "decision." + action.ToString().ToLowerInvariant(), $"{item.Kind.ToString().ToLowerInvariant()}:{item.ContentId}",
            rule, before, await StateAsync(item, ct), ct);
        return decision;
    }

    /// <summary>The author's one appeal of a decision.</summary>
    public async Task<(Appeal? Appeal, string? Refusal)> AppealAsync(Decision decision, Guid authorId, string statement, CancellationToken ct = default)
    {
        if (decision.AuthorId != authorId)
        {
            return (null, "Only the author of the content appeals a decision about it.");
        }

        if (decision.Action == DecisionAction.Approve)
        {
            return (null, "Approved content needs no appeal.");
        }

        if (await db.Appeals.AnyAsync(a => a.DecisionId == decision.Id, ct))
        {
            return (null, "Each decision can be appealed once, and this one has been.");
        }

        var appeal = new Appeal(decision.Id, authorId, statement.Trim(), clock.GetUtcNow());
        db.Appeals.Add(appeal);
        await audit.AppendAsync(authorId, "appeal.create", $"decision:{decision.Id}", statement, ct: ct);
        return (appeal, null);
    }

    /// <summary>A different moderator upholds or overturns; overturning restores the content and lifts sanctions.</summary>
    public async Task<string?> DecideAppealAsync(Appeal appeal, Guid moderatorId, bool overturn, string outcome, CancellationToken ct = default)
    {
        if (appeal.Status != AppealStatus.Pending)
        {
            return "This appeal has been decided.";
        }

        var decision = await db.Decisions.FirstAsync(d => d.Id == appeal.DecisionId, ct);
        if (decision.ModeratorId == moderatorId)
        {
            return "A different moderator must decide the appeal of your own decision.";
        }

        var item = await db.ReviewItems.FirstAsync(i => i.Id == decision.ReviewItemId, ct);
        var before = await StateAsync(item, ct);
        if (overturn)
        {
            await SetContentStateAsync(item, ModerationState.Published, ct);
            if (decision.Action is DecisionAction.Silence or DecisionAction.Suspend)
            {
                await LiftSanctionsAsync(item.AuthorId);
            }
        }

        appeal.Decide(overturn, moderatorId, outcome.Trim(), clock.GetUtcNow());
        notifier.Notify(appeal.AuthorId, NotificationKinds.ModerationAppeal, GuidelinesLink,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["outcome"] = overturn ? "accepted" : "declined", ["note"] = outcome.Trim() });
        await audit.AppendAsync(moderatorId, overturn ? "appeal.overturn" : "appeal.uphold", $"decision:{decision.Id}", outcome,
            before, await StateAsync(item, ct), ct);
        return null;
    }

    public static string Subject(ReviewedContent content) => $"{content.Kind.ToString().ToLowerInvariant()}:{content.Id}";

    /// <summary>What the author's notification says, as parameters (rendered in their language when read).</summary>
    private static Dictionary<string, string> DecisionArgs(Decision d) => new(StringComparer.Ordinal)
    {
        ["action"] = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(d.Action.ToString()),
        ["rule"] = d.Rule,
        ["days"] = d.Days?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private async Task<ReviewItem> ItemForAsync(ReviewedContent content, ReviewSource source, CancellationToken ct)
    {
        var item = db.ReviewItems.Local.FirstOrDefault(i => i.Kind == content.Kind && i.ContentId == content.Id)
            ?? await db.ReviewItems.FirstOrDefaultAsync(i => i.Kind == content.Kind && i.ContentId == content.Id, ct);
        if (item is null)
        {
            item = new ReviewItem(content.Kind, content.Id, content.CommunityId, content.AuthorId, content.Language, content.Text, source, clock.GetUtcNow());
            db.ReviewItems.Add(item);
        }

        return item;
    }

    private async Task<object> StateAsync(ReviewItem item, CancellationToken ct)
    {
        var author = await db.Users.AsNoTracking().Where(u => u.Id == item.AuthorId)
            .Select(u => new { u.SilencedUntil, u.LockoutEnd }).FirstOrDefaultAsync(ct);
        ModerationState? state = item.Kind switch
        {
            ContentKind.Post => db.Posts.Local.FirstOrDefault(p => p.Id == item.ContentId)?.Moderation
                ?? await db.Posts.Where(p => p.Id == item.ContentId).Select(p => (ModerationState?)p.Moderation).FirstOrDefaultAsync(ct),
            ContentKind.Comment => db.Comments.Local.FirstOrDefault(c => c.Id == item.ContentId)?.Moderation
                ?? await db.Comments.Where(c => c.Id == item.ContentId).Select(c => (ModerationState?)c.Moderation).FirstOrDefaultAsync(ct),
            _ => null,
        };
        return new { content = state?.ToString(), silencedUntil = author?.SilencedUntil, suspendedUntil = author?.LockoutEnd };
    }

    private async Task SetContentStateAsync(ReviewItem item, ModerationState state, CancellationToken ct)
    {
        switch (item.Kind)
        {
            case ContentKind.Post:
                var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == item.ContentId, ct);
                if (post is not null && post.Moderation != state)
                {
                    var community = await db.Communities.FirstAsync(c => c.Id == post.CommunityId, ct);
                    if (post.Moderation == ModerationState.Published)
                    {
                        community.PostRemoved();
                    }
                    else if (state == ModerationState.Published)
                    {
                        community.PostAdded();
                    }

                    post.Moderate(state);
                }

                break;
            case ContentKind.Comment:
                var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == item.ContentId, ct);
                if (comment is not null && comment.Moderation != state)
                {
                    // The post counts visible comments only: a removed one stops counting, an approved one starts.
                    var wasVisible = comment.IsVisible;
                    comment.Moderate(state);
                    if (wasVisible != comment.IsVisible && await db.Posts.FirstOrDefaultAsync(p => p.Id == comment.PostId, ct) is { } commented)
                    {
                        if (comment.IsVisible)
                        {
                            commented.Commented();
                        }
                        else
                        {
                            commented.Uncommented();
                        }
                    }
                }

                break;
            default:
                if (state == ModerationState.Removed && await db.Users.FirstOrDefaultAsync(u => u.Id == item.ContentId, ct) is { } user)
                {
                    // A removed profile keeps the account but loses what it showed.
                    user.DisplayName = "member-" + user.Id.ToString("N")[^6..];
                    user.Bio = "";
                }

                break;
        }
    }

    private async Task ReplaceTextAsync(ReviewItem item, string text, CancellationToken ct)
    {
        if (item.Kind == ContentKind.Comment && await db.Comments.FirstOrDefaultAsync(c => c.Id == item.ContentId, ct) is { } comment)
        {
            comment.Replace(text, markdown.ToHtml(text));
        }
        else if (item.Kind == ContentKind.Post && await db.Posts.FirstOrDefaultAsync(p => p.Id == item.ContentId, ct) is { } post)
        {
            post.Edit(new PostContent(post.Title, text, markdown.ToHtml(text), PostComposer.Excerpt(text), post.TagList, post.Language), item.AuthorId, clock.GetUtcNow());
        }
    }

    private async Task SanctionAsync(Guid userId, DateTimeOffset? silenceUntil, bool suspend)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return;
        }

        if (silenceUntil is { } until)
        {
            user.SilencedUntil = until;
        }

        if (suspend)
        {
            user.LockoutEnabled = true;
            user.LockoutEnd = clock.GetUtcNow().AddYears(100);
            user.SecurityStamp = Guid.NewGuid().ToString("N"); // ends sessions at their next validation
        }
    }

    private async Task LiftSanctionsAsync(Guid userId)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is not null)
        {
            user.SilencedUntil = null;
            user.LockoutEnd = null;
        }
    }
}
