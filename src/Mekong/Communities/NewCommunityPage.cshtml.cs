using System.Globalization;
using Mekong.Accounts;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Communities;

[Authorize(Policy = AccountsModule.WebPolicy)]
public sealed class NewCommunityPage(CommunityCommands commands) : PageModel
{
    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public string? Slug { get; set; }

    [BindProperty]
    public CommunityKind Kind { get; set; }

    [BindProperty]
    public CommunityVisibility Visibility { get; set; }

    [BindProperty]
    public CommunityJoinPolicy? JoinPolicy { get; set; }

    [BindProperty]
    public string Language { get; set; } = "";

    [BindProperty]
    public string? Description { get; set; }

    public void OnGet() => Language = Platform.Languages.Canonical(CultureInfo.CurrentUICulture.Name) ?? "en";

    public async Task<IActionResult> OnPostAsync()
    {
        var errors = new Errors();
        var community = await commands.FoundAsync(Slug, Name, Description, Kind, Visibility, Language, User.RequiredId(), errors, JoinPolicy);
        if (community is null)
        {
            errors.CopyTo(ModelState);
            return Page();
        }

        return Redirect($"/c/{community.Slug}");
    }
}
