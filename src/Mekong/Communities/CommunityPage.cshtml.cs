using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Posts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Communities;

public sealed class CommunityPage(CommunityQueries communities, CommunityCommands commands, PostQueries posts, MekongDb db, Translation.ReaderTranslation translations) : PageModel
{
    public CommunityAccess? Access { get; private set; }

    public Page<PostSummary> Posts { get; private set; } = new([], null);

    public string? Tag { get; private set; }

    public Translation.ListTranslation Translations { get; private set; } = Translation.ListTranslation.None;

    public IReadOnlyList<(Guid Id, string DisplayName, string HomeCountry, MemberRole Role)> Members { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, string? cursor, string? tag)
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
            Tag = string.IsNullOrWhiteSpace(tag) ? null : tag.Trim();
            Posts = await posts.ListAsync(Access.Community.Id, after, Platform.Limits.DefaultPageSize, Tag, null);
            Translations = await translations.ForListAsync(Posts.Items, User, Request.Query["translate"] == "1");
            var communityId = Access.Community.Id;
            var members = await (from m in db.Memberships
                                 join u in db.Users on m.UserId equals u.Id
                                 where m.CommunityId == communityId
                                 orderby m.Role descending, m.JoinedAt
                                 select new { u.Id, u.DisplayName, u.HomeCountry, m.Role }).Take(24).ToListAsync();
            Members = [.. members.Select(m => (m.Id, m.DisplayName, m.HomeCountry, m.Role))];
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
