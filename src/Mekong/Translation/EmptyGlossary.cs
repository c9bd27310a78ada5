using Mekong.Glossary;

namespace Mekong.Translation;

/// <summary>The glossary when no glossary feature is registered: version 0, no terms, nothing ever missing.</summary>
public sealed class EmptyGlossary : IGlossary
{
    public long Version => 0;

    public IReadOnlyList<GlossaryMatch> Match(string text, string language) => [];

    public IReadOnlyList<GlossaryConstraint> Constraints(string text, string sourceLanguage, string targetLanguage) => [];

    public IReadOnlyList<string> Missing(string translation, string targetLanguage, IReadOnlyList<GlossaryConstraint> constraints) => [];
}
