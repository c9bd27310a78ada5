using System.Text.RegularExpressions;
using Mekong.Platform;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Communities;

/// <summary>Founding, joining and leaving communities: the rules shared by the API and the pages.</summary>
public sealed partial class CommunityCommands(MekongDb db, TimeProvider clock, CommunityQueries queries, CommunityNotices notices)
{
    /// <summary>How long an invite lasts when its maker says nothing, and the longest it may last.</summary>
    public const int DefaultInviteHours = 7 * 24, MaxInviteHours = 365 * 24, MaxInviteUses = 10_000;

    public async Task<Community?> FoundAsync(
        string? slugInput, string? nameInput, string? descriptionInput, CommunityKind? kind, CommunityVisibility? visibility, string? languageInput,
        Guid ownerId, Errors errors, CommunityJoinPolicy? joinPolicy = null)
    {
        var name = errors.Required("name", nameInput, Limits.CommunityNameChars);
        var description = errors.Optional("description", descriptionInput, Limits.CommunityDescriptionChars);
        var language = errors.Language("language", languageInput, Languages.Undetermined);
        if (kind is null)
        {
            errors.Add("kind", "Required: interestClub, hometownAssociation, universityExchange, industryGroup, diasporaNetwork or culturalOrganization.");
        }

        var slug = string.IsNullOrWhiteSpace(slugInput) ? SlugFrom(name ?? "") : slugInput.Trim().ToLowerInvariant();
        if (!SlugPattern().IsMatch(slug))
        {
            errors.Add("slug", $"Use 3 to {Limits.SlugChars} of a–z, 0–9 and inner hyphens.");
        }
        else if (await db.Communities.AnyAsync(c => c.Slug == slug))
        {
            errors.Add("slug", $"'{slug}' is taken.");
        }

        if (errors.Any)
        {
            return null;
        }

        var seen = visibility ?? CommunityVisibility.Public;
        var community = new Community(slug, name!, description, kind!.Value, seen, joinPolicy ?? Community.DefaultJoinPolicy(seen), language, ownerId, clock.GetUtcNow());
        db.Communities.Add(community);
        await db.SaveChangesAsync();
        return community;
    }

