using Mekong.Accounts;
using Mekong.LanguageDetection;
using Mekong.Platform;
using Mekong.Platform.Content;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Platform.Outbox;
using Mekong.Posts;
using Mekong.Review;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Discussion;

/// <summary>Commenting and reacting: the rules shared by the API and the pages.</summary>
public sealed class DiscussionCommands(
    MekongDb db, MarkdownRenderer markdown, AccountQueries accounts, ContentScreen screen, ReviewQueue review, ContentLanguage languages, Outbox outbox, TimeProvider clock,
    DiscussionNotices notices, PostFollowing following)
{
    public async Task<Comment?> CommentAsync(ReadablePost readable, Guid authorId, string? bodyInput, Guid? parentId, string? languageInput, Errors errors)
    {
        if (await accounts.SilencedUntilAsync(authorId) is { } until)
        {
            errors.Deny(AccountQueries.SilencedMessage(until));
            return null;
        }

        var postId = readable.Post.Id;
        var body = errors.Body("body", bodyInput, Limits.CommentBodyBytes);
        var language = errors.Language("language", languageInput, Languages.Undetermined);
        var depth = 0;
        if (parentId is { } pid)
        {
            var parent = await db.Comments.Where(c => c.Id == pid && c.PostId == postId).Select(c => new { c.Depth }).FirstOrDefaultAsync();
            if (parent is null)
            {
                errors.Add("parentId", "No comment with that id on this post.");
            }
            else
            {
                // Deep threads flatten at the last level instead of refusing the reply.
                depth = Math.Min(parent.Depth + 1, Limits.CommentDepth);
            }
        }

        if (errors.Any)
        {
            return null;
        }

        var guess = await languages.ResolveAsync(language, null, body!, authorId);
        language = guess.Language;
        var verdict = await screen.ScreenAsync(new ScreeningRequest(ContentKind.Comment, readable.Access.Community.Id, language, [body!]));
        if (verdict.Outcome == ScreeningOutcome.Reject)
        {
            errors.Add("body", verdict.AuthorMessage ?? "This text is not allowed here.");
            return null;
        }

        var text = verdict.Fields[0];
        var comment = new Comment(postId, parentId, depth, authorId, text, markdown.ToHtml(text, await notices.MentionsAsync(text)), language, clock.GetUtcNow());
        comment.LanguageDecided(guess.Confidence, guess.Source);
        db.Comments.Add(comment);
        if (verdict.Outcome == ScreeningOutcome.Hold)
        {
            comment.Moderate(ModerationState.Held);
        }
        else
        {
            readable.Post.Commented();
        }

        await following.CommentAddedAsync(readable.Post, comment);
        if (verdict.NeedsReview)
        {
            await review.EnqueueScreenedAsync(
                new ReviewedContent(ContentKind.Comment, comment.Id, authorId, readable.Access.Community.Id, language, body!, $"/p/{postId}#c-{comment.Id}"), verdict);
        }

        // Indexing and notifications follow the commit (CommentFollowUp); the event commits with the comment.
        outbox.Add(new CommentAdded(comment.Id));
        await db.SaveChangesAsync();
        return comment;
    }

    /// <summary>Removes the comment's text; true when the reader may, false when forbidden.</summary>
    public async Task<bool> DeleteCommentAsync(Comment comment, ReadablePost readable, Guid userId)
    {
        if (comment.AuthorId != userId && !readable.Access.CanModerate)
        {
            return false;
        }

        if (comment.DeletedAt is null)
        {
            if (comment.IsVisible)
            {
                readable.Post.Uncommented();
            }

            comment.Delete(clock.GetUtcNow());
            outbox.Add(new CommentRemoved(comment.Id));
            await db.SaveChangesAsync();
        }

        return true;
    }

    /// <summary>
    /// The author replaces their comment's text: screened, language decided and indexed again like a new comment.
    /// Only the author edits (moderators edit through review); a deleted comment cannot be edited.
    /// </summary>
    public async Task<CommentEdit> EditCommentAsync(Comment comment, ReadablePost readable, Guid userId, string? bodyInput, Errors errors)
    {
        if (comment.AuthorId != userId)
        {
            return CommentEdit.Forbidden;
        }

        if (comment.DeletedAt is not null)
        {
            return CommentEdit.Deleted;
        }

        if (await accounts.SilencedUntilAsync(userId) is { } until)
        {
            errors.Deny(AccountQueries.SilencedMessage(until));
            return CommentEdit.Forbidden;
        }

        var body = errors.Body("body", bodyInput, Limits.CommentBodyBytes);
        if (errors.Any)
        {
            return CommentEdit.Invalid;
        }

        var current = new LanguageGuess(comment.Language, comment.LanguageConfidence, comment.LanguageSource);
        var guess = await languages.ResolveAsync(null, null, body!, userId, current);
        var verdict = await screen.ScreenAsync(new ScreeningRequest(ContentKind.Comment, readable.Access.Community.Id, guess.Language, [body!]));
        if (verdict.Outcome == ScreeningOutcome.Reject)
        {
            errors.Add("body", verdict.AuthorMessage ?? "This text is not allowed here.");
            return CommentEdit.Invalid;
        }

        var text = verdict.Fields[0];
        var previousBody = comment.Body;
        comment.Edit(text, markdown.ToHtml(text, await notices.MentionsAsync(text)), guess.Language, clock.GetUtcNow());
        comment.LanguageDecided(guess.Confidence, guess.Source);
        if (verdict.Outcome == ScreeningOutcome.Hold && comment.Moderation == ModerationState.Published)
        {
            comment.Moderate(ModerationState.Held);
            readable.Post.Uncommented();
        }

        if (verdict.NeedsReview)
        {
            await review.EnqueueScreenedAsync(
                new ReviewedContent(ContentKind.Comment, comment.Id, userId, readable.Access.Community.Id, guess.Language, body!, $"/p/{comment.PostId}#c-{comment.Id}"), verdict);
        }

        outbox.Add(new CommentEdited(comment.Id, previousBody));
        await db.SaveChangesAsync();
        return CommentEdit.Edited;
    }

    /// <summary>Adds or removes one reaction; idempotent both ways.</summary>
    public async Task SetReactionAsync(ReadablePost readable, Guid userId, ReactionKind kind, bool on)
    {
        var postId = readable.Post.Id;
        var existing = await db.Reactions.FirstOrDefaultAsync(r => r.PostId == postId && r.UserId == userId && r.Kind == kind);
        if (on && existing is null)
        {
            db.Reactions.Add(new Reaction(postId, userId, kind, clock.GetUtcNow()));
            readable.Post.Reacted(+1);
            await db.SaveChangesAsync();
        }
        else if (!on && existing is not null)
        {
            db.Reactions.Remove(existing);
            readable.Post.Reacted(-1);
            await db.SaveChangesAsync();
        }
    }

    public async Task SetBookmarkAsync(Guid postId, Guid userId, bool on)
    {
        var exists = await db.Bookmarks.AnyAsync(b => b.UserId == userId && b.PostId == postId);
        if (on && !exists)
        {
            db.Bookmarks.Add(new Bookmark(userId, postId, clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        else if (!on && exists)
        {
            await db.Bookmarks.Where(b => b.UserId == userId && b.PostId == postId).ExecuteDeleteAsync();
        }
    }

    /// <summary>Follows or unfollows; false when the member tries to follow themselves.</summary>
    public async Task<bool> SetFollowAsync(Guid followerId, Guid followeeId, bool on)
    {
        if (followerId == followeeId)
        {
            return !on;
        }

        var exists = await db.Follows.AnyAsync(f => f.FollowerId == followerId && f.FolloweeId == followeeId);
        if (on && !exists)
        {
            db.Follows.Add(new Follow(followerId, followeeId, clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        else if (!on && exists)
        {
            await db.Follows.Where(f => f.FollowerId == followerId && f.FolloweeId == followeeId).ExecuteDeleteAsync();
        }

        return true;
    }
}

/// <summary>How an edit of a comment ended.</summary>
public enum CommentEdit
{
    Edited,
    Invalid,
    Forbidden,
    Deleted,
}
