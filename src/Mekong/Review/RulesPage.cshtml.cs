using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Review;

[Authorize(Policy = AccountsModule.WebPolicy, Roles = Roles.Moderator + "," + Roles.Admin)]
public sealed class RulesPage(RuleBook rules, MekongDb db) : PageModel
{
    public IReadOnlyList<WatchedTerm> Rules { get; private set; } = [];

    public async Task OnGetAsync() => Rules = await db.WatchedTerms.AsNoTracking().OrderByDescending(t => t.Id).ToListAsync();

    public async Task<IActionResult> OnPostAddAsync(string? pattern, TermKind kind, RuleAction action, string? language, string? tag, string? reason)
    {
        var errors = new Errors();
        if (await rules.AddAsync(new RuleInput(pattern, kind, action, language, null, tag, reason), User.RequiredId(), errors) is null)
        {
            return await Redisplay(errors);
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostImportAsync(string? csv)
    {
        var errors = new Errors();
        await rules.ImportCsvAsync(csv ?? "", User.RequiredId(), errors);
        return errors.Any ? await Redisplay(errors) : RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id)
    {
        await rules.RemoveAsync(id, User.RequiredId());
        return RedirectToPage();
    }

    private async Task<IActionResult> Redisplay(Errors errors)
    {
        errors.CopyTo(ModelState);
        await OnGetAsync();
        return Page();
    }
}
