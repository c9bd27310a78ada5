using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Notifications;

/// <summary>A notification as its reader sees it: rendered in their language, with its kind and parameters.</summary>
public sealed record NotificationView(
    Guid Id, string Kind, string Text, IReadOnlyDictionary<string, string> Args, string? Link, DateTimeOffset CreatedAt, bool Read);

/// <summary>The notifications feature's reads: a member's list, page by page, and their unread count.</summary>
public sealed class NotificationQueries(MekongDb db, NotificationText text)
{
    /// <summary>Newest first, in the member's saved interface language; <paramref name="after"/> is the last id of the previous page.</summary>
    public async Task<Page<NotificationView>> PageAsync(Guid userId, Guid? after, int size, CancellationToken ct = default)
    {
        var query = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        if (after is { } a)
        {
            query = query.Where(n => n.Id.CompareTo(a) < 0);
        }

        var rows = await query.OrderByDescending(n => n.Id).Take(size + 1).ToListAsync(ct);
        var language = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.InterfaceLanguage).FirstOrDefaultAsync(ct);
        var views = NotificationText.In(language, () => rows.Select(n =>
        {
            var args = n.Args;
            return new NotificationView(n.Id, n.Kind, text.Render(n.Kind, args), args, n.Link, n.CreatedAt, n.ReadAt != null);
        }).ToList());
        return Cursor.ToPage(views, size, n => n.Id);
    }

    public Task<int> UnreadAsync(Guid userId, CancellationToken ct = default) =>
        db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);

    /// <summary>Marks every unread notification of the member read; the number marked.</summary>
    public async Task<int> MarkAllReadAsync(Guid userId, DateTimeOffset now, CancellationToken ct = default) =>
        await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
}
