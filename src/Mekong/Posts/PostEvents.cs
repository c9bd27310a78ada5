using Mekong.Notifications;
using Mekong.Platform.Data;
using Mekong.Platform.Outbox;
using Mekong.Search;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Posts;

/// <summary>A post was published (committed with it through the outbox).</summary>
public sealed record PostPublished(Guid PostId);

/// <summary>A post's content was replaced by <paramref name="EditorId"/>; <paramref name="PreviousBody"/> tells which mentions are new.</summary>
public sealed record PostEdited(Guid PostId, Guid EditorId, string PreviousBody);

/// <summary>A post was deleted by its author or a moderator.</summary>
public sealed record PostRemoved(Guid PostId);

/// <summary>A deleted post was brought back.</summary>
public sealed record PostRestored(Guid PostId);

/// <summary>
/// What follows a post's write, behind the commit: the search index takes the post as it now is (a deleted one
/// leaves it), and members it newly mentions are notified. Reads the post afresh, so a late or repeated event
/// indexes the current text.
/// </summary>
internal sealed class PostFollowUp(MekongDb db, IEnumerable<ISearchIndexer> indexers, MentionNotices mentions)
    : IOutboxHandler<PostPublished>, IOutboxHandler<PostEdited>, IOutboxHandler<PostRemoved>, IOutboxHandler<PostRestored>
{
    public async Task HandleAsync(PostPublished @event, OutboxContext context, CancellationToken ct)
    {
        if (await IndexAsync(@event.PostId, ct) is { Moderation: Review.ModerationState.Published, IsDeleted: false } post)
        {
            await mentions.NotifyAsync(Mentioned(post, post.AuthorId), post.Body, ct: ct);
        }
    }

    public async Task HandleAsync(PostEdited @event, OutboxContext context, CancellationToken ct)
    {
        if (await IndexAsync(@event.PostId, ct) is { Moderation: Review.ModerationState.Published, IsDeleted: false } post)
        {
            await mentions.NotifyAsync(Mentioned(post, @event.EditorId), post.Body, @event.PreviousBody, ct);
        }
    }

    public async Task HandleAsync(PostRemoved @event, OutboxContext context, CancellationToken ct)
    {
        foreach (var indexer in indexers)
        {
            await indexer.RemoveAsync(SearchKind.Post, @event.PostId, ct: ct);
        }
    }

    public Task HandleAsync(PostRestored @event, OutboxContext context, CancellationToken ct) => IndexAsync(@event.PostId, ct);

    /// <summary>Tells every search indexer about the post as it now is; null when it is gone.</summary>
    private async Task<Post?> IndexAsync(Guid postId, CancellationToken ct)
    {
        var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null)
        {
            return null;
        }

        foreach (var indexer in indexers)
        {
            if (post.IsDeleted)
            {
                await indexer.RemoveAsync(SearchKind.Post, post.Id, ct: ct);
            }
            else
            {
                await indexer.IndexAsync(new SearchDocument(SearchKind.Post, post.Id, post.Id, post.CommunityId, post.Language, post.Title, post.Body, post.CreatedAt), ct);
            }
        }

        return post;
    }

    private static MentionContext Mentioned(Post post, Guid actorId) => new(actorId, post.CommunityId, post.Title, $"/p/{post.Id}");
}
