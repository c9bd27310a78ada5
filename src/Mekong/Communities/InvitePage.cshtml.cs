using Mekong.Accounts;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Communities;

/// <summary>An invite link opened in the browser: says which community it leads to and joins on one click.</summary>
public sealed class InvitePage(CommunityQueries communities, CommunityCommands commands, TimeProvider clock) : PageModel
{
    public string Code { get; private set; } = "";

    public Community? Community { get; private set; }

    public InviteRefusal? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code)
    {
        Code = code;
        if (await communities.InviteAsync(code) is not { } found)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Community = found.Community;
        Refusal = found.Invite.RefusalAt(clock.GetUtcNow());
        if (Refusal is not null)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code)
    {
        if (User.Id() is null)
        {
            return this.SignInFirst();
        }

        Code = code;
        var result = await commands.AcceptInviteAsync(code, User.RequiredId());
        if (result.Community is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        if (result.Refusal is { } refusal)
        {
            Community = result.Community;
            Refusal = refusal;
            Response.StatusCode = refusal == InviteRefusal.Busy ? StatusCodes.Status409Conflict : StatusCodes.Status410Gone;
            return Page();
        }

        return Redirect($"/c/{result.Community.Slug}");
    }
}
