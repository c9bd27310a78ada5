namespace Mekong.Glossary;

/// <summary>What kind of culture-bound notion a glossary concept is.</summary>
public enum GlossaryCategory
{
    Festival,
    Food,
    Kinship,
    Honorific,
    Place,
    Institution,
    Other,
}

/// <summary>
/// One culture-bound notion (a festival, a dish, a way of addressing an elder…) and how each platform language
/// says it. The id is a readable slug (<c>spring-festival</c>), stable across sites so glossaries can be exchanged.
/// </summary>
public sealed class GlossaryConcept
{
    private GlossaryConcept() { }

    public GlossaryConcept(string id, GlossaryCategory category, IReadOnlyDictionary<string, string> notes, DateTimeOffset now)
    {
        Id = id;
        Category = category;
        Notes.AddRange(notes.Select(n => new GlossaryNote(id, n.Key, n.Value)));
        CreatedAt = now;
        UpdatedAt = now;
        Revision = 1;
    }

    public string Id { get; private set; } = "";
    public GlossaryCategory Category { get; private set; }

    /// <summary>How to use the terms (what the notion is, where the equivalents differ, which spellings are unsure),
    /// written per language: a Khmer reader reads the Khmer note where there is one.</summary>
    public List<GlossaryNote> Notes { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>1 when created, +1 on every edit; also the optimistic concurrency token.</summary>
    public int Revision { get; private set; }

    public List<GlossaryTerm> Terms { get; private set; } = [];

    public void Update(GlossaryCategory category, IEnumerable<GlossaryNote> notes, IEnumerable<GlossaryTerm> terms, DateTimeOffset now)
    {
        Category = category;
        var keptNotes = notes.ToList();
        Notes.Clear();
        Notes.AddRange(keptNotes);
        Terms.Clear();
        Terms.AddRange(terms);
        UpdatedAt = now;
        Revision++;
    }
}

/// <summary>How one language says a concept: the preferred term and the variants also accepted.</summary>
public sealed class GlossaryTerm
{
    private GlossaryTerm() { }

    public GlossaryTerm(string conceptId, string language, string preferred, IReadOnlyList<string> allowed)
    {
        ConceptId = conceptId;
        Language = language;
        Preferred = preferred;
        Allowed = string.Join('\n', allowed);
    }

    public string ConceptId { get; private set; } = "";

    /// <summary>One of the 11 platform language codes, canonical spelling.</summary>
    public string Language { get; private set; } = "";

    public string Preferred { get; private set; } = "";

    /// <summary>Accepted variants, one per line (stored as one column; <see cref="AllowedList"/> splits it).</summary>
    public string Allowed { get; private set; } = "";

    public void Set(string preferred, IReadOnlyList<string> allowed)
    {
        Preferred = preferred;
        Allowed = string.Join('\n', allowed);
    }

    public IReadOnlyList<string> AllowedList => Allowed.Length == 0 ? [] : Allowed.Split('\n');
}

/// <summary>A concept's usage note in one language.</summary>
public sealed class GlossaryNote
{
    private GlossaryNote() { }

    public GlossaryNote(string conceptId, string language, string text)
    {
        ConceptId = conceptId;
        Language = language;
        Text = text;
    }

    public string ConceptId { get; private set; } = "";

    /// <summary>One of the 11 platform language codes, canonical spelling.</summary>
    public string Language { get; private set; } = "";

    public string Text { get; private set; } = "";

    public void Set(string text) => Text = text;
}

/// <summary>The site-wide glossary version: one row, incremented in the same transaction as every edit.</summary>
public sealed class GlossaryState
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public long Version { get; set; }
}
