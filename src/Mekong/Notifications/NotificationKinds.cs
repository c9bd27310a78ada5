namespace Mekong.Notifications;

/// <summary>
/// The kinds of notification. A notification stores its kind and parameters; it is rendered in the reader's
/// interface language when read, so every kind names the parameters its message uses.
/// </summary>
public static class NotificationKinds
{
    /// <summary>Someone commented on my post. Args: actor, post (title), comment (id).</summary>
    public const string ReplyToPost = "reply.post";

    /// <summary>Someone replied to my comment. Args: actor, post (title), comment (id).</summary>
    public const string ReplyToComment = "reply.comment";

    /// <summary>Someone mentioned me with @handle. Args: actor, post (title), comment (id, when in a comment).</summary>
    public const string Mention = "mention";

    /// <summary>A new comment on a post I follow. Args: actor, post (title), comment (id).</summary>
    public const string FollowedPostComment = "post.followed.comment";

    /// <summary>A moderator decided about my content. Args: action (approve, editAndApprove, remove, warn, silence, suspend), rule, days.</summary>
    public const string ModerationDecision = "moderation.decision";

    /// <summary>My appeal was decided. Args: outcome ("accepted" or "declined"), note.</summary>
    public const string ModerationAppeal = "moderation.appeal";

    /// <summary>Someone asked to join a community I moderate. Args: actor, community (name).</summary>
    public const string JoinRequested = "community.joinRequest";

    /// <summary>My request to join was accepted. Args: community (name).</summary>
    public const string JoinAccepted = "community.joinAccepted";

    /// <summary>My request to join was declined. Args: community (name).</summary>
    public const string JoinDeclined = "community.joinDeclined";

    /// <summary>Someone tried to sign up with my e-mail address. No args.</summary>
    public const string RegistrationAttempt = "account.registration-attempt";

    /// <summary>The kinds a member chooses e-mail delivery for, with the English label (a UiText key) of each.</summary>
    public static readonly IReadOnlyList<(string Kind, string Label)> Mailable =
    [
        (ReplyToPost, "Comments on my posts"),
        (ReplyToComment, "Replies to my comments"),
        (Mention, "Mentions of me"),
        (FollowedPostComment, "New comments on posts I follow"),
        (JoinRequested, "Requests to join communities I moderate"),
        (JoinAccepted, "Decisions on my requests to join"),
        (ModerationDecision, "Moderation decisions about my content"),
    ];

    /// <summary>Kinds that share a setting with the listed one (a declined request goes with an accepted one).</summary>
    public static string SettingFor(string kind) => kind switch
    {
        JoinDeclined => JoinAccepted,
        ModerationAppeal => ModerationDecision,
        _ => kind,
    };

    /// <summary>
    /// One event notifies a member once: when several reasons meet (mentioned in a reply to my comment on a post I
    /// follow), the most specific wins.
    /// </summary>
    public static int Priority(string kind) => kind switch
    {
        Mention => 4,
        ReplyToComment => 3,
        ReplyToPost => 2,
        FollowedPostComment => 1,
        _ => 0,
    };

    /// <summary>Kinds caused by another member's writing: never sent to the writer themselves.</summary>
    public static bool IsSocial(string kind) => Priority(kind) > 0;
}
