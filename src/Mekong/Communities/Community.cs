namespace Mekong.Communities;

public enum CommunityKind
{
    InterestClub,
    HometownAssociation,
    UniversityExchange,
    IndustryGroup,
    DiasporaNetwork,
    CulturalOrganization,
}

public enum CommunityVisibility
{
    /// <summary>Anyone, signed in or not, reads the posts.</summary>
    Public,

    /// <summary>Only members read the posts; everyone sees the name and description.</summary>
    MembersOnly,
}

/// <summary>How someone becomes a member.</summary>
public enum CommunityJoinPolicy
{
    /// <summary>Anyone signed in joins at once.</summary>
    Open,

    /// <summary>A join request the owner or the community's moderators accept or decline; an invite skips the queue.</summary>
    Approval,

    /// <summary>Only through an invite link.</summary>
    InviteOnly,
}

public enum MemberRole
{
    Member,
    Moderator,
    Owner,
}

/// <summary>A club, association or group where members publish and discuss.</summary>
public sealed class Community
{
    private Community() { }

    public Community(
        string slug, string name, string description, CommunityKind kind, CommunityVisibility visibility, CommunityJoinPolicy joinPolicy, string language, Guid ownerId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Slug = slug;
        Name = name;
        Description = description;
        Kind = kind;
        Visibility = visibility;
        JoinPolicy = joinPolicy;
        Language = language;
        OwnerId = ownerId;
        CreatedAt = now;
        Members.Add(new Membership(Id, ownerId, MemberRole.Owner, now));
        MemberCount = 1;
    }

    public Guid Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public CommunityKind Kind { get; private set; }
    public CommunityVisibility Visibility { get; private set; }
    public CommunityJoinPolicy JoinPolicy { get; private set; }

    /// <summary>The language the community mostly writes in (BCP 47), shown as a hint to newcomers.</summary>
    public string Language { get; private set; } = "";

    public Guid OwnerId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int MemberCount { get; private set; }
    public int PostCount { get; private set; }
    public List<Membership> Members { get; private set; } = [];

    public void Describe(string name, string description, CommunityKind kind, CommunityVisibility visibility, CommunityJoinPolicy joinPolicy, string language)
    {
        Name = name;
        Description = description;
        Kind = kind;
        Visibility = visibility;
        JoinPolicy = joinPolicy;
        Language = language;
    }

    /// <summary>The policy a community gets when none is given: members-only ones ask before letting anyone in.</summary>
    public static CommunityJoinPolicy DefaultJoinPolicy(CommunityVisibility visibility) =>
        visibility == CommunityVisibility.MembersOnly ? CommunityJoinPolicy.Approval : CommunityJoinPolicy.Open;

    public Membership Join(Guid userId, DateTimeOffset now)
    {
        var membership = new Membership(Id, userId, MemberRole.Member, now);
        Members.Add(membership);
        MemberCount++;
        return membership;
    }

    public void Left() => MemberCount--;

    public void PostAdded() => PostCount++;

    public void PostRemoved() => PostCount = Math.Max(0, PostCount - 1);
}

public sealed class Membership
{
    private Membership() { }

    public Membership(Guid communityId, Guid userId, MemberRole role, DateTimeOffset now)
    {
        CommunityId = communityId;
        UserId = userId;
        Role = role;
        JoinedAt = now;
    }

    public Guid CommunityId { get; private set; }
    public Guid UserId { get; private set; }
    public MemberRole Role { get; private set; }
    public DateTimeOffset JoinedAt { get; private set; }

    /// <summary>Makes a member a community moderator, or a moderator a plain member again; the owner stays owner.</summary>
    public void Appoint(bool moderator)
    {
        if (Role != MemberRole.Owner)
        {
            Role = moderator ? MemberRole.Moderator : MemberRole.Member;
        }
    }
}
