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
    string Language,
    Guid OwnerId,
    int MemberCount,
    int PostCount,
    DateTimeOffset CreatedAt,
    MemberRole? MyRole);

/// <summary>What a reader may do in a community: the rule every feature that shows community content asks.</summary>
public sealed record CommunityAccess(Community Community, MemberRole? Role, bool IsStaff)
{
    public bool CanRead => Community.Visibility == CommunityVisibility.Public || Role is not null || IsStaff;

    public bool CanPost => Role is not null;

    /// <summary>Community owners and moderators, and site staff, may remove content in it.</summary>
    public bool CanModerate => Role is MemberRole.Owner or MemberRole.Moderator || IsStaff;
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

    public static CommunityView View(Community c, MemberRole? myRole) =>
        new(c.Id, c.Slug, c.Name, c.Description, c.Kind, c.Visibility, c.Language, c.OwnerId, c.MemberCount, c.PostCount, c.CreatedAt, myRole);
}
