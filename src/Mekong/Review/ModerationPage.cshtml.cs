using Mekong.Accounts;
using Mekong.Platform;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Translation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Review;

[Authorize(Policy = AccountsModule.WebPolicy, Roles = Roles.Moderator + "," + Roles.Admin)]
public sealed class ModerationPage(ReviewQueries queries, ReviewQueue queue, MekongDb db, ReaderTranslation reader, Translator translator) : PageModel
{
    public QueueFilter Filter { get; private set; } = new(ReviewStatus.Open, null, null, null, null, null);

    public Page<ItemView> Items { get; private set; } = new([], null);

    public Dictionary<Guid, AuthorHistory> Histories { get; } = [];

    /// <summary>Snapshots in a language the moderator does not read, in the moderator's first reading language.</summary>
    public Dictionary<Guid, TranslationView> Translations { get; } = [];

    public async Task<IActionResult> OnGetAsync(ReviewStatus? status, string? language, string? community, ReportReason? reason, double? minScore, string? cursor)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return BadRequest();
        }

        Filter = new QueueFilter(status ?? ReviewStatus.Open, language, community, reason, minScore, null);
        Items = await queries.QueueAsync(Filter, after, Platform.Limits.DefaultPageSize);
        foreach (var author in Items.Items.Select(i => i.AuthorId).Distinct())
        {
            Histories[author] = await queries.HistoryAsync(author);
        }

        var (languages, _) = await reader.ReaderAsync(User, HttpContext.RequestAborted);
        var foreign = Items.Items.Where(i => Languages.Codes.Contains(i.Language) && !languages.Contains(i.Language)).Select(i => (i.Id, i.Snapshot, i.Language));
        foreach (var (id, view) in await translator.ForTextsAsync(foreign, languages[0], HttpContext.RequestAborted))
        {
            if (view.IsTranslated)
            {
                Translations[id] = view;
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(Guid id, DecisionAction action, string? rule, string? note, int? days, string? editedText)
    {
        var item = await db.ReviewItems.FirstOrDefaultAsync(i => i.Id == id);
        if (item is null)
        {
            return NotFound();
        }

        if (item.AuthorId == User.RequiredId())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var errors = new Errors();
        if (await queue.DecideAsync(item, User.RequiredId(), action, days, rule ?? "", note ?? "", string.IsNullOrWhiteSpace(editedText) ? null : editedText, errors) is null)
        {
            errors.CopyTo(ModelState);
            return await OnGetAsync(null, null, null, null, null, null);
        }

        return RedirectToPage();
    }
}

/// <summary>English labels of review enums, keys of their translations.</summary>
public static class ReviewText
{
    public static string Kind(ContentKind kind) => kind switch
    {
        ContentKind.Post => "Post",
        ContentKind.Comment => "Comment",
        _ => "Profile",
    };

    public static string Outcome(ScreeningOutcome outcome) => outcome switch
    {
        ScreeningOutcome.Publish => "Published",
        ScreeningOutcome.PublishAndFlag => "Published and flagged",
        ScreeningOutcome.Hold => "Held for approval",
        _ => "Rejected",
    };

    public static string Reason(ReportReason reason) => reason switch
    {
        ReportReason.Spam => "Spam",
        ReportReason.Harassment => "Harassment",
        ReportReason.Hate => "Hate",
        ReportReason.Sexual => "Sexual content",
        ReportReason.Violence => "Violence",
        ReportReason.Misinformation => "Misinformation",
        _ => "Other",
    };

    public static string Term(TermKind kind) => kind switch
    {
        TermKind.Plain => "Plain term",
        TermKind.Wildcard => "Wildcard",
        _ => "Regular expression",
    };

    public static string Rule(RuleAction action) => action switch
    {
        RuleAction.Block => "Block",
        RuleAction.RequireApproval => "Require approval",
        RuleAction.Flag => "Flag",
        RuleAction.Censor => "Censor",
        _ => "Tag",
    };

    public static string Appeal(AppealStatus status) => status switch
    {
        AppealStatus.Pending => "Pending",
        AppealStatus.Upheld => "Upheld",
        _ => "Overturned",
    };

    /// <summary>The link label for queued content of this kind.</summary>
    public static string Open(ContentKind kind) => kind switch
    {
        ContentKind.Post => "View post",
        ContentKind.Comment => "View comment",
        _ => "View profile",
    };

    /// <summary>An audit entry's action code ("decision.remove", "rule.create"…) as an English key; null when unknown.</summary>
    public static string? AuditAction(string code) => code switch
    {
        "appeal.create" => "Appeal sent",
        "appeal.overturn" => "Appeal overturned",
        "appeal.uphold" => "Appeal upheld",
        "classifier.retrain" => "Classifier retrained",
        "guidelines.update" => "Guidelines updated",
        "member.erase" => "Member erased",
        "report.create" => "Report sent",
        "role.add" => "Role added",
        "role.remove" => "Role removed",
        "rule.create" => "Rule added",
        "rule.delete" => "Rule deleted",
        "rule.import" => "Rules imported",
        _ => null,
    };

    /// <summary>The decision of a "decision.{action}" audit code, or null.</summary>
    public static DecisionAction? AuditDecision(string code) =>
        code.StartsWith("decision.", StringComparison.Ordinal)
            && Enum.TryParse<DecisionAction>(code["decision.".Length..], ignoreCase: true, out var action) ? action : null;

    public static string Action(DecisionAction action) => action switch
    {
        DecisionAction.Approve => "Approve",
        DecisionAction.Remove => "Remove",
        DecisionAction.EditAndApprove => "Edit and approve",
        DecisionAction.Warn => "Warn",
        DecisionAction.Silence => "Silence",
        _ => "Suspend",
    };
}
