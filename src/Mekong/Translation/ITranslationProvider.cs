using Mekong.Glossary;

namespace Mekong.Translation;

/// <summary>
/// What one provider call translates, with the glossary's say on culture-bound terms. <c>Insist</c> is set on the
/// retry after a glossary mismatch: LLM providers get a stronger instruction.
/// </summary>
public sealed record TranslationRequest(
    string Text,
    string SourceLanguage,
    string TargetLanguage,
    IReadOnlyList<GlossaryConstraint> Constraints,
    IReadOnlyList<GlossaryMatch> Matches,
    bool Insist = false);

/// <summary>A machine translation service: an LLM behind an OpenAI-compatible chat endpoint, or an MT engine.</summary>
public interface ITranslationProvider
{
    /// <summary><c>openai</c> or <c>libretranslate</c>.</summary>
    string Name { get; }

    string Model { get; }

    /// <summary>The translation only. Throws <see cref="ProviderException"/> (or an HTTP/timeout exception) on failure.</summary>
    Task<string> TranslateAsync(TranslationRequest request, CancellationToken ct);
}

/// <summary>A provider answered, but not with a translation. <c>Transient</c> failures are retried.</summary>
public sealed class ProviderException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}
