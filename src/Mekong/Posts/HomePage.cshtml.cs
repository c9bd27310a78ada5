using Mekong.Communities;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Posts;

public sealed class HomePage(PostQueries posts, MekongDb db, Discussion.PostFollowing following) : PageModel
{
    public Page<PostSummary> Posts => List.Page;

    public PostListing List { get; private set; } = new(new([], null), null);

    /// <summary>For a signed-in reader: new comments since their last visit, per post on this page.</summary>
    public IReadOnlyDictionary<Guid, int> Unread { get; private set; } = new Dictionary<Guid, int>();

    public IReadOnlyList<Community> Communities { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? cursor, string? before)
    {
        if (!Cursor.TryDecode(cursor, out var after) || !Cursor.TryDecode(before, out var newer))
        {
            return BadRequest();
        }

        List = await posts.LatestPublicPageAsync(after, newer, Platform.Limits.DefaultPageSize);
        Unread = await following.UnreadAsync(User.Id(), [.. Posts.Items.Select(p => p.Id)]);
        Communities = await db.Communities.AsNoTracking().OrderByDescending(c => c.MemberCount).Take(12).ToListAsync();
        return Page();
    }
}
