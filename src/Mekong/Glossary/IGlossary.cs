namespace Mekong.Glossary;

/// <summary>A glossary term found in a text: which concept, where (original offsets), and the words as written.</summary>
public sealed record GlossaryMatch(string ConceptId, int Start, int Length, string Term);

/// <summary>
/// What a translation into <c>TargetLanguage</c> must respect for one concept found in the source: the target
/// language's preferred term, the variants also accepted, and the usage note for translators.
/// </summary>
public sealed record GlossaryConstraint(string ConceptId, string SourceTerm, string TargetPreferred, IReadOnlyList<string> TargetAllowed, string? Note);

/// <summary>
/// The cultural glossary as translation and search see it: culture-bound terms (festivals, foods, kinship terms,
/// honorifics…) and their equivalent expressions in each platform language. Thread-safe; reflects edits at once.
/// </summary>
public interface IGlossary
{
    /// <summary>Changes with every edit of the glossary; part of the translation-memory key.</summary>
    long Version { get; }

    /// <summary>Every concept term of <paramref name="language"/> in <paramref name="text"/>, on word boundaries.</summary>
    IReadOnlyList<GlossaryMatch> Match(string text, string language);

    /// <summary>The constraints a translation of <paramref name="text"/> into <paramref name="targetLanguage"/> must meet.</summary>
    IReadOnlyList<GlossaryConstraint> Constraints(string text, string sourceLanguage, string targetLanguage);

    /// <summary>Concept ids whose preferred or allowed target form does not appear in <paramref name="translation"/>.</summary>
    IReadOnlyList<string> Missing(string translation, string targetLanguage, IReadOnlyList<GlossaryConstraint> constraints);
}
