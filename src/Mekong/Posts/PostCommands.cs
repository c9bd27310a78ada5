using Mekong.Accounts;
using Mekong.Communities;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Posts;

/// <summary>Publishing and changing posts: the rules shared by the API and the pages.</summary>
public sealed class PostCommands(MekongDb db, PostComposer composer, AccountQueries accounts, TimeProvider clock)
{
    /// <summary>Publishes a post by a member of the community; null with errors when the input is invalid.</summary>
    public async Task<Post?> PublishAsync(CommunityAccess access, Guid authorId, string? title, string? body, IReadOnlyList<string>? tags, string? language, Errors errors)
    {
        if (await accounts.SilencedUntilAsync(authorId) is { } until)
        {
            errors.Deny(AccountQueries.SilencedMessage(until));
            return null;
        }

        var content = composer.Compose(title, body, tags, language, errors);
        if (content is null)
        {
            return null;
        }

        var origin = await db.Users.Where(u => u.Id == authorId).Select(u => u.HomeCountry).FirstAsync();
        var post = new Post(access.Community.Id, authorId, origin, content, clock.GetUtcNow());
        db.Posts.Add(post);
        access.Community.PostAdded();
        await db.SaveChangesAsync();
        return post;
    }

    /// <summary>Replaces the content, keeping the previous version; absent fields keep their value.</summary>
    public async Task<bool> EditAsync(ReadablePost readable, Guid editorId, string? title, string? body, IReadOnlyList<string>? tags, string? language, Errors errors)
    {
        var post = readable.Post;
        var content = composer.Compose(title ?? post.Title, body ?? post.Body, tags ?? post.TagList, language ?? post.Language, errors);
        if (content is null)
        {
            return false;
        }

        post.Edit(content, editorId, clock.GetUtcNow());
        await db.SaveChangesAsync();
        return true;
    }

    public async Task DeleteAsync(ReadablePost readable)
    {
        if (!readable.Post.IsDeleted)
        {
            readable.Post.Delete(clock.GetUtcNow());
            readable.Access.Community.PostRemoved();
            await db.SaveChangesAsync();
        }
    }

    /// <summary>Brings a deleted post back; false when the 30-day window has passed.</summary>
    public async Task<bool> RestoreAsync(ReadablePost readable)
    {
        if (!readable.Post.IsDeleted)
        {
            return true;
        }

        if (!readable.Post.CanRestore(clock.GetUtcNow()))
        {
            return false;
        }

        readable.Post.Restore();
        readable.Access.Community.PostAdded();
        await db.SaveChangesAsync();
        return true;
    }
}
