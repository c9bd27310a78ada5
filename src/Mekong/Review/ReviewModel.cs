namespace Mekong.Review;

/// <summary>What kind of member-written content an item of review is.</summary>
public enum ContentKind
{
    Post,
    Comment,
    Profile,
}

/// <summary>Where a post or comment stands with moderation.</summary>
public enum ModerationState
{
    Published,

    /// <summary>Held for review before anyone but its author and moderators sees it.</summary>
    Held,

    /// <summary>Removed by a moderator; kept for appeals and the audit trail.</summary>
    Removed,
}

/// <summary>What screening decided for one piece of content.</summary>
public enum ScreeningOutcome
{
    Publish,
    PublishAndFlag,
    Hold,
    Reject,
}

/// <summary>What a watched term does when it matches, as in Discourse's watched words.</summary>
public enum RuleAction
{
    /// <summary>Reject with the rule's reason shown to the author.</summary>
    Block,

    /// <summary>Hold for a moderator's approval.</summary>
    RequireApproval,

    /// <summary>Publish, and put in the review queue.</summary>
    Flag,

    /// <summary>Publish with the matched text masked.</summary>
    Censor,

    /// <summary>Publish and add a topic tag.</summary>
    Tag,
}

public enum TermKind
{
    /// <summary>A word or phrase, matched after normalization on word boundaries.</summary>
    Plain,

    /// <summary>A term with * at its start or end: any word beginning or ending with it.</summary>
    Wildcard,

    /// <summary>A .NET regular expression over the normalized text, run with a timeout.</summary>
    Regex,
}

public enum ReportReason
{
    Spam,
    Harassment,
    Hate,
    Sexual,
    Violence,
    Misinformation,
    Other,
}

public enum ReviewSource
{
    Screening,
    Report,
}

public enum ReviewStatus
{
    Open,
    Resolved,
}

public enum DecisionAction
{
    Approve,
    Remove,
    EditAndApprove,
    Warn,
    Silence,
    Suspend,
}

public enum AppealStatus
{
    Pending,
    Upheld,
    Overturned,
}

