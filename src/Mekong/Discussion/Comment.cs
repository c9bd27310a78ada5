namespace Mekong.Discussion;

/// <summary>A reply to a post or to another comment.</summary>
public sealed class Comment
{
    private Comment() { }

    public Comment(Guid postId, Guid? parentId, int depth, Guid authorId, string body, string bodyHtml, string language, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        PostId = postId;
        ParentId = parentId;
        Depth = depth;
        AuthorId = authorId;
        Body = body;
        BodyHtml = bodyHtml;
        Language = language;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid PostId { get; private set; }
    public Guid? ParentId { get; private set; }
    public int Depth { get; private set; }
    public Guid AuthorId { get; private set; }
    public string Body { get; private set; } = "";
    public string BodyHtml { get; private set; } = "";
    public string Language { get; private set; } = "";

    /// <summary>How sure detection was of <see cref="Language"/> (0–1; 1 when the author set it).</summary>
    public double LanguageConfidence { get; private set; }

    /// <summary>"author", "detected" or "declared".</summary>
    public string LanguageSource { get; private set; } = LanguageDetection.LanguageSources.Declared;

    /// <summary>Records how <see cref="Language"/> was decided.</summary>
    public void LanguageDecided(double confidence, string source)
    {
        LanguageConfidence = confidence;
        LanguageSource = source;
    }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>When the author last changed the text (null: never edited); shown as "edited".</summary>
    public DateTimeOffset? EditedAt { get; private set; }

    /// <summary>Counted on the post: published and not deleted.</summary>
    public bool IsVisible => Moderation == Review.ModerationState.Published && DeletedAt is null;

    /// <summary>The author changes the text; a deleted comment cannot be edited (its text is gone).</summary>
    public void Edit(string body, string bodyHtml, string language, DateTimeOffset now)
    {
        if (DeletedAt is not null)
        {
            throw new InvalidOperationException("A deleted comment cannot be edited.");
        }

        Body = body;
        BodyHtml = bodyHtml;
        Language = language;
        EditedAt = now;
    }

    /// <summary>Published, held for review, or removed by a moderator.</summary>
    public Review.ModerationState Moderation { get; private set; }

    public void Moderate(Review.ModerationState state) => Moderation = state;

    /// <summary>A moderator's edit before approval; the author's text stays in the review item's snapshot.</summary>
    public void Replace(string body, string bodyHtml)
    {
        Body = body;
        BodyHtml = bodyHtml;
    }

    /// <summary>A deleted comment keeps its place in the thread so replies stay attached; its text goes.</summary>
    public void Delete(DateTimeOffset now)
    {
        DeletedAt ??= now;
        Body = "";
        BodyHtml = "";
    }
}

public enum ReactionKind
{
    Like,
    Love,
    Haha,
    Wow,
    Sad,
    Celebrate,
}

public sealed class Reaction
{
    private Reaction() { }

    public Reaction(Guid postId, Guid userId, ReactionKind kind, DateTimeOffset now)
    {
        PostId = postId;
        UserId = userId;
        Kind = kind;
        CreatedAt = now;
    }

    public Guid PostId { get; private set; }
    public Guid UserId { get; private set; }
    public ReactionKind Kind { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}

public sealed class Follow
{
    private Follow() { }

    public Follow(Guid followerId, Guid followeeId, DateTimeOffset now)
    {
        FollowerId = followerId;
        FolloweeId = followeeId;
        CreatedAt = now;
    }

    public Guid FollowerId { get; private set; }
    public Guid FolloweeId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>A member follows a post: new comments on it notify them (authors and commenters follow automatically).</summary>
public sealed class PostFollow
{
    private PostFollow() { }

    public PostFollow(Guid postId, Guid userId, DateTimeOffset now)
    {
        PostId = postId;
        UserId = userId;
        CreatedAt = now;
    }

    public Guid PostId { get; private set; }
    public Guid UserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>A member's last look at a post: comments with a greater id are new to them.</summary>
public sealed class PostVisit
{
    private PostVisit() { }

    public PostVisit(Guid postId, Guid userId, Guid seenUpTo, DateTimeOffset now)
    {
        PostId = postId;
        UserId = userId;
        SeenUpTo = seenUpTo;
        VisitedAt = now;
    }

    public Guid PostId { get; private set; }
    public Guid UserId { get; private set; }

    /// <summary>The newest comment id (UUIDv7, so time-ordered) the member had seen, or a v7 id of the visit time.</summary>
    public Guid SeenUpTo { get; private set; }

    public DateTimeOffset VisitedAt { get; private set; }

    public void Seen(Guid upTo, DateTimeOffset now)
    {
        if (upTo.CompareTo(SeenUpTo) > 0)
        {
            SeenUpTo = upTo;
        }

        VisitedAt = now;
    }
}

public sealed class Bookmark
{
    private Bookmark() { }

    public Bookmark(Guid userId, Guid postId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        UserId = userId;
        PostId = postId;
        CreatedAt = now;
    }

    /// <summary>Sortable id so bookmarks page newest-first like every other list.</summary>
    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }
    public Guid PostId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
