using Mekong.Notifications;
using Mekong.Platform.Data;
using Mekong.Posts;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Discussion;

/// <summary>
/// Who hears of a new or edited comment: the post's author (a comment on my post), the parent comment's author (a
/// reply to my comment), and the members it newly mentions. The notifier keeps one notification per member per
/// comment (a mention outranks a reply) and never tells the writer; these are saved with the comment.
/// </summary>
public sealed class DiscussionNotices(MekongDb db, MentionNotices mentions, Notifier notifier)
{
    /// <summary>The members a text mentions, by handle, for the renderer to link.</summary>
    public Task<Dictionary<string, Guid>> MentionsAsync(string body) => mentions.ResolveAsync(body);

    public async Task CommentedAsync(ReadablePost readable, Comment comment)
    {
        if (comment.Moderation != Review.ModerationState.Published)
        {
            return; // held for review: nobody hears of it until a moderator approves it
        }

        var where = Where(readable, comment);
        await mentions.NotifyAsync(where, comment.Body);
        var args = await mentions.ArgsAsync(where);
        if (comment.ParentId is { } parentId
            && await db.Comments.AsNoTracking().Where(c => c.Id == parentId && c.DeletedAt == null).Select(c => (Guid?)c.AuthorId).FirstOrDefaultAsync() is { } parentAuthor
            && parentAuthor != comment.AuthorId)
        {
            notifier.Notify(parentAuthor, NotificationKinds.ReplyToComment, where.Link, args);
        }

        if (readable.Post.AuthorId != comment.AuthorId)
        {
            notifier.Notify(readable.Post.AuthorId, NotificationKinds.ReplyToPost, where.Link, args);
        }
    }

    /// <summary>An edit tells only the members it mentions for the first time.</summary>
    public Task CommentEditedAsync(ReadablePost readable, Comment comment, string previousBody) =>
        comment.Moderation == Review.ModerationState.Published
            ? mentions.NotifyAsync(Where(readable, comment), comment.Body, previousBody)
            : Task.CompletedTask;

    private static MentionContext Where(ReadablePost readable, Comment comment) =>
        new(comment.AuthorId, readable.Access.Community.Id, readable.Post.Title, $"/p/{readable.Post.Id}#c-{comment.Id}", comment.Id);
}
