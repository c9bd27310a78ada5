using System.Security.Cryptography;
using System.Text;
using Mekong.Glossary;
using Mekong.Platform.Data;
using Mekong.Posts;
using Mekong.Search;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Translation;

/// <summary>
/// Translates posts and comments through the translation memory: a memory hit costs no provider call; a miss
/// is translated once (single flight), checked against the glossary (one retry on a mismatch), stored, linked
/// to the post revision or comment, and indexed for search. Failures come back as "unavailable", never thrown.
/// </summary>
public sealed class Translator(
    MekongDb db,
    TranslationGateway gateway,
    TranslationFlights flights,
    IGlossary glossary,
    IServiceScopeFactory scopes,
    IEnumerable<ISearchIndexer> indexers,
    TimeProvider time,
    ILogger<Translator> log,
    Privacy.Consent consent)
{
    /// <summary>The reason given when the author has not allowed external AI to process their text: the original is shown.</summary>
    public const string NoAuthorConsent = "author-consent";

    /// <summary>The post (title and body) in <paramref name="target"/>: community version first, else machine.</summary>
    public async Task<TranslationView> ForPostAsync(Post post, string target, CancellationToken ct = default)
    {
        var source = post.Language;
        if (string.Equals(source, target, StringComparison.Ordinal))
        {
            return TranslationView.NotTranslated(TranslationView.Original, source, target);
        }

        var accepted = await db.TranslationProposals.AsNoTracking()
            .Where(p => p.PostId == post.Id && p.TargetLanguage == target && p.Revision == post.Revision && p.State == ProposalState.Accepted)
            .OrderByDescending(p => p.AcceptedAt).FirstOrDefaultAsync(ct);
        if (accepted is not null)
        {
            return new TranslationView(TranslationView.Translated, target, source, accepted.Text, null, null, [], TranslationView.Community,
                true, false, [], ProposalId: accepted.Id);
        }

        var text = TranslationView.Join(post.Title, post.Body);
        if (!await consent.AllowsExternalAiAsync(post.AuthorId, ct))
        {
            return Withheld(text, source, target);
        }

        return await MachineAsync(TranslatedKind.Post, post.Id, post.Revision, post.CommunityId, post.Id, text, source, target, ct);
    }

    /// <summary>
    /// Any texts (review items' snapshots) in <paramref name="target"/> through the memory, one view per id, linked
    /// to no content and never indexed for search: what moderators read must not become findable.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, TranslationView>> ForTextsAsync(
        IEnumerable<(Guid Id, string Text, string Source)> texts, string target, CancellationToken ct = default) =>
        (await TranslateAsync(texts, target, ct)).Views;

    /// <summary>Provider calls one thread may have in flight at once.</summary>
    public const int ThreadConcurrency = 4;

    /// <summary>
    /// A whole thread at once: one view per comment id (comments already in the target are "original"), each
    /// translated comment linked to its memory entry and indexed for search.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, TranslationView>> ForCommentsAsync(
        Guid postId, Guid communityId, IEnumerable<(Guid Id, string Body, string Language)> comments, string target, CancellationToken ct = default)
    {
        var thread = comments.ToList();
        var withheld = await WithoutConsentAsync(thread.Select(c => c.Id).ToList(), ct);
        var (views, translated) = await TranslateAsync(thread.Where(c => !withheld.Contains(c.Id)), target, ct);
        foreach (var (id, body, source) in thread.Where(c => withheld.Contains(c.Id)))
        {
            views[id] = Withheld(body, source, target);
        }

        if (translated.Count == 0)
        {
            return views;
        }

        var ids = translated.Select(t => t.Id).ToList();
        var links = (await db.TranslationLinks.Where(l => l.Kind == TranslatedKind.Comment && ids.Contains(l.ContentId) && l.TargetLanguage == target).ToListAsync(ct))
            .ToDictionary(l => l.ContentId);
        var changed = translated.Where(t => Link(links.GetValueOrDefault(t.Id), TranslatedKind.Comment, t.Id, 1, target, t.Entry)).ToList();
        if (changed.Count > 0)
        {
            await SaveLinksAsync(ct);
            foreach (var (id, entry) in changed)
            {
                await IndexAsync(TranslatedKind.Comment, id, postId, communityId, entry, ct);
            }
        }

        return views;
    }

    /// <summary>
    /// One view per id, and the memory entry of each id that was translated. Memory hits are looked up in one
    /// query; misses go to the provider (single flight per key) up to <see cref="ThreadConcurrency"/> at a time.
    /// </summary>
    private async Task<(Dictionary<Guid, TranslationView> Views, List<(Guid Id, TranslationEntry Entry)> Translated)> TranslateAsync(
        IEnumerable<(Guid Id, string Text, string Source)> texts, string target, CancellationToken ct)
    {
        var views = new Dictionary<Guid, TranslationView>();
        var translated = new List<(Guid Id, TranslationEntry Entry)>();
        var work = new List<(Guid Id, string Text, string Source, ProviderSettings Settings, string Key)>();
        var version = glossary.Version;
        foreach (var (id, text, source) in texts)
        {
            if (Precheck(text, source, target) is { } early)
            {
                views[id] = early;
                continue;
            }

            var settings = gateway.Settings(source, target);
            work.Add((id, text, source, settings, Key(text, source, target, settings, version)));
        }

        if (work.Count == 0)
        {
            return (views, translated);
        }

        var keys = work.Select(w => w.Key).Distinct(StringComparer.Ordinal).ToList();
        var found = (await db.TranslationEntries.AsNoTracking().Where(e => keys.Contains(e.Key)).ToListAsync(ct)).ToDictionary(e => e.Key, StringComparer.Ordinal);
        var produced = new System.Collections.Concurrent.ConcurrentDictionary<string, TranslationEntry>(StringComparer.Ordinal);
        var failed = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        using (var gate = new SemaphoreSlim(ThreadConcurrency))
        {
            await Task.WhenAll(keys.Where(k => !found.ContainsKey(k)).Select(async key =>
            {
                var w = work.First(x => x.Key == key);
                await gate.WaitAsync(ct);
                try
                {
                    produced[key] = await flights.RunAsync(key, () => ProduceAsync(key, w.Settings, w.Text, w.Source, target), ct);
                }
                catch (TranslationUnavailableException e)
                {
                    failed[key] = e.Reason;
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        foreach (var w in work)
        {
            if (failed.TryGetValue(w.Key, out var reason))
            {
                views[w.Id] = TranslationView.NotTranslated(TranslationView.Unavailable, w.Source, target, reason);
                continue;
            }

            var cached = found.TryGetValue(w.Key, out var entry);
            entry ??= produced[w.Key];
            views[w.Id] = View(entry, cached);
            translated.Add((w.Id, entry));
        }

        return (views, translated);
    }

    /// <summary>A view without any provider call: same language, empty text, unknown source, provider "none".</summary>
    private TranslationView? Precheck(string text, string source, string target)
    {
        if (string.Equals(source, target, StringComparison.Ordinal) || string.IsNullOrWhiteSpace(text))
        {
            return TranslationView.NotTranslated(TranslationView.Original, source, target, string.IsNullOrWhiteSpace(text) ? "empty" : null);
        }

        if (!Platform.Languages.Codes.Contains(source))
        {
            return TranslationView.NotTranslated(TranslationView.Unavailable, source, target, "source-language-unknown");
        }

        return gateway.Settings(source, target).Enabled ? null : TranslationView.NotTranslated(TranslationView.Disabled, source, target);
    }

    /// <summary>Privacy: text whose author has not allowed external AI never reaches a provider; the reader gets the original.</summary>
    private TranslationView Withheld(string text, string source, string target) =>
        Precheck(text, source, target) ?? TranslationView.NotTranslated(TranslationView.Unavailable, source, target, NoAuthorConsent);

    /// <summary>The comments among <paramref name="ids"/> whose authors have not allowed external AI.</summary>
    private async Task<HashSet<Guid>> WithoutConsentAsync(List<Guid> ids, CancellationToken ct)
    {
        var withheld = new HashSet<Guid>();
        foreach (var group in (await db.Comments.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.AuthorId }).ToListAsync(ct)).GroupBy(c => c.AuthorId))
        {
            if (!await consent.AllowsExternalAiAsync(group.Key, ct))
            {
                withheld.UnionWith(group.Select(c => c.Id));
            }
        }

        return withheld;
    }

    /// <summary>Points the content's link at the entry (not saved yet); true when it changed.</summary>
    private bool Link(TranslationLink? link, TranslatedKind kind, Guid contentId, int revision, string target, TranslationEntry entry)
    {
        if (link is not null && link.Revision == revision && link.EntryId == entry.Id)
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (link is null)
        {
            db.TranslationLinks.Add(new TranslationLink(kind, contentId, revision, target, entry.Id, now));
        }
        else
        {
            link.Point(revision, entry.Id, now);
        }

        return true;
    }

    private async Task SaveLinksAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another reader linked the same content at the same moment: theirs stands.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The memory key: SHA-256 over the source text, both languages, provider+model and glossary version.</summary>
    public static string Key(string text, string source, string target, ProviderSettings settings, long glossaryVersion)
    {
        var material = string.Join('\u001f', text, source, target, settings.Provider + "+" + settings.ModelName, glossaryVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    private async Task<TranslationView> MachineAsync(
        TranslatedKind kind, Guid contentId, int revision, Guid communityId, Guid postId, string text, string source, string target, CancellationToken ct)
    {
        var (views, translated) = await TranslateAsync([(contentId, text, source)], target, ct);
        if (translated is [var (_, entry)])
        {
            var link = await db.TranslationLinks.FirstOrDefaultAsync(l => l.Kind == kind && l.ContentId == contentId && l.TargetLanguage == target, ct);
            if (Link(link, kind, contentId, revision, target, entry))
            {
                await SaveLinksAsync(ct);
                await IndexAsync(kind, contentId, postId, communityId, entry, ct);
            }
        }

        return views[contentId];
    }

    private static TranslationView View(TranslationEntry entry, bool cached) =>
        new(TranslationView.Translated, entry.TargetLanguage, entry.SourceLanguage, entry.Text, entry.Provider, entry.Model, entry.ConceptList,
            TranslationView.Machine, cached, entry.GlossaryMismatch, entry.MissingList);

    /// <summary>One provider call (two on a glossary mismatch), in a scope of its own: the flight outlives the request that started it.</summary>
    private async Task<TranslationEntry> ProduceAsync(string key, ProviderSettings settings, string text, string source, string target)
    {
        var version = glossary.Version;
        var constraints = glossary.Constraints(text, source, target);
        var matches = constraints.Count > 0 ? glossary.Match(text, source) : [];
        var request = new TranslationRequest(text, source, target, constraints, matches);
        var translation = await gateway.TranslateAsync(settings, request, CancellationToken.None);
        var missing = constraints.Count > 0 ? glossary.Missing(translation, target, constraints) : [];
        if (missing.Count > 0)
        {
            try
            {
                var retry = await gateway.TranslateAsync(settings, request with { Insist = true }, CancellationToken.None);
                var stillMissing = glossary.Missing(retry, target, constraints);
                if (stillMissing.Count <= missing.Count)
                {
                    (translation, missing) = (retry, stillMissing);
                }
            }
            catch (TranslationUnavailableException)
            {
                // Keep the first translation, flagged.
            }
        }

        var applied = constraints.Select(c => c.ConceptId).Distinct(StringComparer.Ordinal).Except(missing, StringComparer.Ordinal).ToList();
        var entry = new TranslationEntry(key, source, target, settings.Provider, settings.ModelName, version, text, translation, applied, missing, time.GetUtcNow());
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<MekongDb>();
        store.TranslationEntries.Add(entry);
        try
        {
            await store.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Same key stored by another process: reuse it.
            store.ChangeTracker.Clear();
            return await store.TranslationEntries.AsNoTracking().FirstAsync(e => e.Key == key);
        }

        if (missing.Count > 0)
        {
            log.LogInformation("Glossary mismatch {Source}->{Target}: {Concepts}", source, target, string.Join(", ", missing));
        }

        return entry;
    }

    /// <summary>Stored translations are searchable in their language (search across languages).</summary>
    internal async Task IndexAsync(TranslatedKind kind, Guid contentId, Guid postId, Guid communityId, TranslationEntry entry, CancellationToken ct) =>
        await IndexTextAsync(kind, contentId, postId, communityId, entry.TargetLanguage, entry.Text, ct);

    internal async Task IndexTextAsync(TranslatedKind kind, Guid contentId, Guid postId, Guid communityId, string language, string text, CancellationToken ct)
    {
        var view = new TranslationView(TranslationView.Translated, language, "", text, null, null, [], null, false, false, []);
        var document = new SearchDocument(
            SearchKind.Translation, contentId, postId, communityId, language,
            kind == TranslatedKind.Post ? view.Title ?? "" : "", kind == TranslatedKind.Post ? view.Body ?? "" : text, time.GetUtcNow());
        foreach (var indexer in indexers)
        {
            try
            {
                await indexer.IndexAsync(document, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Search indexer {Indexer} failed on a translation", indexer.GetType().Name);
            }
        }
    }
}
