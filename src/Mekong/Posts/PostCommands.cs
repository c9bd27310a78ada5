using Mekong.Accounts;
using Mekong.Communities;
using Mekong.LanguageDetection;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Platform.Outbox;
using Mekong.Review;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Posts;

/// <summary>Publishing and changing posts: the rules shared by the API and the pages.</summary>
public sealed class PostCommands(
    MekongDb db, PostComposer composer, AccountQueries accounts, ContentScreen screen, ReviewQueue review, ContentLanguage languages, Outbox outbox, TimeProvider clock,
    Notifications.MentionNotices mentions, Discussion.PostFollowing following)
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

        var guess = await languages.ResolveAsync(content.Language, content.Title, content.Body, authorId);
        content = content with { Language = guess.Language };

        var verdict = await screen.ScreenAsync(new ScreeningRequest(ContentKind.Post, access.Community.Id, content.Language, [content.Title, content.Body]));
        var screened = Screened(content, verdict, errors);
        if (screened is null)
        {
            return null;
        }

        screened = screened with { BodyHtml = await mentions.HtmlAsync(screened.Body) };

        var origin = await db.Users.Where(u => u.Id == authorId).Select(u => u.HomeCountry).FirstAsync();
        var post = new Post(access.Community.Id, authorId, origin, screened, clock.GetUtcNow());
        post.LanguageDecided(guess.Confidence, guess.Source);
        db.Posts.Add(post);
        following.PostCreated(post);
        if (verdict.Outcome == ScreeningOutcome.Hold)
        {
            post.Moderate(ModerationState.Held);
        }
        else
        {
            access.Community.PostAdded();
        }

        if (verdict.NeedsReview)
        {
            await review.EnqueueScreenedAsync(Reviewed(post, content), verdict);
        }

        // Indexing and mentions follow the commit (PostFollowUp); the event commits with the post.
        outbox.Add(new PostPublished(post.Id));
        await db.SaveChangesAsync();
        return post;
    }

    /// <summary>Replaces the content, keeping the previous version; absent fields keep their value.</summary>
    public async Task<bool> EditAsync(ReadablePost readable, Guid editorId, string? title, string? body, IReadOnlyList<string>? tags, string? language, Errors errors)
    {
        var post = readable.Post;
        var previousBody = post.Body;
        var content = composer.Compose(title ?? post.Title, body ?? post.Body, tags ?? post.TagList, language, errors);
        if (content is null)
        {
            return false;
        }

        // No language in the request: one the author set stays, a detected one is detected again.
        var guess = await languages.ResolveAsync(
            language is null ? null : content.Language, content.Title, content.Body, post.AuthorId,
            new LanguageGuess(post.Language, post.LanguageConfidence, post.LanguageSource));
        content = content with { Language = guess.Language };

        var verdict = await screen.ScreenAsync(new ScreeningRequest(ContentKind.Post, post.CommunityId, content.Language, [content.Title, content.Body]));
        var screened = Screened(content, verdict, errors);
        if (screened is null)
        {
            return false;
        }

        screened = screened with { BodyHtml = await mentions.HtmlAsync(screened.Body) };

        post.Edit(screened, editorId, clock.GetUtcNow());
        post.LanguageDecided(guess.Confidence, guess.Source);
        if (verdict.Outcome == ScreeningOutcome.Hold && post.Moderation == ModerationState.Published)
        {
            post.Moderate(ModerationState.Held);
            readable.Access.Community.PostRemoved();
        }

        if (verdict.NeedsReview)
        {
            await review.EnqueueScreenedAsync(Reviewed(post, content), verdict);
        }

        outbox.Add(new PostEdited(post.Id, editorId, previousBody));
        await db.SaveChangesAsync();
        return true;
    }

    /// <summary>The content as screening leaves it: null when rejected, censored spans masked, rule tags added.</summary>
    private PostContent? Screened(PostContent content, ScreeningVerdict verdict, Errors errors)
    {
        if (verdict.Outcome == ScreeningOutcome.Reject)
        {
            errors.Add("content", verdict.AuthorMessage ?? "This text is not allowed here.");
            return null;
        }

        var tags = content.Tags.Concat(verdict.Tags).Distinct(StringComparer.Ordinal).Take(Platform.Limits.TagsPerPost).ToList();
        if (verdict.Fields[0] == content.Title && verdict.Fields[1] == content.Body && tags.Count == content.Tags.Count)
        {
            return content;
        }

        return composer.Compose(verdict.Fields[0], verdict.Fields[1], tags, content.Language, errors);
    }

    private static ReviewedContent Reviewed(Post post, PostContent original) =>
        new(ContentKind.Post, post.Id, post.AuthorId, post.CommunityId, original.Language, original.Title + "\n\n" + original.Body, $"/p/{post.Id}");

    public async Task DeleteAsync(ReadablePost readable)
    {
        if (!readable.Post.IsDeleted)
        {
            readable.Post.Delete(clock.GetUtcNow());
            readable.Access.Community.PostRemoved();
            outbox.Add(new PostRemoved(readable.Post.Id));
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
        outbox.Add(new PostRestored(readable.Post.Id));
        await db.SaveChangesAsync();
        return true;
    }
}
