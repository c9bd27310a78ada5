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
}
