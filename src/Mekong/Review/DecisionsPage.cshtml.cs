using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Review;

/// <summary>The moderation decisions about their content, with the one appeal each allows.</summary>
[Authorize(Policy = AccountsModule.WebPolicy)]
public sealed class DecisionsPage(ReviewQueries queries, ReviewQueue queue, MekongDb db) : PageModel
{
    public IReadOnlyList<DecisionView> Decisions { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var me = User.RequiredId();
        Decisions = await queries.DecisionsAboutAsync(me);
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
