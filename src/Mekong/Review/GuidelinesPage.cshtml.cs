using Mekong.Accounts;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Review;

public sealed class GuidelinesPage(GuidelinesText guidelines) : PageModel
{
    [BindProperty]
    public string Markdown { get; set; } = "";

    public string Html { get; private set; } = "";

    public bool CanEdit => User.IsInRole(Roles.Admin);

    public async Task OnGetAsync()
    {
        var text = await guidelines.GetAsync();
        Markdown = text.Markdown;
        Html = text.Html;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!CanEdit)
        {
            return this.NotAllowed();
        }

        var errors = new Errors();
        if (await guidelines.SaveAsync(Markdown, User.RequiredId(), errors) is null)
        {
            errors.CopyTo(ModelState);
            Html = (await guidelines.GetAsync()).Html;
            return Page();
        }

        return RedirectToPage();
    }
}
