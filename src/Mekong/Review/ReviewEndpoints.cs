using System.Security.Claims;
using System.Text;
using Mekong.Accounts;
using Mekong.Audit;
using Mekong.Communities;
using Mekong.Platform;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Translation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Review;

internal static class ReviewEndpoints
{
    public sealed record ReportInput(ContentKind? Kind, Guid? Id, ReportReason? Reason, string? Note);

    public sealed record DecisionInput(DecisionAction? Action, string? Rule, string? Note, int? Days, string? EditedText);

    public sealed record AppealInput(string? Statement);

    public sealed record AppealDecisionInput(bool? Overturn, string? Outcome);

    public sealed record GuidelinesInput(string? Markdown);

    public sealed record RuleView(Guid Id, string Pattern, TermKind Kind, RuleAction Action, string? Language, Guid? CommunityId, string? Tag, string Reason, DateTimeOffset CreatedAt);

    public sealed record AuditView(long Sequence, DateTimeOffset At, Guid? ActorId, string Action, string Subject, string Reason, string? Before, string? After, string PreviousHash, string Hash);

    public sealed record ImportResult(int Imported);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/reports", CreateReport).WithTags("Moderation").RequireAuthorization();
        app.MapGet("/api/v1/me/decisions", MyDecisions).WithTags("Moderation").RequireAuthorization();
        app.MapPost("/api/v1/moderation/decisions/{id:guid}/appeal", Appeal).WithTags("Moderation").RequireAuthorization();
        app.MapGet("/api/v1/guidelines", GetGuidelines).WithTags("Moderation");
        app.MapPut("/api/v1/guidelines", PutGuidelines).WithTags("Moderation").RequireAuthorization(Roles.AdminPolicy);

        var staff = app.MapGroup("/api/v1/moderation").WithTags("Moderation").RequireAuthorization(Roles.StaffPolicy);
        staff.MapGet("/queue", Queue);
        staff.MapGet("/queue/{id:guid}", Item);
        staff.MapPost("/queue/{id:guid}/decisions", Decide);
        staff.MapGet("/appeals", Appeals);
        staff.MapPost("/appeals/{id:guid}/decision", DecideAppeal);
        staff.MapGet("/rules", Rules).WithSummary("List watched-term rules");
        staff.MapPost("/rules", AddRule);
        staff.MapDelete("/rules/{id:guid}", RemoveRule);
        staff.MapGet("/rules/export", ExportRules);
        staff.MapPost("/rules/import", ImportRules).Accepts<string>("text/csv");