    /// <summary>
    /// Joins an open community at once; in an approval community it files a join request instead; an invite-only
    /// community refuses. Joining twice changes nothing.
    /// </summary>
    public async Task<JoinResult> JoinAsync(CommunityAccess access, Guid userId, CancellationToken ct = default)
    {
        if (access.Role is { } role)
        {
            return new JoinResult(JoinOutcome.Member, role, null);
        }

        switch (access.Community.JoinPolicy)
        {
            case CommunityJoinPolicy.Open:
                access.Community.Join(userId, clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
                return new JoinResult(JoinOutcome.Member, MemberRole.Member, null);
            case CommunityJoinPolicy.Approval:
                return await RequestAsync(access, userId, "", ct);
            default:
                return new JoinResult(JoinOutcome.InviteOnly, null, null);
        }
    }

    /// <summary>Files a join request in an approval community and tells its owner and moderators; one pending request at a time.</summary>
    public async Task<JoinResult> RequestAsync(CommunityAccess access, Guid userId, string message, CancellationToken ct = default)
    {
        var community = access.Community;
        if (access.Role is { } role)
        {
            return new JoinResult(JoinOutcome.Member, role, null);
        }

        if (community.JoinPolicy != CommunityJoinPolicy.Approval)
        {
            return new JoinResult(community.JoinPolicy == CommunityJoinPolicy.Open ? JoinOutcome.Open : JoinOutcome.InviteOnly, null, null);
        }

        var pending = await db.Set<JoinRequest>()
            .FirstOrDefaultAsync(r => r.CommunityId == community.Id && r.UserId == userId && r.Status == JoinRequestStatus.Pending, ct);
        if (pending is not null)
        {
            return new JoinResult(JoinOutcome.AlreadyRequested, null, pending);
        }

        var request = new JoinRequest(community.Id, userId, message, clock.GetUtcNow());
        db.Set<JoinRequest>().Add(request);
        await notices.RequestedAsync(community, userId, await queries.ModeratorIdsAsync(community.Id, ct), ct);
        await db.SaveChangesAsync(ct);
        return new JoinResult(JoinOutcome.Requested, null, request);
    }

    /// <summary>Accepts (the requester becomes a member) or declines a pending request, and tells the requester; an error when already decided.</summary>
    public async Task<string?> DecideAsync(CommunityAccess access, JoinRequest request, bool accept, Guid deciderId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (!request.Decide(accept, deciderId, now))
        {
            return $"This request was already {request.Status.ToString().ToLowerInvariant()}.";
        }

        var community = access.Community;
        if (accept && !await db.Memberships.AnyAsync(m => m.CommunityId == community.Id && m.UserId == request.UserId, ct))
        {
            community.Join(request.UserId, now);
        }

        await notices.DecidedAsync(community, request.UserId, accept, ct);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Makes an invite link; it expires after the given hours (a week by default) and admits up to maxUses people (no limit when null).</summary>
    public async Task<CommunityInvite?> InviteAsync(CommunityAccess access, Guid creatorId, int? maxUses, int? expiresInHours, Errors errors, CancellationToken ct = default)
    {
        if (maxUses is < 1 or > MaxInviteUses)
        {
            errors.Add("maxUses", $"From 1 to {MaxInviteUses}, or leave it out for no limit until the invite expires.");
        }

        if (expiresInHours is < 1 or > MaxInviteHours)
        {
            errors.Add("expiresInHours", $"From 1 to {MaxInviteHours} hours (default {DefaultInviteHours}).");
        }

        if (errors.Any)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var code = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var invite = new CommunityInvite(code, access.Community.Id, creatorId, maxUses, now.AddHours(expiresInHours ?? DefaultInviteHours), now);
        db.Set<CommunityInvite>().Add(invite);
        await db.SaveChangesAsync(ct);
        return invite;
    }

    /// <summary>Joins through an invite, whatever the join policy; a member who uses it again spends nothing.</summary>
    public async Task<InviteResult> AcceptInviteAsync(string code, Guid userId, CancellationToken ct = default)
    {
        var invite = code.Length > 32 ? null : await db.Set<CommunityInvite>().FirstOrDefaultAsync(i => i.Code == code, ct);
        if (invite is null)
        {
            return new InviteResult(null, null, null, null);
        }

        var community = await db.Communities.FirstAsync(c => c.Id == invite.CommunityId, ct);
        var role = await db.Memberships.Where(m => m.CommunityId == community.Id && m.UserId == userId).Select(m => (MemberRole?)m.Role).FirstOrDefaultAsync(ct);
        if (role is not null)
        {
            return new InviteResult(invite, community, role, null);
        }

        var now = clock.GetUtcNow();
        if (invite.RefusalAt(now) is { } refusal)
        {
            return new InviteResult(invite, community, null, refusal);
        }

        invite.Used();
        community.Join(userId, now);
        var pending = await db.Set<JoinRequest>()
            .FirstOrDefaultAsync(r => r.CommunityId == community.Id && r.UserId == userId && r.Status == JoinRequestStatus.Pending, ct);
        pending?.Decide(true, invite.CreatedBy, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another member used the invite at the same moment: the use count is the concurrency token.
            return new InviteResult(invite, community, null, InviteRefusal.Busy);
        }

        return new InviteResult(invite, community, MemberRole.Member, null);
    }

    /// <summary>Revokes an invite of this community; false when it has no invite with that code.</summary>
    public async Task<bool> RevokeInviteAsync(CommunityAccess access, string code, CancellationToken ct = default)
    {
        var communityId = access.Community.Id;
        var invite = code.Length > 32 ? null : await db.Set<CommunityInvite>().FirstOrDefaultAsync(i => i.Code == code && i.CommunityId == communityId, ct);
        if (invite is null)
        {
            return false;
        }

        invite.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Appoints a member as community moderator or dismisses one; null when the user is not a member.</summary>
    public async Task<Membership?> AppointAsync(CommunityAccess access, Guid userId, bool moderator, CancellationToken ct = default)
    {
        var communityId = access.Community.Id;
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.CommunityId == communityId && m.UserId == userId, ct);
        if (membership is null)
        {
            return null;
        }

        membership.Appoint(moderator);
        await db.SaveChangesAsync(ct);
        return membership;
    }

    /// <summary>Leaves the community; false when the member is its owner, who cannot leave.</summary>
    public async Task<bool> LeaveAsync(CommunityAccess access, Guid userId)
    {
        if (access.Role == MemberRole.Owner)
        {
            return false;
        }

        if (access.Role is not null)
        {
            var communityId = access.Community.Id;
            db.Memberships.Remove(await db.Memberships.SingleAsync(m => m.CommunityId == communityId && m.UserId == userId));
            access.Community.Left();
            await db.SaveChangesAsync();
        }

        return true;
    }

    /// <summary>An ASCII address from a name; names in other scripts get a short unique one instead.</summary>
    internal static string SlugFrom(string name)
    {
        var ascii = NonSlug().Replace(name.ToLowerInvariant(), "-").Trim('-');
        if (ascii.Length > Limits.SlugChars)
        {
            ascii = ascii[..Limits.SlugChars].TrimEnd('-');
        }

        return ascii.Length >= 3 ? ascii : "c-" + Guid.CreateVersion7().ToString("N")[^10..];
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}

public enum JoinOutcome
{
    /// <summary>A member now (or already).</summary>
    Member,

    /// <summary>A join request was filed and waits for the owner or a moderator.</summary>
    Requested,

    /// <summary>A request from this member already waits.</summary>
    AlreadyRequested,

    /// <summary>The community is open: join it directly, no request needed.</summary>
    Open,

    /// <summary>Only an invite lets anyone in.</summary>
    InviteOnly,
}

public sealed record JoinResult(JoinOutcome Outcome, MemberRole? Role, JoinRequest? Request);

/// <summary>The invite found (null: no such code), its community, the member's role after using it, or why it admitted no one.</summary>
public sealed record InviteResult(CommunityInvite? Invite, Community? Community, MemberRole? Role, InviteRefusal? Refusal);
