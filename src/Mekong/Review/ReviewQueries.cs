using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Review;

public sealed record ItemView(
    Guid Id, ContentKind Kind, Guid ContentId, Guid? CommunityId, Guid AuthorId, string Language, string Snapshot, string? Current,
    string? Link, ReviewSource Source, ReviewStatus Status, ScreeningOutcome Outcome, IReadOnlyList<string> Reasons, double Score,
    int ReportCount, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt);

public sealed record AuthorHistory(Guid AuthorId, string DisplayName, string HomeCountry, DateTimeOffset JoinedAt, int Posts, int Comments,
    int Decisions, int Removals, DateTimeOffset? SilencedUntil, bool Suspended);

public sealed record ReportView(Guid Id, Guid ReviewItemId, ReportReason Reason, string Note, DateTimeOffset CreatedAt);

/// <summary>An item with everything a decision needs; <c>Translation</c>: the snapshot in the moderator's language, when it is in another.</summary>
public sealed record ItemDetail(ItemView Item, AuthorHistory Author, IReadOnlyList<ReportView> Reports, IReadOnlyList<DecisionView> Decisions,
    Translation.TranslationView? Translation = null);

public sealed record DecisionView(Guid Id, Guid ReviewItemId, Guid ModeratorId, Guid AuthorId, DecisionAction Action, int? Days, string Rule, string Note,
    DateTimeOffset CreatedAt, AppealStatus? Appeal);

public sealed record AppealView(Guid Id, Guid DecisionId, Guid AuthorId, string Statement, AppealStatus Status, Guid? DeciderId, string Outcome,
    DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, DecisionAction Action, string Rule, Guid OriginalModeratorId);

/// <summary>What the queue shows: open or resolved items, narrowed by language, community, report reason, score or kind.</summary>
public sealed record QueueFilter(ReviewStatus Status, string? Language, string? Community, ReportReason? Reason, double? MinScore, ContentKind? Kind);

/// <summary>Reads of the review feature, shared by its API and its pages.</summary>
public sealed class ReviewQueries(MekongDb db, ReviewQueue queue, TimeProvider clock)
{
    public async Task<Page<ItemView>> QueueAsync(QueueFilter filter, Guid? after, int size, CancellationToken ct = default)
    {
        var query = db.ReviewItems.AsNoTracking().Where(i => i.Status == filter.Status);
        if (after is { } a)
        {
            query = query.Where(i => i.Id.CompareTo(a) < 0);
        }

        if (!string.IsNullOrWhiteSpace(filter.Language))
        {
            query = query.Where(i => i.Language == filter.Language);
        }

        if (!string.IsNullOrWhiteSpace(filter.Community))
        {
            if (!Guid.TryParse(filter.Community, out var communityId))
            {
                var slug = filter.Community.ToLowerInvariant();
                communityId = await db.Communities.Where(c => c.Slug == slug).Select(c => c.Id).FirstOrDefaultAsync(ct);
            }

            query = query.Where(i => i.CommunityId == communityId);
        }

        if (filter.Reason is { } r)
        {
            var text = "report: " + r;
            query = query.Where(i => i.Reasons.Contains(text));
        }

        if (filter.MinScore is { } m)
        {
            query = query.Where(i => i.Score >= m);
        }

        if (filter.Kind is { } k)
        {
            query = query.Where(i => i.Kind == k);
        }

        var rows = await query.OrderByDescending(i => i.Id).Take(size + 1).ToListAsync(ct);
        var page = Cursor.ToPage(rows, size, i => i.Id);
        var views = new List<ItemView>(page.Items.Count);
        foreach (var item in page.Items)
        {
            views.Add(View(item, await queue.FindContentAsync(item.Kind, item.ContentId, ct)));
        }

        return new Page<ItemView>(views, page.NextCursor);
    }

    public async Task<ItemDetail?> ItemAsync(Guid id, CancellationToken ct = default)
    {
        var item = await db.ReviewItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return null;
        }

        var reports = await db.Reports.AsNoTracking().Where(r => r.ReviewItemId == id).OrderBy(r => r.Id)
            .Select(r => new ReportView(r.Id, r.ReviewItemId, r.Reason, r.Note, r.CreatedAt)).ToListAsync(ct);
        var decisions = await DecisionsAsync(db.Decisions.Where(d => d.ReviewItemId == id), ct);
        return new ItemDetail(View(item, await queue.FindContentAsync(item.Kind, item.ContentId, ct)), await HistoryAsync(item.AuthorId, ct), reports, decisions);
    }

    public Task<IReadOnlyList<DecisionView>> DecisionsAboutAsync(Guid authorId, CancellationToken ct = default) =>
        DecisionsAsync(db.Decisions.Where(d => d.AuthorId == authorId), ct);

    public async Task<AuthorHistory> HistoryAsync(Guid authorId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == authorId, ct);
        var decisions = await db.Decisions.Where(d => d.AuthorId == authorId).Select(d => d.Action).ToListAsync(ct);
        return new AuthorHistory(
            user.Id, user.DisplayName, user.HomeCountry, user.CreatedAt,
            await db.Posts.CountAsync(p => p.AuthorId == authorId, ct),
            await db.Comments.CountAsync(c => c.AuthorId == authorId, ct),
            decisions.Count,
            decisions.Count(a => a is not DecisionAction.Approve and not DecisionAction.EditAndApprove),
            user.SilencedUntil,
            user.LockoutEnd is { } end && end > clock.GetUtcNow());
    }

    private async Task<IReadOnlyList<DecisionView>> DecisionsAsync(IQueryable<Decision> decisions, CancellationToken ct) =>
        await (from d in decisions.AsNoTracking()
               join a in db.Appeals on d.Id equals a.DecisionId into appeals
               from a in appeals.DefaultIfEmpty()
               orderby d.Id descending
               select new DecisionView(d.Id, d.ReviewItemId, d.ModeratorId, d.AuthorId, d.Action, d.Days, d.Rule, d.Note, d.CreatedAt, a == null ? null : a.Status))
            .ToListAsync(ct);

    private static ItemView View(ReviewItem i, ReviewedContent? current) =>
        new(i.Id, i.Kind, i.ContentId, i.CommunityId, i.AuthorId, i.Language, i.Snapshot, current?.Text, current?.Link, i.Source, i.Status, i.Outcome,
            i.Reasons.Split('\n', StringSplitOptions.RemoveEmptyEntries), i.Score, i.ReportCount, i.CreatedAt, i.ResolvedAt);
}
