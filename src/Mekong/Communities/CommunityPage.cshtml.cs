using Mekong.Accounts;
using Mekong.Platform.Http;
using Mekong.Posts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Communities;

public sealed class CommunityPage(CommunityQueries communities, CommunityCommands commands, PostQueries posts) : PageModel
{
    public CommunityAccess? Access { get; private set; }

    public Page<PostSummary> Posts { get; private set; } = new([], null);

    public async Task<IActionResult> OnGetAsync(string slug, string? cursor)
    {
        Access = await communities.AccessAsync(slug, User);
        if (Access is null)
        {
            return NotFound();
        }

        if (!Cursor.TryDecode(cursor, out var after))
        {
            return BadRequest();
        }

        if (Access.CanRead)
        {
            Posts = await posts.ListAsync(Access.Community.Id, after, Platform.Limits.DefaultPageSize, null, null);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostJoinAsync(string slug)
    {
        if (User.Id() is null)
        {
            return this.SignInFirst();
        }

        var access = await communities.AccessAsync(slug, User);
        if (access is null)
        {
            return NotFound();
        }

        await commands.JoinAsync(access, User.RequiredId());
        return RedirectToPage(new { slug });
    }

    public async Task<IActionResult> OnPostLeaveAsync(string slug)
    {
        if (User.Id() is null)
        {
            return this.SignInFirst();
        }

        var access = await communities.AccessAsync(slug, User);
        if (access is null)
        {
            return NotFound();
        }

        await commands.LeaveAsync(access, User.RequiredId());
        return RedirectToPage(new { slug });
    }
}
