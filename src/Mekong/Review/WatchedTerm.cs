namespace Mekong.Review;

/// <summary>A watched word, wildcard or pattern of a site or of one community, in one language or all.</summary>
public sealed class WatchedTerm
{
    private WatchedTerm() { }

    public WatchedTerm(string pattern, TermKind kind, RuleAction action, string? language, Guid? communityId, string? tag, string reason, Guid createdBy, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Pattern = pattern;
        Kind = kind;
        Action = action;
        Language = language;
        CommunityId = communityId;
        Tag = tag;
        Reason = reason;
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public string Pattern { get; private set; } = "";
    public TermKind Kind { get; private set; }
    public RuleAction Action { get; private set; }

    /// <summary>BCP 47 code the term applies to; null for every language.</summary>
    public string? Language { get; private set; }

    /// <summary>The community the term applies to; null for the whole site.</summary>
    public Guid? CommunityId { get; private set; }

    /// <summary>Topic tag added by a <see cref="RuleAction.Tag"/> rule.</summary>
    public string? Tag { get; private set; }

    /// <summary>Shown to the author when the rule blocks or holds their text, and to moderators in the queue.</summary>
    public string Reason { get; private set; } = "";

    public Guid CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>Something in the review queue: content that screening flagged or held, or that members reported.</summary>
public sealed class ReviewItem
{
    private ReviewItem() { }

    public ReviewItem(ContentKind kind, Guid contentId, Guid? communityId, Guid authorId, string language, string snapshot, ReviewSource source, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Kind = kind;
        ContentId = contentId;
        CommunityId = communityId;
        AuthorId = authorId;
        Language = language;
        Snapshot = snapshot;
        Source = source;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public ContentKind Kind { get; private set; }
    public Guid ContentId { get; private set; }
    public Guid? CommunityId { get; private set; }
    public Guid AuthorId { get; private set; }
    public string Language { get; private set; } = "";

    /// <summary>The text as it was when it came to review, so the decision can be judged later even if it changes.</summary>
    public string Snapshot { get; private set; } = "";

    public ReviewSource Source { get; private set; }
    public ReviewStatus Status { get; private set; }
    public ScreeningOutcome Outcome { get; private set; }

    /// <summary>Why it is here: matched rules, classifier scores and report reasons, one per line.</summary>
    public string Reasons { get; private set; } = "";

    /// <summary>Highest classifier score, 0–1, for sorting and filtering the queue.</summary>
    public double Score { get; private set; }

    public int ReportCount { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }

    public void Screened(ScreeningOutcome outcome, IEnumerable<string> reasons, double score, DateTimeOffset now)
    {
        Outcome = outcome;
        AddReasons(reasons);
        Score = Math.Max(Score, score);
        Reopen(now);
    }

    public void Reported(ReportReason reason, DateTimeOffset now)
    {
        ReportCount++;
        AddReasons([$"report: {reason}"]);
        Reopen(now);
    }

    public void Resolve(DateTimeOffset now)
    {
        Status = ReviewStatus.Resolved;
        ResolvedAt = now;
        UpdatedAt = now;
    }

    public void Reopen(DateTimeOffset now)
    {
        Status = ReviewStatus.Open;
        ResolvedAt = null;
        UpdatedAt = now;
    }

    private void AddReasons(IEnumerable<string> reasons)
    {
        var all = Reasons.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var reason in reasons)
        {
            if (!all.Contains(reason, StringComparer.Ordinal))
            {
                all.Add(reason);
            }
        }

        Reasons = string.Join('\n', all.TakeLast(50));
    }
}

/// <summary>A member's report of a post, comment or profile.</summary>
public sealed class Report
{
    private Report() { }

    public Report(Guid reviewItemId, Guid reporterId, ReportReason reason, string note, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        ReviewItemId = reviewItemId;
        ReporterId = reporterId;
        Reason = reason;
        Note = note;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ReviewItemId { get; private set; }
    public Guid ReporterId { get; private set; }
    public ReportReason Reason { get; private set; }
    public string Note { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>A moderator's decision on an item; the author is told the rule and may appeal once.</summary>
public sealed class Decision
{
    private Decision() { }

    public Decision(Guid reviewItemId, Guid moderatorId, Guid authorId, DecisionAction action, int? days, string rule, string note, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        ReviewItemId = reviewItemId;
        ModeratorId = moderatorId;
        AuthorId = authorId;
        Action = action;
        Days = days;
        Rule = rule;
        Note = note;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ReviewItemId { get; private set; }
    public Guid ModeratorId { get; private set; }
    public Guid AuthorId { get; private set; }
    public DecisionAction Action { get; private set; }

    /// <summary>Length of a silence, in days.</summary>
    public int? Days { get; private set; }

    /// <summary>The rule or guideline applied, shown to the author.</summary>
    public string Rule { get; private set; } = "";

    public string Note { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>An author's one appeal against a decision, decided by a different moderator.</summary>
public sealed class Appeal
{
    private Appeal() { }

    public Appeal(Guid decisionId, Guid authorId, string statement, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        DecisionId = decisionId;
        AuthorId = authorId;
        Statement = statement;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid DecisionId { get; private set; }
    public Guid AuthorId { get; private set; }
    public string Statement { get; private set; } = "";
    public AppealStatus Status { get; private set; }
    public Guid? DeciderId { get; private set; }
    public string Outcome { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }

    public void Decide(bool overturn, Guid deciderId, string outcome, DateTimeOffset now)
    {
        Status = overturn ? AppealStatus.Overturned : AppealStatus.Upheld;
        DeciderId = deciderId;
        Outcome = outcome;
        DecidedAt = now;
    }
}
