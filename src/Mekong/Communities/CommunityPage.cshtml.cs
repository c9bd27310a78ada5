using Mekong.Accounts;
using Mekong.Platform.Caching;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Posts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Communities;

public sealed class CommunityPage(
    CommunityQueries communities, CommunityCommands commands, PostQueries posts, MekongDb db, Translation.ReaderTranslation translations, TimeProvider clock, Discussion.PostFollowing following) : PageModel
{
    public CommunityAccess? Access { get; private set; }

    /// <summary>The reader asked to join and waits for the owner or a moderator.</summary>
    public bool RequestPending { get; private set; }

    /// <summary>For the owner and moderators: the join queue and the invite links.</summary>
    public Page<JoinRequestView> JoinRequests { get; private set; } = new([], null);

    public IReadOnlyList<InviteView> Invites { get; private set; } = [];

    /// <summary>Why the last form was refused (shown once, then gone). Read only for members: a visitor's page never
    /// touches TempData, whose cookie would make it uncacheable (Platform/Http/PageCache.cs).</summary>
    public string? Refusal { get; private set; }

    public Page<PostSummary> Posts => List.Page;

    public PostListing List { get; private set; } = new(new([], null), null);

    /// <summary>For a signed-in reader: new comments since their last visit, per post on this page.</summary>
    public IReadOnlyDictionary<Guid, int> Unread { get; private set; } = new Dictionary<Guid, int>();

    public string? Tag { get; private set; }

    public Translation.ListTranslation Translations { get; private set; } = Translation.ListTranslation.None;

    public IReadOnlyList<(Guid Id, string DisplayName, string HomeCountry, MemberRole Role)> Members { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, string? cursor, string? tag, string? before)
    {
        Access = await communities.AccessAsync(slug, User);
        if (Access is null)
        {
            return NotFound();
        }

        PageCache.Tag(HttpContext, PageCache.Community(Access.Community.Id));
        if (User.Identity?.IsAuthenticated == true)
        {
            Refusal = TempData[nameof(Refusal)] as string;
        }

        if (!Cursor.TryDecode(cursor, out var after) || !Cursor.TryDecode(before, out var newer))
        {
            return BadRequest();
        }

        if (User.Id() is { } me && Access.Role is null)
        {
            RequestPending = await communities.HasPendingJoinRequestAsync(Access.Community.Id, me);
        }

        if (Access.CanAdmit && User.Id() is not null)
        {
            JoinRequests = await communities.PendingJoinRequestsAsync(Access.Community.Id, null, Platform.Limits.MaxPageSize);
            var now = clock.GetUtcNow();
            Invites = [.. (await communities.InvitesAsync(Access.Community.Id)).Select(i => CommunityQueries.InviteView(i, CommunityEndpoints.SiteOf(Request), now))];
        }

        if (Access.CanRead)
        {
            Tag = string.IsNullOrWhiteSpace(tag) ? null : tag.Trim();
            List = await posts.CommunityPageAsync(Access.Community.Id, after, newer, Platform.Limits.DefaultPageSize, Tag);
            Unread = await following.UnreadAsync(User.Id(), [.. Posts.Items.Select(p => p.Id)]);
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

    /// <summary>Joins an open community, or asks to join an approval one (with an optional message).</summary>
    public async Task<IActionResult> OnPostJoinAsync(string slug, string? message)
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

        var errors = new Errors();
        var text = errors.Optional("message", message, JoinRequest.MessageChars);
        if (errors.Any)
        {
            return BadRequest();
        }

        await (access.Community.JoinPolicy == CommunityJoinPolicy.Approval && access.Role is null
            ? commands.RequestAsync(access, User.RequiredId(), text)
            : commands.JoinAsync(access, User.RequiredId()));
        return RedirectToPage(new { slug });
    }

    public Task<IActionResult> OnPostAcceptAsync(string slug, Guid requestId) => DecideAsync(slug, requestId, accept: true);

    public Task<IActionResult> OnPostDeclineAsync(string slug, Guid requestId) => DecideAsync(slug, requestId, accept: false);

    public async Task<IActionResult> OnPostInviteAsync(string slug, int? maxUses, int? expiresInHours)
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

        if (!access.CanAdmit)
        {
            return this.NotAllowed();
        }

        var errors = new Errors();
        if (await commands.InviteAsync(access, User.RequiredId(), maxUses, expiresInHours, errors) is null)
        {
            TempData[nameof(Refusal)] = string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value));
        }

        return RedirectToPage(null, null, new { slug }, "invites");
    }

    public async Task<IActionResult> OnPostRevokeAsync(string slug, string code)
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

        if (!access.CanAdmit)
        {
            return this.NotAllowed();
        }

        await commands.RevokeInviteAsync(access, code ?? "");
        return RedirectToPage(null, null, new { slug }, "invites");
    }

    private async Task<IActionResult> DecideAsync(string slug, Guid requestId, bool accept)
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

        if (!access.CanAdmit)
        {
            return this.NotAllowed();
        }

        var communityId = access.Community.Id;
        var request = await db.Set<JoinRequest>().FirstOrDefaultAsync(r => r.Id == requestId && r.CommunityId == communityId);
        if (request is null)
        {
            return NotFound();
        }

        await commands.DecideAsync(access, request, accept, User.RequiredId());
        return RedirectToPage(null, null, new { slug }, "join-requests");
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
