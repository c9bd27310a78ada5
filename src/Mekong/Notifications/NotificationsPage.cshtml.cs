using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Notifications;

/// <summary>A member's notifications in their language, each with its link, a page at a time, and "mark all read".</summary>
[Authorize(Policy = AccountsModule.WebPolicy)]
public sealed class NotificationsPage(NotificationQueries queries, MekongDb db, TimeProvider clock) : PageModel
{
    public Page<NotificationView> Items { get; private set; } = new([], null);

    public bool IsFirstPage { get; private set; } = true;

    public async Task<IActionResult> OnGetAsync(string? cursor)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return BadRequest();
        }

        IsFirstPage = after is null;
        Items = await queries.PageAsync(User.RequiredId(), after, Platform.Limits.DefaultPageSize);
        return Page();
    }

    /// <summary>Follows a notification's link, marking it read on the way.</summary>
    public async Task<IActionResult> OnGetOpenAsync(Guid id)
    {
        var me = User.RequiredId();
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.UserId == me);
        if (notification is null)
        {
            return NotFound();
        }

        notification.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync();
        return LocalRedirect(notification.Link is { } link && LocalUrl.IsLocal(link) ? link : "/notifications");
    }

    public async Task<IActionResult> OnPostReadAllAsync()
    {
        await queries.MarkAllReadAsync(User.RequiredId(), clock.GetUtcNow());
        return RedirectToPage();
    }
}
