using Mekong.Communities;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Posts;

public sealed class HomePage(PostQueries posts, MekongDb db) : PageModel
{
    public Page<PostSummary> Posts { get; private set; } = new([], null);

    public IReadOnlyList<Community> Communities { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? cursor)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return BadRequest();
        }

        Posts = await posts.LatestPublicAsync(after, Platform.Limits.DefaultPageSize);
        Communities = await db.Communities.AsNoTracking().OrderByDescending(c => c.MemberCount).Take(12).ToListAsync();
        return Page();
    }
}