        var admin = app.MapGroup("/api/v1/moderation/audit").WithTags("Moderation").RequireAuthorization(Roles.AdminPolicy);
        admin.MapGet("/", Audit);
        admin.MapGet("/verify", VerifyAudit);
        admin.MapGet("/export", ExportAudit);
    }

    private static async Task<Results<Created<ReportView>, ProblemHttpResult, ValidationProblem>> CreateReport(
        ReportInput input, ClaimsPrincipal user, ReviewQueue queue, CommunityQueries communities, MekongDb db)
    {
        var errors = new Errors();
        if (input.Kind is null)
        {
            errors.Add("kind", "Required: post, comment or profile.");
        }

        if (input.Id is null)
        {
            errors.Add("id", "Required: the id of the post, comment or member reported.");
        }

        if (input.Reason is null)
        {
            errors.Add("reason", "Required: spam, harassment, hate, sexual, violence, misinformation or other.");
        }

        var note = errors.Optional("note", input.Note, ReviewLimits.NoteChars);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        // Reporting follows reading: what the reporter cannot see does not exist for them (no confirmation, no queue item).
        var content = await queue.FindContentAsync(input.Kind!.Value, input.Id!.Value);
        if (content is null
            || (content.CommunityId is { } communityId && await communities.AccessByIdAsync(communityId, user) is not { CanRead: true }))
        {
            return Problems.NotFound(input.Kind.Value.ToString().ToLowerInvariant());
        }

        var (report, refusal) = await queue.ReportAsync(content, user.RequiredId(), input.Reason!.Value, note);
        if (report is null)
        {
            return refusal!.StartsWith("At most", StringComparison.Ordinal)
                ? TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many reports", detail: refusal)
                : Problems.Conflict(refusal);
        }

        return TypedResults.Created($"/api/v1/moderation/queue/{report.ReviewItemId}", new ReportView(report.Id, report.ReviewItemId, report.Reason, report.Note, report.CreatedAt));
    }

    private static async Task<Results<Ok<Page<ItemView>>, ValidationProblem>> Queue(
        string? cursor, int? limit, string? status, string? language, string? community, string? reason, double? minScore,
        string? kind, ReviewQueries queries)
    {
        var errors = new Errors();
        if (!Cursor.TryDecode(cursor, out var after))
        {
            errors.Add("cursor", "Not a cursor this API issued.");
        }

        var filter = new QueueFilter(
            QueryEnum.Parse<ReviewStatus>(status, "status", errors) ?? ReviewStatus.Open, language, community,
            QueryEnum.Parse<ReportReason>(reason, "reason", errors), minScore, QueryEnum.Parse<ContentKind>(kind, "kind", errors));
        if (minScore is < 0 or > 1)
        {
            errors.Add("minScore", "A score between 0 and 1.");
        }

        return errors.Any ? Problems.Invalid(errors) : TypedResults.Ok(await queries.QueueAsync(filter, after, Cursor.Size(limit)));
    }

    private static async Task<Results<Ok<ItemDetail>, ProblemHttpResult, ValidationProblem>> Item(
        Guid id, string? lang, ClaimsPrincipal user, ReviewQueries queries, ReaderTranslation reader, Translator translator, CancellationToken ct)
    {
        string? target = null;
        if (lang is not null && (target = Languages.Canonical(lang)) is null)
        {
            return Problems.Invalid("lang", "Not a platform language code.");
        }

        var detail = await queries.ItemAsync(id, ct);
        if (detail is null)
        {
            return Problems.NotFound("review item");
        }

        target ??= (await reader.ReaderAsync(user, ct)).Languages[0];
        var item = detail.Item;
        return Languages.Codes.Contains(item.Language) && item.Language != target
            ? TypedResults.Ok(detail with { Translation = (await translator.ForTextsAsync([(item.Id, item.Snapshot, item.Language)], target, ct))[item.Id] })
            : TypedResults.Ok(detail);
    }

    private static async Task<Results<Ok<DecisionView>, ProblemHttpResult, ValidationProblem>> Decide(
        Guid id, DecisionInput input, ClaimsPrincipal user, ReviewQueue queue, MekongDb db)
    {
        var item = await db.ReviewItems.FirstOrDefaultAsync(i => i.Id == id);
        if (item is null)
        {
            return Problems.NotFound("review item");
        }

        var errors = new Errors();
        if (input.Action is null)
        {
            errors.Add("action", "Required: approve, remove, editAndApprove, warn, silence or suspend.");
            return Problems.Invalid(errors);
        }

        var rule = errors.Optional("rule", input.Rule, ReviewLimits.ReasonChars);
        var note = errors.Optional("note", input.Note, ReviewLimits.NoteChars);
        var edited = input.EditedText is null ? null : errors.Body("editedText", input.EditedText, Platform.Limits.PostBodyBytes);
        if (item.AuthorId == user.RequiredId())
        {
            return Problems.Forbidden("Moderators do not decide on their own content; another moderator will.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var decision = await queue.DecideAsync(item, user.RequiredId(), input.Action.Value, input.Days, rule, note, edited, errors);
        if (decision is null)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(new DecisionView(decision.Id, decision.ReviewItemId, decision.ModeratorId, decision.AuthorId, decision.Action, decision.Days,
            decision.Rule, decision.Note, decision.CreatedAt, null));
    }

    private static async Task<Ok<IReadOnlyList<DecisionView>>> MyDecisions(ClaimsPrincipal user, ReviewQueries queries) =>
        TypedResults.Ok(await queries.DecisionsAboutAsync(user.RequiredId()));

    private static async Task<Results<Created<AppealView>, ProblemHttpResult, ValidationProblem>> Appeal(
        Guid id, AppealInput input, ClaimsPrincipal user, ReviewQueue queue, MekongDb db)
    {
        var decision = await db.Decisions.FirstOrDefaultAsync(d => d.Id == id);
        if (decision is null)
        {
            return Problems.NotFound("decision");
        }

        var errors = new Errors();
        var statement = errors.Required("statement", input.Statement, ReviewLimits.NoteChars);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        if (decision.AuthorId != user.RequiredId())
        {
            return Problems.Forbidden("Only the author of the content appeals a decision about it.");
        }

        var (appeal, refusal) = await queue.AppealAsync(decision, user.RequiredId(), statement!);
        if (appeal is null)
        {
            return Problems.Conflict(refusal!);
        }

        return TypedResults.Created($"/api/v1/moderation/appeals/{appeal.Id}", AppealViewOf(appeal, decision));
    }

    private static async Task<Results<Ok<Page<AppealView>>, ValidationProblem>> Appeals(string? cursor, int? limit, string? status, MekongDb db)
    {
        var errors = new Errors();
        var wanted = QueryEnum.Parse<AppealStatus>(status, "status", errors) ?? AppealStatus.Pending;
        if (!Cursor.TryDecode(cursor, out var after))
        {
            errors.Add("cursor", "Not a cursor this API issued.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var size = Cursor.Size(limit);
        var query = from a in db.Appeals.AsNoTracking()
                    join d in db.Decisions on a.DecisionId equals d.Id
                    where a.Status == wanted
                    select new { Appeal = a, Decision = d };
        if (after is { } x)
        {
            query = query.Where(r => r.Appeal.Id.CompareTo(x) < 0);
        }

        var rows = await query.OrderByDescending(r => r.Appeal.Id).Take(size + 1).ToListAsync();
        var page = Cursor.ToPage(rows, size, r => r.Appeal.Id);
        return TypedResults.Ok(new Page<AppealView>([.. page.Items.Select(r => AppealViewOf(r.Appeal, r.Decision))], page.NextCursor));
    }

    private static async Task<Results<Ok<AppealView>, ProblemHttpResult, ValidationProblem>> DecideAppeal(
        Guid id, AppealDecisionInput input, ClaimsPrincipal user, ReviewQueue queue, MekongDb db)
    {
        var appeal = await db.Appeals.FirstOrDefaultAsync(a => a.Id == id);
        if (appeal is null)
        {
            return Problems.NotFound("appeal");
        }

        var errors = new Errors();
        if (input.Overturn is null)
        {
            errors.Add("overturn", "Required: true to overturn the decision, false to uphold it.");
        }

        var outcome = errors.Required("outcome", input.Outcome, ReviewLimits.NoteChars);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var refusal = await queue.DecideAppealAsync(appeal, user.RequiredId(), input.Overturn!.Value, outcome!);
        if (refusal is not null)
        {
            return refusal.StartsWith("A different", StringComparison.Ordinal) ? Problems.Forbidden(refusal) : Problems.Conflict(refusal);
        }

        var decision = await db.Decisions.AsNoTracking().FirstAsync(d => d.Id == appeal.DecisionId);
        return TypedResults.Ok(AppealViewOf(appeal, decision));
    }

    private static async Task<Ok<IReadOnlyList<RuleView>>> Rules(MekongDb db) =>
        TypedResults.Ok<IReadOnlyList<RuleView>>(await db.WatchedTerms.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new RuleView(t.Id, t.Pattern, t.Kind, t.Action, t.Language, t.CommunityId, t.Tag, t.Reason, t.CreatedAt)).ToListAsync());

    private static async Task<Results<Created<RuleView>, ValidationProblem>> AddRule(RuleInput input, ClaimsPrincipal user, RuleBook rules)
    {
        var errors = new Errors();
        var t = await rules.AddAsync(input, user.RequiredId(), errors);
        return t is null
            ? Problems.Invalid(errors)
            : TypedResults.Created($"/api/v1/moderation/rules/{t.Id}", new RuleView(t.Id, t.Pattern, t.Kind, t.Action, t.Language, t.CommunityId, t.Tag, t.Reason, t.CreatedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveRule(Guid id, ClaimsPrincipal user, RuleBook rules) =>
        await rules.RemoveAsync(id, user.RequiredId()) ? TypedResults.NoContent() : Problems.NotFound("rule");

    private static async Task<FileContentHttpResult> ExportRules(RuleBook rules) =>
        TypedResults.File(Encoding.UTF8.GetBytes(await rules.ExportCsvAsync()), "text/csv; charset=utf-8", "mekong-rules.csv");

    private static async Task<Results<Ok<ImportResult>, ValidationProblem, ProblemHttpResult>> ImportRules(HttpRequest request, ClaimsPrincipal user, RuleBook rules)
    {
        if (request.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Send the rules as text/csv.");
        }

        string csv;
        try
        {
            using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            csv = await reader.ReadToEndAsync();
        }
        catch (DecoderFallbackException)
        {
            return Problems.Invalid("body", "The file is not valid UTF-8.");
        }

        var errors = new Errors();
        var imported = await rules.ImportCsvAsync(csv, user.RequiredId(), errors);
        return errors.Any ? Problems.Invalid(errors) : TypedResults.Ok(new ImportResult(imported));
    }

    private static async Task<Results<Ok<Page<AuditView>>, ValidationProblem>> Audit(long? after, int? limit, MekongDb db)
    {
        var size = Cursor.Size(limit);
        var query = db.AuditLog.AsNoTracking();
        if (after is { } a)
        {
            query = query.Where(e => e.Sequence < a);
        }

        var rows = await query.OrderByDescending(e => e.Sequence).Take(size + 1)
            .Select(e => new AuditView(e.Sequence, e.At, e.ActorId, e.Action, e.Subject, e.Reason, e.Before, e.After, e.PreviousHash, e.Hash)).ToListAsync();
        var next = rows.Count > size ? rows[size - 1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Page<AuditView>(rows.Take(size).ToList(), next));
    }

    private static async Task<Ok<AuditVerification>> VerifyAudit(AuditLog audit) => TypedResults.Ok(await audit.VerifyAsync());

    /// <summary>The whole chain as JSON lines, oldest first, so it can be archived and verified elsewhere.</summary>
    private static async Task ExportAudit(HttpContext context, MekongDb db)
    {
        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=mekong-audit.jsonl";
        await foreach (var e in db.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable())
        {
            await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(
                new AuditView(e.Sequence, e.At, e.ActorId, e.Action, e.Subject, e.Reason, e.Before, e.After, e.PreviousHash, e.Hash), AuditLog.Json) + "\n");
        }
    }

    private static async Task<Ok<SiteTextView>> GetGuidelines(GuidelinesText guidelines) => TypedResults.Ok(await guidelines.GetAsync());

    private static async Task<Results<Ok<SiteTextView>, ValidationProblem>> PutGuidelines(GuidelinesInput input, ClaimsPrincipal user, GuidelinesText guidelines)
    {
        var errors = new Errors();
        var saved = await guidelines.SaveAsync(input.Markdown, user.RequiredId(), errors);
        return saved is null ? Problems.Invalid(errors) : TypedResults.Ok(saved);
    }

    private static AppealView AppealViewOf(Appeal a, Decision d) =>
        new(a.Id, a.DecisionId, a.AuthorId, a.Statement, a.Status, a.DeciderId, a.Outcome, a.CreatedAt, a.DecidedAt, d.Action, d.Rule, d.ModeratorId);
}

public sealed record SiteTextView(string Markdown, string Html, DateTimeOffset? UpdatedAt);

/// <summary>The community guidelines: a page admins edit; decisions link to it.</summary>
public static class Guidelines
{
    public const string Key = "guidelines";

    public const string Default = """
        # Community guidelines

        Mekong is a place to meet across languages and cultures. Please:

        - **Be kind.** Disagree with ideas, not with people. No insults, harassment or threats.
        - **No hate.** Nothing that attacks people for their country, ethnicity, religion, language, gender or sexuality.
        - **No sexual content** and nothing that sexualizes minors.
        - **No spam** or undisclosed advertising.
        - **Respect privacy.** Do not post other people's personal information.

        Moderators may remove content, warn, silence or suspend accounts. Every decision names the rule applied,
        and you may appeal each decision once; a different moderator decides the appeal.
        """;
}
