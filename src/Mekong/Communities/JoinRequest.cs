namespace Mekong.Communities;

public enum JoinRequestStatus
{
    Pending,
    Accepted,
    Declined,
}

/// <summary>Someone asking to join a community whose join policy is approval; the owner or its moderators decide.</summary>
public sealed class JoinRequest
{
    public const int MessageChars = 500;

    private JoinRequest() { }

    public JoinRequest(Guid communityId, Guid userId, string message, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        CommunityId = communityId;
        UserId = userId;
        Message = message;
        CreatedAt = now;
        Status = JoinRequestStatus.Pending;
    }

    public Guid Id { get; private set; }
    public Guid CommunityId { get; private set; }
    public Guid UserId { get; private set; }

    /// <summary>A few words to the owner, optional.</summary>
    public string Message { get; private set; } = "";

    public JoinRequestStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public Guid? DecidedBy { get; private set; }

    /// <summary>Records the decision; false when the request was already decided.</summary>
    public bool Decide(bool accept, Guid deciderId, DateTimeOffset now)
    {
        if (Status != JoinRequestStatus.Pending)
        {
            return false;
        }

        Status = accept ? JoinRequestStatus.Accepted : JoinRequestStatus.Declined;
        DecidedBy = deciderId;
        DecidedAt = now;
        return true;
    }
}

/// <summary>An invite link into a community: it expires, may be used a limited number of times, and can be revoked.</summary>
public sealed class CommunityInvite
{
    private CommunityInvite() { }

    public CommunityInvite(string code, Guid communityId, Guid createdBy, int? maxUses, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        Code = code;
        CommunityId = communityId;
        CreatedBy = createdBy;
        MaxUses = maxUses;
        ExpiresAt = expiresAt;
        CreatedAt = now;
    }

    /// <summary>The unguessable part of the link (/i/{code}).</summary>
    public string Code { get; private set; } = "";

    public Guid CommunityId { get; private set; }
    public Guid CreatedBy { get; private set; }

    /// <summary>How many people may join with it; null for no limit until it expires.</summary>
    public int? MaxUses { get; private set; }

    public int Uses { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Why the invite no longer admits anyone, or null while it does.</summary>
    public InviteRefusal? RefusalAt(DateTimeOffset now) =>
        RevokedAt is not null ? InviteRefusal.Revoked
        : now >= ExpiresAt ? InviteRefusal.Expired
        : MaxUses is { } max && Uses >= max ? InviteRefusal.UsedUp
        : null;

    public void Used() => Uses++;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}

public enum InviteRefusal
{
    Expired,
    UsedUp,
    Revoked,

    /// <summary>Someone else used it at the same moment; trying again may succeed.</summary>
    Busy,
}
