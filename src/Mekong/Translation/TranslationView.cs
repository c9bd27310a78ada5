namespace Mekong.Translation;

/// <summary>
/// A post's or comment's translation as readers and the API see it. <c>Status</c>: <c>translated</c>;
/// <c>original</c> (already in that language); <c>pending</c> (the provider is still at work: the original is
/// shown and a later read gets the translation); <c>unavailable</c> (outage, open breaker, budget spent — the
/// original is shown); <c>disabled</c> (provider "none" for the pair: no translate button).
/// </summary>
public sealed record TranslationView(
    string Status,
    string Language,
    string SourceLanguage,
    string? Text,
    string? Provider,
    string? Model,
    IReadOnlyList<string> GlossaryConcepts,
    string? Source,
    bool Cached,
    bool GlossaryMismatch,
    IReadOnlyList<string> MissingConcepts,
    string? Reason = null,
    Guid? ProposalId = null)
{
    public const string Translated = "translated";
    public const string Original = "original";
    public const string Pending = "pending";
    public const string Unavailable = "unavailable";
    public const string Disabled = "disabled";
    public const string Machine = "machine";
    public const string Community = "community";

    public bool IsTranslated => Status == Translated;

    public bool IsPending => Status == Pending;

    /// <summary>The translated title (first paragraph of a post's text), for pages.</summary>
    public string? Title => Text is null ? null : Split(Text).Title;

    public string? Body => Text is null ? null : Split(Text).Body;

    public static TranslationView NotTranslated(string status, string source, string target, string? reason = null) =>
        new(status, target, source, null, null, null, [], null, false, false, [], reason);

    /// <summary>A post is translated as "title, blank line, body"; the first blank line splits it again.</summary>
    public static string Join(string title, string body) => title + "\n\n" + body;

    private static (string Title, string Body) Split(string text)
    {
        var at = text.IndexOf("\n\n", StringComparison.Ordinal);
        return at < 0 ? (text.Trim(), "") : (text[..at].Trim(), text[(at + 2)..].Trim());
    }
}
