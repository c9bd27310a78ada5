using System.Security.Claims;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Communities;

public sealed record CommunityView(
    Guid Id,
    string Slug,
    string Name,
    string Description,
    CommunityKind Kind,
    CommunityVisibility Visibility,
    CommunityJoinPolicy JoinPolicy,
    string Language,
    Guid OwnerId,
    int MemberCount,
    int PostCount,
    DateTimeOffset CreatedAt,
    MemberRole? MyRole);

/// <summary>A request to join, as the owner and moderators see it.</summary>
public sealed record JoinRequestView(
    Guid Id, Guid CommunityId, Guid UserId, string DisplayName, string Message, JoinRequestStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);

/// <summary>An invite link; state is active, expired or usedUp.</summary>
public sealed record InviteView(string Code, string Url, Guid CommunityId, DateTimeOffset ExpiresAt, int? MaxUses, int Uses, DateTimeOffset CreatedAt, string State);

/// <summary>What a reader may do in a community: the rule every feature that shows community content asks.</summary>
public sealed record CommunityAccess(Community Community, MemberRole? Role, bool IsStaff)
{
    public bool CanRead => Community.Visibility == CommunityVisibility.Public || Role is not null || IsStaff;

    public bool CanPost => Role is not null;

    /// <summary>Community owners and moderators, and site staff, may remove content in it.</summary>
    public bool CanModerate => Role is MemberRole.Owner or MemberRole.Moderator || IsStaff;

    /// <summary>Who works the join queue and the invites: the same people who moderate the community.</summary>
    public bool CanAdmit => CanModerate;
}

/// <summary>The Communities feature's public face for other features.</summary>
public sealed class CommunityQueries(MekongDb db)
{
    /// <summary>Finds a community by id or slug.</summary>
    public Task<Community?> FindAsync(string idOrSlug, CancellationToken ct = default)
    {
        if (Guid.TryParse(idOrSlug, out var id))
        {
            return db.Communities.FirstOrDefaultAsync(c => c.Id == id, ct);
        }

        var slug = idOrSlug.ToLowerInvariant();
        return db.Communities.FirstOrDefaultAsync(c => c.Slug == slug, ct);
    }

    public async Task<CommunityAccess?> AccessAsync(string idOrSlug, ClaimsPrincipal reader, CancellationToken ct = default)
    {
        var community = await FindAsync(idOrSlug, ct);
        return community is null ? null : await AccessAsync(community, reader, ct);
    }

    public async Task<CommunityAccess> AccessAsync(Community community, ClaimsPrincipal reader, CancellationToken ct = default)
    {
        var userId = reader.Id();
        MemberRole? role = userId is null
            ? null
            : await db.Memberships.Where(m => m.CommunityId == community.Id && m.UserId == userId)
                .Select(m => (MemberRole?)m.Role).FirstOrDefaultAsync(ct);
        return new CommunityAccess(community, role, reader.IsStaff());
    }

    public async Task<CommunityAccess?> AccessByIdAsync(Guid communityId, ClaimsPrincipal reader, CancellationToken ct = default)
    {
        var community = await db.Communities.FirstOrDefaultAsync(c => c.Id == communityId, ct);
        return community is null ? null : await AccessAsync(community, reader, ct);
    }

    /// <summary>The owner and the moderators the owner appointed: who hears of a new join request.</summary>
    public Task<List<Guid>> ModeratorIdsAsync(Guid communityId, CancellationToken ct = default) =>
        db.Memberships.Where(m => m.CommunityId == communityId && (m.Role == MemberRole.Owner || m.Role == MemberRole.Moderator))
            .Select(m => m.UserId).ToListAsync(ct);

    /// <summary>Whether the member has asked to join and is still waiting for an answer.</summary>
    public Task<bool> HasPendingJoinRequestAsync(Guid communityId, Guid userId, CancellationToken ct = default) =>
        db.Set<JoinRequest>().AnyAsync(r => r.CommunityId == communityId && r.UserId == userId && r.Status == JoinRequestStatus.Pending, ct);

    /// <summary>The requests still waiting for an answer, oldest first.</summary>
    public async Task<Page<JoinRequestView>> PendingJoinRequestsAsync(Guid communityId, Guid? after, int size, CancellationToken ct = default)
    {
        var query = db.Set<JoinRequest>().AsNoTracking().Where(r => r.CommunityId == communityId && r.Status == JoinRequestStatus.Pending);
        if (after is { } a)
        {
            query = query.Where(r => r.Id.CompareTo(a) > 0);
        }

        var rows = await query.OrderBy(r => r.Id).Take(size + 1).ToListAsync(ct);
        var page = Cursor.ToPage(rows, size, r => r.Id);
        return new Page<JoinRequestView>(await RequestViewsAsync(page.Items, ct), page.NextCursor);
    }

    public async Task<List<JoinRequestView>> RequestViewsAsync(IReadOnlyList<JoinRequest> requests, CancellationToken ct = default)
    {
        var userIds = requests.Select(r => r.UserId).Distinct().ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return [.. requests.Select(r => new JoinRequestView(r.Id, r.CommunityId, r.UserId, names.GetValueOrDefault(r.UserId, ""), r.Message, r.Status, r.CreatedAt, r.DecidedAt))];
    }

    /// <summary>The community's invites that were not revoked, newest first (expired and used-up ones included).</summary>
    public Task<List<CommunityInvite>> InvitesAsync(Guid communityId, CancellationToken ct = default) =>
        db.Set<CommunityInvite>().AsNoTracking().Where(i => i.CommunityId == communityId && i.RevokedAt == null)
            .OrderByDescending(i => i.CreatedAt).Take(Platform.Limits.MaxPageSize).ToListAsync(ct);

    /// <summary>Finds an invite by its code, with its community.</summary>
    public async Task<(CommunityInvite Invite, Community Community)?> InviteAsync(string code, CancellationToken ct = default)
    {
        var invite = code.Length > 32 ? null : await db.Set<CommunityInvite>().AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct);
        if (invite is null)
        {
            return null;
        }

        return (invite, await db.Communities.AsNoTracking().FirstAsync(c => c.Id == invite.CommunityId, ct));
    }

    public static InviteView InviteView(CommunityInvite i, string site, DateTimeOffset now) =>
        new(i.Code, $"{site}/i/{i.Code}", i.CommunityId, i.ExpiresAt, i.MaxUses, i.Uses, i.CreatedAt,
            i.RefusalAt(now) switch { InviteRefusal.Expired => "expired", InviteRefusal.UsedUp => "usedUp", _ => "active" });

    public static CommunityView View(Community c, MemberRole? myRole) =>
        new(c.Id, c.Slug, c.Name, c.Description, c.Kind, c.Visibility, c.JoinPolicy, c.Language, c.OwnerId, c.MemberCount, c.PostCount, c.CreatedAt, myRole);
}
