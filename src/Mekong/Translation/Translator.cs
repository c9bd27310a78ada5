using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Mekong.Glossary;
using Mekong.Platform.Data;
using Mekong.Platform.Outbox;
using Mekong.Posts;
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
    Outbox outbox,
    TimeProvider time,
    ILogger<Translator> log,
    Privacy.Consent consent)
{
    /// <summary>When this request stops waiting on providers (the translator is scoped: one per request).</summary>
    private DateTimeOffset? _waitUntil;

    /// <summary>The reason given when the author has not allowed external AI to process their text: the original is shown.</summary>
    public const string NoAuthorConsent = "author-consent";

    /// <summary>The post (title and body) in <paramref name="target"/>: community version first, else machine.</summary>
    public async Task<TranslationView> ForPostAsync(Post post, string target, CancellationToken ct = default) =>
        (await ForPostsAsync([post], target, ct))[post.Id];

    /// <summary>
    /// Posts (a page of a list) in <paramref name="target"/>, one view per post id: each post's accepted community
    /// version first, else the machine translation; every missing machine translation in one batch, so a list waits
    /// no longer than one post.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, TranslationView>> ForPostsAsync(IReadOnlyCollection<Post> posts, string target, CancellationToken ct = default)
    {
        var views = new Dictionary<Guid, TranslationView>();
        var foreign = new List<Post>();
        foreach (var post in posts)
        {
            if (string.Equals(post.Language, target, StringComparison.Ordinal))
            {
                views[post.Id] = TranslationView.NotTranslated(TranslationView.Original, post.Language, target);
            }
            else
            {
                foreign.Add(post);
            }
        }

        if (foreign.Count == 0)
        {
            return views;
        }

        var ids = foreign.Select(p => p.Id).ToList();
        var revisions = foreign.ToDictionary(p => p.Id, p => p.Revision);
        var accepted = (await db.TranslationProposals.AsNoTracking()
                .Where(p => ids.Contains(p.PostId) && p.TargetLanguage == target && p.State == ProposalState.Accepted).ToListAsync(ct))
            .Where(p => p.Revision == revisions[p.PostId])
            .GroupBy(p => p.PostId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.AcceptedAt).First());
        foreach (var (postId, proposal) in accepted)
        {
            views[postId] = new TranslationView(TranslationView.Translated, target, foreign.First(p => p.Id == postId).Language, proposal.Text, null, null, [],
                TranslationView.Community, true, false, [], ProposalId: proposal.Id);
        }

        // Only the text of authors who allowed external AI goes to a provider; the others' posts stay as written.
        var machine = new List<Post>();
        foreach (var post in foreign.Where(p => !accepted.ContainsKey(p.Id)))
        {
            if (await consent.AllowsExternalAiAsync(post.AuthorId, ct))
            {
                machine.Add(post);
            }
            else
            {
                views[post.Id] = Withheld(TranslationView.Join(post.Title, post.Body), post.Language, target);
            }
        }

        var (translated, entries) = await TranslateAsync(machine.Select(p => (p.Id, TranslationView.Join(p.Title, p.Body), p.Language)), target, ct);
        var byId = machine.ToDictionary(p => p.Id);
        await LinkAsync(TranslatedKind.Post, entries.Select(e => (e.Id, byId[e.Id].Revision, e.Id, byId[e.Id].CommunityId, e.Entry)).ToList(), target, ct);
        foreach (var (id, view) in translated)
        {
            views[id] = view;
        }

        return views;
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

        await LinkAsync(TranslatedKind.Comment, translated.Select(t => (t.Id, 1, postId, communityId, t.Entry)).ToList(), target, ct);
        return views;
    }

    /// <summary>Points each content's link at its memory entry and indexes the changed ones for search.</summary>
    private async Task LinkAsync(
        TranslatedKind kind, IReadOnlyList<(Guid Id, int Revision, Guid PostId, Guid CommunityId, TranslationEntry Entry)> translated, string target, CancellationToken ct)
    {
        if (translated.Count == 0)
        {
            return;
        }

        var ids = translated.Select(t => t.Id).ToList();
        var links = (await db.TranslationLinks.Where(l => l.Kind == kind && ids.Contains(l.ContentId) && l.TargetLanguage == target).ToListAsync(ct))
            .ToDictionary(l => l.ContentId);
        var changed = translated.Where(t => Link(links.GetValueOrDefault(t.Id), kind, t.Id, t.Revision, target, t.Entry)).ToList();
        if (changed.Count > 0)
        {
            foreach (var t in changed)
            {
                Indexed(kind, t.Id, t.PostId, t.CommunityId, t.Entry.TargetLanguage, t.Entry.Text);
            }

            await SaveLinksAsync(ct);
        }
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
        TranslationMetrics.CacheHits.Add(found.Count);
        var produced = new ConcurrentDictionary<string, TranslationEntry>(StringComparer.Ordinal);
        var failed = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var missing = work.Where(w => !found.ContainsKey(w.Key)).DistinctBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => new Missing(w.Key, w.Text, w.Source, w.Settings)).ToList();
        if (missing.Count > 0)
        {
            await WithinReadWaitAsync(ProduceAllAsync(missing, target, produced, failed), ct);
        }

        foreach (var w in work)
        {
            if (found.TryGetValue(w.Key, out var entry) || produced.TryGetValue(w.Key, out entry))
            {
                views[w.Id] = View(entry, found.ContainsKey(w.Key));
                translated.Add((w.Id, entry));
            }
            else
            {
                views[w.Id] = failed.TryGetValue(w.Key, out var reason)
                    ? TranslationView.NotTranslated(TranslationView.Unavailable, w.Source, target, reason)
                    : TranslationView.NotTranslated(TranslationView.Pending, w.Source, target);
            }
        }

        return (views, translated);
    }

    private sealed record Missing(string Key, string Text, string Source, ProviderSettings Settings);

    /// <summary>
    /// The provider calls for the missing keys, up to <see cref="ThreadConcurrency"/> at a time, each a single flight.
    /// Runs detached from the reader's request: an aborted or impatient reader leaves it to finish and store its
    /// translations, bounded by the gateway's own timeouts, retries and breaker. Never faults.
    /// </summary>
    private Task ProduceAllAsync(
        IReadOnlyList<Missing> missing, string target, ConcurrentDictionary<string, TranslationEntry> produced, ConcurrentDictionary<string, string> failed) =>
        Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = ThreadConcurrency }, async (m, _) =>
        {
            try
            {
                produced[m.Key] = await flights.RunAsync(m.Key, () => ProduceAsync(m.Key, m.Settings, m.Text, m.Source, target), CancellationToken.None);
            }
            catch (TranslationUnavailableException e)
            {
                failed[m.Key] = e.Reason;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Translation {Source}->{Target} failed", m.Source, target);
                failed[m.Key] = "error";
            }
        });

    /// <summary>
    /// Waits for <paramref name="work"/> no longer than what is left of this request's read wait
    /// (<see cref="TranslationOptions.ReadWaitSeconds"/>, counted from the first wait: a page with a post, its thread
    /// and its list waits once). Whatever is not done by then stays pending.
    /// </summary>
    private async Task WithinReadWaitAsync(Task work, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        _waitUntil ??= now + TimeSpan.FromSeconds(gateway.Options.ReadWaitSeconds);
        var left = _waitUntil.Value - now;
        try
        {
            await work.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, time, ct);
        }
        catch (TimeoutException)
        {
            // Not ready in time: the reader gets the original now and the stored translation on a later read.
        }
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

    /// <summary>
    /// Stored translations are searchable in their language (search across languages): the index follows the commit
    /// of the caller's next save (<see cref="TranslationStored"/>).
    /// </summary>
    internal void Indexed(TranslatedKind kind, Guid contentId, Guid postId, Guid communityId, string language, string text) =>
        outbox.Add(new TranslationStored(kind, contentId, postId, communityId, language, text));
}
