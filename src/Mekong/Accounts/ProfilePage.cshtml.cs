using Mekong.Discussion;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Posts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Accounts;

public sealed class ProfilePage(MekongDb db, PostQueries posts, DiscussionCommands discussion) : PageModel
{
    public ProfileView? Profile { get; private set; }

    public Page<PostSummary> Posts { get; private set; } = new([], null);

    public bool CanFollow { get; private set; }

    public bool Following { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id);
        if (user is null)
        {
            return NotFound();
        }

        Profile = await AccountEndpoints.ViewAsync(db, user);
        Posts = await posts.LatestPublicAsync(null, Platform.Limits.DefaultPageSize, id.ToString());
        var me = User.Id();
        CanFollow = me is not null && me != id;
        Following = me is not null && await db.Follows.AnyAsync(f => f.FollowerId == me && f.FolloweeId == id);
        return Page();
    }

    public async Task<IActionResult> OnPostFollowAsync(Guid id)
    {
        if (User.Id() is null)
        {
            return this.SignInFirst();
        }

        var me = User.RequiredId();
        if (!await db.Users.AnyAsync(u => u.Id == id))
        {
            return NotFound();
        }

        var following = await db.Follows.AnyAsync(f => f.FollowerId == me && f.FolloweeId == id);
        await discussion.SetFollowAsync(me, id, on: !following);
        return RedirectToPage(new { id });
    }
}
