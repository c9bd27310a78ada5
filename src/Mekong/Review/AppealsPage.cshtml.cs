using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Review;

[Authorize(Policy = AccountsModule.WebPolicy, Roles = Roles.Moderator + "," + Roles.Admin)]
public sealed class AppealsPage(ReviewQueue queue, MekongDb db) : PageModel
{
    public IReadOnlyList<AppealView> Appeals { get; private set; } = [];

    public Guid Me => User.RequiredId();

    public async Task OnGetAsync() =>
        Appeals = await (from a in db.Appeals.AsNoTracking()
                         join d in db.Decisions on a.DecisionId equals d.Id
                         where a.Status == AppealStatus.Pending
                         orderby a.Id
                         select new AppealView(a.Id, a.DecisionId, a.AuthorId, a.Statement, a.Status, a.DeciderId, a.Outcome, a.CreatedAt, a.DecidedAt, d.Action, d.Rule, d.ModeratorId))
            .Take(100).ToListAsync();

    public async Task<IActionResult> OnPostAsync(Guid id, bool overturn, string? outcome)
    {
        var appeal = await db.Appeals.FirstOrDefaultAsync(a => a.Id == id);
        if (appeal is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(outcome))
        {
            ModelState.AddModelError("Outcome", "Required.");
        }
        else if (await queue.DecideAppealAsync(appeal, User.RequiredId(), overturn, outcome) is { } refusal)
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
