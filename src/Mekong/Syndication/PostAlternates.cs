using Mekong.Platform.Data;
using Mekong.Translation;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Syndication;

/// <summary>The languages a post can be read in on this site: its own, and each stored translation (<c>?lang=</c>).</summary>
public sealed class PostAlternates(MekongDb db)
{
    /// <summary>Stored translation languages per post (the post's own language is not among them).</summary>
    public async Task<ILookup<Guid, string>> TranslationsAsync(IReadOnlyCollection<Guid> postIds, CancellationToken ct = default)
    {
        // Machine translations in the memory, and translations members proposed and a moderator accepted.
        var machine = await db.TranslationLinks.AsNoTracking()
            .Where(t => t.Kind == TranslatedKind.Post && postIds.Contains(t.ContentId))
            .Select(t => new { Id = t.ContentId, t.TargetLanguage }).ToListAsync(ct);
        var accepted = await db.TranslationProposals.AsNoTracking()
            .Where(p => p.State == ProposalState.Accepted && postIds.Contains(p.PostId))
            .Select(p => new { Id = p.PostId, p.TargetLanguage }).ToListAsync(ct);
        return machine.Concat(accepted).ToLookup(r => r.Id, r => r.TargetLanguage);
    }

    /// <summary>hreflang alternates of one post: (language, site-relative address), the original first.</summary>
    public async Task<IReadOnlyList<(string Language, string Path)>> OfPostAsync(Guid postId, string language, CancellationToken ct = default)
    {
        var translations = await TranslationsAsync([postId], ct);
        return Alternates(postId, language, translations[postId]);
    }

    public static IReadOnlyList<(string Language, string Path)> Alternates(Guid postId, string language, IEnumerable<string> translations)
    {
        var list = new List<(string, string)>();
        var known = language != Platform.Languages.Undetermined;
        if (known)
        {
            list.Add((language, "/p/" + postId));
        }

        foreach (var target in translations.Where(t => t != language).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            list.Add((target, $"/p/{postId}?lang={Uri.EscapeDataString(target)}"));
        }

        // Only worth saying when there is more than one language to choose between.
        return list.Count > 1 ? list : [];
    }
}
