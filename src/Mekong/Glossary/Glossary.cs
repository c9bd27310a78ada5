using System.Collections.Frozen;
using Mekong.Platform;
using Mekong.Platform.Data;
using Mekong.Text;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Glossary;

/// <summary>How one language says a concept, as readers of the glossary see it.</summary>
public sealed record GlossaryTermView(string Language, string Preferred, IReadOnlyList<string> Allowed);

/// <summary>
/// A concept with its terms, as the API, the pages and exports show it. <see cref="Notes"/> holds the usage note per
/// language; <see cref="Note"/> is the English one (else the first), as CSV and TBX files and older clients read it.
/// </summary>
public sealed record GlossaryConceptView(
    string Id, GlossaryCategory Category, string Note, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Revision, IReadOnlyList<GlossaryTermView> Terms,
    IReadOnlyDictionary<string, string>? Notes = null)
{
    /// <summary>Usage notes keyed by language code (never null in what the API returns).</summary>
    public IReadOnlyDictionary<string, string> Notes { get; init; } = Notes ?? (Note.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["en"] = Note });

    public GlossaryTermView? Term(string language) => Terms.FirstOrDefault(t => string.Equals(t.Language, language, StringComparison.Ordinal));

    /// <summary>The term that heads the concept for a reader: their language's preferred term, else English's, else the first.</summary>
    public GlossaryTermView? HeadTerm(string? language) =>
        (language is null ? null : Term(language)) ?? Term("en") ?? (Terms.Count > 0 ? Terms[0] : null);

    /// <summary>The note a reader reads: in their language, else English, else any; with the language it is in.</summary>
    public (string Language, string Text)? NoteFor(string? language)
    {
        if (language is not null && Notes.TryGetValue(language, out var own))
        {
            return (language, own);
        }

        if (Notes.TryGetValue("en", out var english))
        {
            return ("en", english);
        }

        return Notes.Count == 0 ? null : Notes.OrderBy(n => GlossaryStore.LanguageOrder(n.Key)).Select(n => (n.Key, n.Value)).First();
    }
}

/// <summary>
/// The glossary in memory: every concept, and one <see cref="TermMatcher"/> per language compiled over the preferred
/// and allowed forms. Immutable; an edit builds a new snapshot and swaps the reference, so readers never lock and
/// never see half an edit.
/// </summary>
public sealed class GlossarySnapshot
{
    private readonly FrozenDictionary<string, LanguageIndex> _languages;

    private sealed record LanguageIndex(TermMatcher Matcher, string[] ConceptOfTerm);

    public GlossarySnapshot(long version, IEnumerable<GlossaryConceptView> concepts)
    {
        Version = version;
        Concepts = [.. concepts.OrderBy(c => c.Id, StringComparer.Ordinal)];
        ById = Concepts.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        var languages = new Dictionary<string, LanguageIndex>(StringComparer.Ordinal);
        foreach (var (code, _) in Languages.Platform)
        {
            var terms = new List<WatchedTerm>();
            var owners = new List<string>();
            foreach (var concept in Concepts)
            {
                if (concept.Term(code) is not { } term)
                {
                    continue;
                }

                foreach (var form in term.Allowed.Prepend(term.Preferred))
                {
                    if (!GlossaryText.IsMatchable(form))
                    {
                        continue;
                    }

                    foreach (var variant in GlossaryText.MatchForms(form, code))
                    {
                        terms.Add(new WatchedTerm(owners.Count, variant));
                        owners.Add(concept.Id);
                    }
                }
            }

            languages[code] = new LanguageIndex(TermMatcher.Build(terms), [.. owners]);
        }

        _languages = languages.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static GlossarySnapshot Empty { get; } = new(0, []);

    public long Version { get; }

    /// <summary>Every concept, ordered by id (ordinal).</summary>
    public IReadOnlyList<GlossaryConceptView> Concepts { get; }

    public FrozenDictionary<string, GlossaryConceptView> ById { get; }

    /// <summary>Number of terms (preferred and allowed forms) compiled across all languages.</summary>
    public int TermCount => _languages.Values.Sum(l => l.Matcher.TermCount);

    public IReadOnlyList<GlossaryMatch> Match(string text, string language)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || Languages.Canonical(language) is not { } code || !_languages.TryGetValue(code, out var index))
        {
            return [];
        }

        var found = index.Matcher.FindAll(text);
        if (found.Count == 0)
        {
            return [];
        }

        // Leftmost, then longest, without overlaps: "Tết Nguyên Đán" wins over the "Tết" inside it.
        var ordered = found.OrderBy(m => m.Start).ThenByDescending(m => m.Length).ToList();
        var result = new List<GlossaryMatch>();
        var end = 0;
        foreach (var m in ordered)
        {
            if (m.Start < end)
            {
                continue;
            }

            result.Add(new GlossaryMatch(index.ConceptOfTerm[m.TermId], m.Start, m.Length, text.Substring(m.Start, m.Length)));
            end = m.End;
        }

