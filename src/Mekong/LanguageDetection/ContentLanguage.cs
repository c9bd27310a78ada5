using Mekong.Platform;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Mekong.LanguageDetection;

/// <summary>Decides the language stored with a post or comment: the author's word first, then detection.</summary>
public sealed class ContentLanguage(MekongDb db, LanguageDetector detector)
{
    /// <summary>
    /// <paramref name="requested"/> is the validated language of the request ("und" or empty: not given). Given, it
    /// wins with confidence 1. Otherwise a language the author set earlier (<paramref name="current"/>) stays; else
    /// the text is detected, falling back to the author's first reading language.
    /// </summary>
    /// <remarks>
    /// A post is detected from its body; the title joins in only when the body alone is too short to tell, so an
    /// English title over a Chinese story does not make the story "mixed".
    /// </remarks>
    public async Task<LanguageGuess> ResolveAsync(
        string? requested, string? title, string body, Guid authorId, LanguageGuess? current = null, CancellationToken ct = default)
    {
        var text = title is not null && ScriptCounts.Of(body.AsSpan(0, Math.Min(body.Length, LanguageDetector.SampleChars))).Letters < LanguageDetector.MinimumLetters
            ? title + "\n" + body
            : body;
        if (!string.IsNullOrWhiteSpace(requested) && requested != Languages.Undetermined)
        {
            return new LanguageGuess(requested, 1, LanguageSources.Author);
        }

        if (current is { Source: LanguageSources.Author } kept && requested is null)
        {
            return kept;
        }

        var reading = await db.Users.Where(u => u.Id == authorId).Select(u => u.ReadingLanguages).FirstOrDefaultAsync(ct);
        var declared = reading?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return detector.Detect(text, Languages.Canonical(declared));
    }
}
