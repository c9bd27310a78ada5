using Mekong.Accounts;
using Mekong.Notifications;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Review;

/// <summary>A member's notifications and the moderation decisions about their content, with the one appeal each allows.</summary>
[Authorize(Policy = AccountsModule.WebPolicy)]
public sealed class DecisionsPage(ReviewQueries queries, ReviewQueue queue, MekongDb db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Notification> Notifications { get; private set; } = [];

    public IReadOnlyList<DecisionView> Decisions { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var me = User.RequiredId();
        Notifications = await db.Notifications.Where(n => n.UserId == me).OrderByDescending(n => n.Id).Take(50).ToListAsync();
        Decisions = await queries.DecisionsAboutAsync(me);
        foreach (var n in Notifications)
        {
            n.MarkRead(clock.GetUtcNow());
        }

        await db.SaveChangesAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? statement)
    {
        var decision = await db.Decisions.FirstOrDefaultAsync(d => d.Id == id && d.AuthorId == User.RequiredId());
        if (decision is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(statement))
        {
            ModelState.AddModelError("Statement", "Required.");
        }
        else if ((await queue.AppealAsync(decision, User.RequiredId(), statement)).Refusal is { } refusal)
        {
            ModelState.AddModelError("", refusal);
        }
        else
        {
            return RedirectToPage();
        }

        await OnGetAsync();
        return Page();
    }
}