        return result;
    }

    public IReadOnlyList<GlossaryConstraint> Constraints(string text, string sourceLanguage, string targetLanguage)
    {
        if (Languages.Canonical(targetLanguage) is not { } target)
        {
            return [];
        }

        var constraints = new List<GlossaryConstraint>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var match in Match(text, sourceLanguage))
        {
            if (!seen.Add(match.ConceptId))
            {
                continue;
            }

            var concept = ById[match.ConceptId];
            if (concept.Term(target) is { } term)
            {
                constraints.Add(new GlossaryConstraint(concept.Id, match.Term, term.Preferred, term.Allowed, concept.Note.Length == 0 ? null : concept.Note));
            }
        }

        return constraints;
    }
}

/// <summary>
/// The site's cultural glossary (<see cref="IGlossary"/>): a singleton over an immutable <see cref="GlossarySnapshot"/>,
/// loaded at startup by <see cref="GlossaryStartup"/> and reloaded after every edit by <see cref="GlossaryStore"/>.
/// </summary>
public sealed class Glossary(IServiceScopeFactory scopes, ILogger<Glossary> log) : IGlossary, IDisposable
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile GlossarySnapshot? _snapshot;

    private Task? _initialLoad;

    /// <summary>
    /// The current snapshot. Before the first load has finished a reader waits for it (the start-up load, begun in the
    /// background by <see cref="GlossaryStartup"/>, else a load of its own): results never depend on timing.
    /// </summary>
    public GlossarySnapshot Current => _snapshot ?? LoadFirst();

    private GlossarySnapshot LoadFirst()
    {
        if (Volatile.Read(ref _initialLoad) is { } initial)
        {
            // A failed start-up load is not this reader's failure: it loads again below.
            initial.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
            if (_snapshot is { } loaded)
            {
                return loaded;
            }
        }

        return ReloadAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Starts the first load off the start path; readers that come before it is done wait for it.</summary>
    internal void StartInitialLoad() => Volatile.Write(ref _initialLoad, Task.Run(() => ReloadAsync(CancellationToken.None)));

    /// <summary>Completes when the start-up load has (or there is none).</summary>
    internal Task LoadFirstAsync(CancellationToken ct) => Volatile.Read(ref _initialLoad)?.WaitAsync(ct) ?? Task.CompletedTask;

    public long Version => Current.Version;

    public IReadOnlyList<GlossaryMatch> Match(string text, string language) => Current.Match(text, language);

    public IReadOnlyList<GlossaryConstraint> Constraints(string text, string sourceLanguage, string targetLanguage) =>
        Current.Constraints(text, sourceLanguage, targetLanguage);

    public IReadOnlyList<string> Missing(string translation, string targetLanguage, IReadOnlyList<GlossaryConstraint> constraints) =>
        GlossaryText.Missing(translation, constraints);

    /// <summary>Reads the glossary from the database and swaps the snapshot in; reloads run one at a time, in order.</summary>
    public async Task<GlossarySnapshot> ReloadAsync(CancellationToken ct = default)
    {
        await _reload.WaitAsync(ct);
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            var version = await db.GlossaryStates.AsNoTracking().Where(s => s.Id == GlossaryState.SingletonId).Select(s => (long?)s.Version).FirstOrDefaultAsync(ct) ?? 0;
            var concepts = await db.GlossaryConcepts.AsNoTracking().Include(c => c.Terms).Include(c => c.Notes).AsSplitQuery().ToListAsync(ct);
            var snapshot = new GlossarySnapshot(version, concepts.Select(GlossaryStore.View));
            _snapshot = snapshot;
            log.LogInformation("Glossary version {Version} loaded: {Concepts} concepts, {Terms} terms in {Ms:0} ms",
                version, snapshot.Concepts.Count, snapshot.TermCount, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return snapshot;
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Dispose() => _reload.Dispose();
}

/// <summary>
/// Seeds the starter glossary into an empty site, then loads the glossary, before the site takes requests. Afterwards
/// it compares the persisted version every <see cref="PollInterval"/>, so that an edit made by another instance of
/// the site (same database) reaches this one too.
/// </summary>
internal sealed class GlossaryStartup(IServiceScopeFactory scopes, Glossary glossary, ILogger<GlossaryStartup> log) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    // Seeding stays before the site serves (one query on a site that has a glossary), so no edit can race it; compiling
    // the matchers (about a second of a cold start) runs beside the start, and a reader that needs the glossary first
    // waits for it (Glossary.Current).
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<GlossaryStore>().SeedStarterAsync(cancellationToken);
        }

        glossary.StartInitialLoad();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        try
        {
            await glossary.LoadFirstAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Loading the glossary at start failed; it loads on first use");
        }

        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
                    var stored = await db.GlossaryStates.AsNoTracking().Select(s => (long?)s.Version).FirstOrDefaultAsync(ct) ?? 0;
                    if (stored != glossary.Current.Version)
                    {
                        await glossary.ReloadAsync(ct);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Glossary version check failed; retrying in {Interval}", PollInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
