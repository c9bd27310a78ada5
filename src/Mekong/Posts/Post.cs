namespace Mekong.Posts;

/// <summary>A story, article or discussion starter published in a community.</summary>
public sealed class Post
{
    private Post() { }

    public Post(Guid communityId, Guid authorId, string origin, PostContent content, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        CommunityId = communityId;
        AuthorId = authorId;
        Origin = origin;
        CreatedAt = now;
        Apply(content, now);
    }

    public Guid Id { get; private set; }
    public Guid CommunityId { get; private set; }
    public Guid AuthorId { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";

    /// <summary>Sanitized HTML rendered from <see cref="Body"/>; derived, stored so reads never render.</summary>
    public string BodyHtml { get; private set; } = "";

    /// <summary>The first words as plain text, for lists and link previews.</summary>
    public string Excerpt { get; private set; } = "";

    /// <summary>Topic tags as ",tag,tag," so one LIKE finds a tag on every database.</summary>
    public string Tags { get; private set; } = ",";

    /// <summary>Original language (BCP 47) or "und".</summary>
    public string Language { get; private set; } = Platform.Languages.Undetermined;

    /// <summary>How sure detection was of <see cref="Language"/> (0–1; 1 when the author set it).</summary>
    public double LanguageConfidence { get; private set; }

    /// <summary>"author", "detected" or "declared" (the author's reading language, when detection could not tell).</summary>
    public string LanguageSource { get; private set; } = LanguageDetection.LanguageSources.Declared;

    /// <summary>The author's home country when the post was written: its culture of origin.</summary>
    public string Origin { get; private set; } = "";

    public int Revision { get; private set; }

    /// <summary>Published, held for review, or removed by a moderator.</summary>
    public Review.ModerationState Moderation { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? DeletedAt { get; private set; }
    public int CommentCount { get; private set; }
    public int ReactionCount { get; private set; }
    public int ShareCount { get; private set; }

    public List<PostRevision> Revisions { get; private set; } = [];

    public IReadOnlyList<string> TagList => Tags.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>Replaces the content and keeps the old one as a revision.</summary>
    public void Edit(PostContent content, Guid editorId, DateTimeOffset now)
    {
        Revisions.Add(new PostRevision(Id, Revision, Title, Body, Tags, Language, editorId, UpdatedAt));
        Apply(content, now);
    }

    public void Delete(DateTimeOffset now) => DeletedAt ??= now;

    /// <summary>Records how <see cref="Language"/> was decided.</summary>
    public void LanguageDecided(double confidence, string source)
    {
        LanguageConfidence = confidence;
        LanguageSource = source;
    }

    public bool CanRestore(DateTimeOffset now) => DeletedAt is { } at && now - at <= Platform.Limits.PostRestoreWindow;

    public void Restore() => DeletedAt = null;

    public bool IsPublished => Moderation == Review.ModerationState.Published && DeletedAt is null;

    public void Moderate(Review.ModerationState state) => Moderation = state;

    public void Commented() => CommentCount++;

    public void Uncommented() => CommentCount = Math.Max(0, CommentCount - 1);

    public void Reacted(int delta) => ReactionCount = Math.Max(0, ReactionCount + delta);

    public void Shared() => ShareCount++;

    private void Apply(PostContent content, DateTimeOffset now)
    {
        Title = content.Title;
        Body = content.Body;
        BodyHtml = content.BodyHtml;
        Excerpt = content.Excerpt;
        Tags = "," + string.Join(',', content.Tags) + (content.Tags.Count > 0 ? "," : "");
        Language = content.Language;
        Revision++;
        UpdatedAt = now;
    }
}

/// <summary>What an author writes; validated and rendered before it reaches a <see cref="Post"/>.</summary>
public sealed record PostContent(string Title, string Body, string BodyHtml, string Excerpt, IReadOnlyList<string> Tags, string Language);

/// <summary>A former version of a post, kept when the post is edited.</summary>
public sealed class PostRevision
{
    private PostRevision() { }

    public PostRevision(Guid postId, int number, string title, string body, string tags, string language, Guid editorId, DateTimeOffset writtenAt)
    {
        Id = Guid.CreateVersion7(writtenAt);
        PostId = postId;
        Number = number;
        Title = title;
        Body = body;
        Tags = tags;
        Language = language;
        EditorId = editorId;
        WrittenAt = writtenAt;
    }

    public Guid Id { get; private set; }
    public Guid PostId { get; private set; }
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string Tags { get; private set; } = "";
    public string Language { get; private set; } = "";

    /// <summary>Who replaced this version.</summary>
    public Guid EditorId { get; private set; }

    public DateTimeOffset WrittenAt { get; private set; }
}
