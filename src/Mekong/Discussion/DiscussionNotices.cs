using Mekong.Notifications;
using Mekong.Platform.Data;
using Mekong.Posts;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Discussion;

/// <summary>
/// Who hears of a new or edited comment: the post's author (a comment on my post), the parent comment's author (a
/// reply to my comment), and the members it newly mentions. The notifier keeps one notification per member per
/// comment (a mention outranks a reply) and never tells the writer. Called behind the commit (CommentFollowUp).
/// </summary>
public sealed class DiscussionNotices(MekongDb db, MentionNotices mentions, Notifier notifier)
{
    /// <summary>The members a text mentions, by handle, for the renderer to link.</summary>
    public Task<Dictionary<string, Guid>> MentionsAsync(string body) => mentions.ResolveAsync(body);

    public async Task CommentedAsync(Post post, Comment comment, CancellationToken ct = default)
    {
        if (comment.Moderation != Review.ModerationState.Published)
        {
            return; // held for review: nobody hears of it until a moderator approves it
        }

        var where = Where(post, comment);
        await mentions.NotifyAsync(where, comment.Body, ct: ct);
        var args = await mentions.ArgsAsync(where, ct);
        if (comment.ParentId is { } parentId
            && await db.Comments.AsNoTracking().Where(c => c.Id == parentId && c.DeletedAt == null).Select(c => (Guid?)c.AuthorId).FirstOrDefaultAsync(ct) is { } parentAuthor
            && parentAuthor != comment.AuthorId)
        {
            notifier.Notify(parentAuthor, NotificationKinds.ReplyToComment, where.Link, args);
        }

        if (post.AuthorId != comment.AuthorId)
        {
            notifier.Notify(post.AuthorId, NotificationKinds.ReplyToPost, where.Link, args);
        }
    }

    /// <summary>An edit tells only the members it mentions for the first time.</summary>
    public Task CommentEditedAsync(Post post, Comment comment, string previousBody, CancellationToken ct = default) =>
        comment.Moderation == Review.ModerationState.Published
            ? mentions.NotifyAsync(Where(post, comment), comment.Body, previousBody, ct)
            : Task.CompletedTask;

    private static MentionContext Where(Post post, Comment comment) =>
        new(comment.AuthorId, post.CommunityId, post.Title, $"/p/{post.Id}#c-{comment.Id}", comment.Id);
}
