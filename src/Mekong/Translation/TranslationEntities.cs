namespace Mekong.Translation;

/// <summary>
/// One machine translation in the translation memory. <see cref="Key"/> is the SHA-256 of (source text, source
/// language, target language, provider+model, glossary version): the same text is translated once and reused
/// by every post or comment that contains it.
/// </summary>
public sealed class TranslationEntry
{
    private TranslationEntry() { }

    public TranslationEntry(string key, string sourceLanguage, string targetLanguage, string provider, string model, long glossaryVersion,
        string sourceText, string text, IReadOnlyList<string> concepts, IReadOnlyList<string> missing, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Key = key;
        SourceLanguage = sourceLanguage;
        TargetLanguage = targetLanguage;
        Provider = provider;
        Model = model;
        GlossaryVersion = glossaryVersion;
        SourceText = sourceText;
        Text = text;
        Concepts = string.Join(',', concepts);
        MissingConcepts = string.Join(',', missing);
        GlossaryMismatch = missing.Count > 0;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>64 lower-case hex digits.</summary>
    public string Key { get; private set; } = "";
    public string SourceLanguage { get; private set; } = "";
    public string TargetLanguage { get; private set; } = "";
    public string Provider { get; private set; } = "";
    public string Model { get; private set; } = "";
    public long GlossaryVersion { get; private set; }
    public string SourceText { get; private set; } = "";
    public string Text { get; private set; } = "";

    /// <summary>Glossary concept ids applied (found in the source and respected), comma-separated.</summary>
    public string Concepts { get; private set; } = "";

    /// <summary>Concept ids the translation still missed after one retry, comma-separated.</summary>
    public string MissingConcepts { get; private set; } = "";
    public bool GlossaryMismatch { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<string> ConceptList => Concepts.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> MissingList => MissingConcepts.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

public enum TranslatedKind
{
    Post,
    Comment,
}

/// <summary>
/// Which memory entry translates a post (at <see cref="Revision"/>) or a comment into one language. One row per
/// (content, language): an edit makes the row stale (older revision) until the new revision is translated.
/// </summary>
public sealed class TranslationLink
{
    private TranslationLink() { }

    public TranslationLink(TranslatedKind kind, Guid contentId, int revision, string targetLanguage, Guid entryId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Kind = kind;
        ContentId = contentId;
        TargetLanguage = targetLanguage;
        Point(revision, entryId, now);
    }

    public Guid Id { get; private set; }
    public TranslatedKind Kind { get; private set; }
    public Guid ContentId { get; private set; }
    public int Revision { get; private set; }
    public string TargetLanguage { get; private set; } = "";
    public Guid EntryId { get; private set; }
    public DateTimeOffset At { get; private set; }

    public void Point(int revision, Guid entryId, DateTimeOffset now) => (Revision, EntryId, At) = (revision, entryId, now);
}

public enum ProposalState
{
    Open,
    Accepted,

    /// <summary>Was accepted, then a later proposal was; kept for the history.</summary>
    Superseded,
}

/// <summary>A member's better translation of a post revision into one language.</summary>
public sealed class TranslationProposal
{
    private TranslationProposal() { }

    public TranslationProposal(Guid postId, int revision, string targetLanguage, Guid proposerId, string text, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        PostId = postId;
        Revision = revision;
        TargetLanguage = targetLanguage;
        ProposerId = proposerId;
        Text = text;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid PostId { get; private set; }
    public int Revision { get; private set; }
    public string TargetLanguage { get; private set; } = "";
    public Guid ProposerId { get; private set; }
    public string Text { get; private set; } = "";

    /// <summary>Net votes (+1 / −1 per member).</summary>
    public int Score { get; private set; }
    public ProposalState State { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }

    /// <summary>The moderator who accepted it, or null when the votes did.</summary>
    public Guid? AcceptedBy { get; private set; }

    public void Rescore(int score) => Score = score;

    public void Accept(Guid? by, DateTimeOffset now) => (State, AcceptedBy, AcceptedAt) = (ProposalState.Accepted, by, now);

    public void Supersede() => State = ProposalState.Superseded;
}

public sealed class TranslationVote
{
    private TranslationVote() { }

    public TranslationVote(Guid proposalId, Guid userId, int value, DateTimeOffset now) => (ProposalId, UserId, Value, At) = (proposalId, userId, value, now);

    public Guid ProposalId { get; private set; }
    public Guid UserId { get; private set; }
    public int Value { get; private set; }
    public DateTimeOffset At { get; private set; }

    public void Change(int value, DateTimeOffset now) => (Value, At) = (value, now);
}

/// <summary>A reader's choice: translate posts automatically, or only when they click "translate".</summary>
public sealed class TranslationPreference
{
    private TranslationPreference() { }

    public TranslationPreference(Guid userId, bool automatic) => (UserId, Automatic) = (userId, automatic);

    public Guid UserId { get; private set; }
    public bool Automatic { get; set; }
}
