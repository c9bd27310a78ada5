using Mekong.Platform.Data;
using Mekong.Platform.Outbox;
using Mekong.Posts;
using Mekong.Search;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Discussion;

/// <summary>A comment was added (committed with it through the outbox).</summary>
public sealed record CommentAdded(Guid CommentId);

/// <summary>A comment's text was replaced; <paramref name="PreviousBody"/> tells which mentions are new.</summary>
public sealed record CommentEdited(Guid CommentId, string PreviousBody);

/// <summary>A comment was deleted by its author or a moderator.</summary>
public sealed record CommentRemoved(Guid CommentId);

/// <summary>
/// What follows a comment's write, behind the commit: the search index takes the comment as it now is, and the
/// post's author, the parent comment's author, the members it mentions and the post's followers are notified
/// (one notification per member per comment, saved with the event's handling). Reads the comment afresh.
/// </summary>
internal sealed class CommentFollowUp(MekongDb db, IEnumerable<ISearchIndexer> indexers, DiscussionNotices notices, PostFollowing following)
    : IOutboxHandler<CommentAdded>, IOutboxHandler<CommentEdited>, IOutboxHandler<CommentRemoved>
{
    public async Task HandleAsync(CommentAdded @event, OutboxContext context, CancellationToken ct)
    {
        if (await IndexAsync(@event.CommentId, ct) is { } found && found.Comment.IsVisible)
        {
            await following.NotifyFollowersAsync(found.Post, found.Comment, ct);
            await notices.CommentedAsync(found.Post, found.Comment, ct);
        }
    }

    public async Task HandleAsync(CommentEdited @event, OutboxContext context, CancellationToken ct)
    {
        if (await IndexAsync(@event.CommentId, ct) is { } found && found.Comment.IsVisible)
        {
            await notices.CommentEditedAsync(found.Post, found.Comment, @event.PreviousBody, ct);
        }
    }

    public async Task HandleAsync(CommentRemoved @event, OutboxContext context, CancellationToken ct)
    {
        foreach (var indexer in indexers)
        {
            await indexer.RemoveAsync(SearchKind.Comment, @event.CommentId, ct: ct);
        }
    }

    /// <summary>Tells every search indexer about the comment as it now is; null when it or its post is gone.</summary>
    private async Task<(Post Post, Comment Comment)?> IndexAsync(Guid commentId, CancellationToken ct)
    {
        var comment = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == commentId, ct);
        var post = comment is null ? null : await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == comment.PostId, ct);
        if (comment is null || post is null)
        {
            return null;
        }

        foreach (var indexer in indexers)
        {
            if (comment.DeletedAt is not null)
            {
                await indexer.RemoveAsync(SearchKind.Comment, comment.Id, ct: ct);
            }
            else
            {
                await indexer.IndexAsync(new SearchDocument(
                    SearchKind.Comment, comment.Id, post.Id, post.CommunityId, comment.Language, post.Title, comment.Body, comment.CreatedAt), ct);
            }
        }

        return (post, comment);
    }
}
