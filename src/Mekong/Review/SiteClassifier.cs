using Mekong.Platform.Data;
using Mekong.Review.Classifier;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Review;

/// <summary>Where the learned classifier lives and how it is retrained (configuration section <c>Review:Classifier</c>).</summary>
public sealed class ClassifierSettings
{
    /// <summary>Folder of the moderation-{category}.zip models, relative to where the platform starts.</summary>
    public string ModelDirectory { get; set; } = Path.Combine(".", "data", "models");

    /// <summary>Fewest removed and approved items a category needs before it is retrained from decisions.</summary>
    public int MinimumPerClass { get; set; } = 10;

    /// <summary>Optional base training file (CSV with <c>text</c> and <c>label</c> 1/0 columns, category abuse) mixed with the decisions.</summary>
    public string? BaseData { get; set; }

    /// <summary>How often, in seconds, the folder is checked for models written by another process (the CLI).</summary>
    public int ReloadSeconds { get; set; } = 30;

    /// <summary>How much one moderator decision counts against one row of the base data.</summary>
    public float DecisionWeight { get; set; } = 2f;
}

/// <summary>
/// The learned classifier as screening sees it: the models in <see cref="ClassifierSettings.ModelDirectory"/>,
/// loaded at start when present (otherwise <see cref="IsReady"/> is false and screening relies on rules). A
/// retraining swaps in its new classifier at once; models written by another process (<c>moderation train</c> or
/// <c>moderation retrain</c>) are noticed within <see cref="ClassifierSettings.ReloadSeconds"/> and loaded in the
/// background. Readers never wait: the swap is one reference assignment. Singleton; thread-safe.
/// </summary>
public sealed class SiteClassifier : IContentClassifier
{
    private static readonly IReadOnlyDictionary<string, float> NoScores = new Dictionary<string, float>();

    private readonly ILogger<SiteClassifier> log;
    private readonly TimeProvider clock;
    private readonly TimeSpan reloadEvery;
    private volatile Loaded? current;
    private long nextCheck;
    private int checking;

    public SiteClassifier(IOptions<ClassifierSettings> settings, ILogger<SiteClassifier> log, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.log = log;
        this.clock = clock;
        Directory = Path.GetFullPath(settings.Value.ModelDirectory);
        reloadEvery = TimeSpan.FromSeconds(Math.Max(1, settings.Value.ReloadSeconds));
        nextCheck = clock.GetTimestamp() + (long)(reloadEvery.TotalSeconds * clock.TimestampFrequency);
        Reload();
    }

    /// <summary>A classifier and the state of the files it was loaded from.</summary>
    public sealed record Loaded(ModerationClassifier Classifier, string Stamp, DateTimeOffset LoadedAt);

    public string Directory { get; }

    public bool IsReady
    {
        get
        {
            CheckForNewModels();
            return current is not null;
        }
    }

    /// <summary>The classifier in use, or null.</summary>
    public Loaded? Current => current;

    public IReadOnlyDictionary<string, float> Score(string text) => current?.Classifier.Score(text) ?? NoScores;

    /// <summary>Puts a classifier just saved to <see cref="Directory"/> in use.</summary>
    public void Swap(ModerationClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        current = new Loaded(classifier, Stamp(), clock.GetUtcNow());
        log.LogInformation("Moderation classifier swapped in: {Categories}", string.Join(", ", classifier.Categories));
    }

    /// <summary>Loads the models in the folder if they changed since the last load; forgets them if they are gone.</summary>
    public void Reload()
    {
        var stamp = Stamp();
        if (stamp == (current?.Stamp ?? ""))
        {
            return;
        }

        if (stamp.Length == 0)
        {
            current = null;
            return;
        }

        try
        {
            var classifier = ModerationClassifier.Load(Directory, SiteTextFeatures.Tokenize, SiteTextFeatures.Normalize);
            if (classifier.Info.Values.All(i => i.Features == DefaultTokenizer.Name))
            {
                // Trained without the application's features (ModerationTrainer's defaults): score it the same way.
                classifier = ModerationClassifier.Load(Directory);
            }

            current = new Loaded(classifier, stamp, clock.GetUtcNow());
            log.LogInformation("Moderation classifier loaded from {Directory}: {Categories}", Directory, string.Join(", ", classifier.Categories));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            log.LogWarning(e, "Moderation classifier in {Directory} could not be loaded; screening keeps the previous one, if any", Directory);
        }
    }

    private void CheckForNewModels()
    {
        var now = clock.GetTimestamp();
        if (now < Interlocked.Read(ref nextCheck) || Interlocked.CompareExchange(ref checking, 1, 0) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref nextCheck, now + (long)(reloadEvery.TotalSeconds * clock.TimestampFrequency));
        _ = Task.Run(() =>
        {
            try
            {
                Reload();
            }
            finally
            {
                Volatile.Write(ref checking, 0);
            }
        });
    }

    /// <summary>Names, sizes and times of the model files: it changes whenever a model is written.</summary>
    private string Stamp()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return "";
        }

        return string.Join('|', ModerationCategories.All
            .Select(c => new FileInfo(ModerationClassifier.ModelPath(Directory, c)))
            .Where(f => f.Exists)
            .Select(f => FormattableString.Invariant($"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}")));
    }
}

/// <summary>Moderator decisions as classifier labels.</summary>
public static class DecisionLabels
{
    /// <summary>
    /// Every item's latest approve or remove decision, with the text as it came to review. Remove, warn, silence and
    /// suspend are removals; an overturned appeal turns a removal into an approval; edit-and-approve says neither (the
    /// text was wrong, its edit right) and is left out. A removal's category comes from the item's reasons (report
    /// reasons and classifier flags), abuse when they name none.
    /// </summary>
    public static async Task<IReadOnlyList<ModeratorDecision>> LoadAsync(MekongDb db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await (from d in db.Decisions.AsNoTracking()
                          join i in db.ReviewItems.AsNoTracking() on d.ReviewItemId equals i.Id
                          select new
                          {
                              d.Id,
                              d.CreatedAt,
                              d.ReviewItemId,
                              d.Action,
                              i.Snapshot,
                              i.Reasons,
                              Overturned = db.Appeals.Any(a => a.DecisionId == d.Id && a.Status == AppealStatus.Overturned),
                          }).ToListAsync(ct);

        return [.. rows.GroupBy(r => r.ReviewItemId)
            .Select(g => g.MaxBy(r => (r.CreatedAt, r.Id))!)
            .Where(r => r.Action != DecisionAction.EditAndApprove && !string.IsNullOrWhiteSpace(r.Snapshot))
            .OrderBy(r => (r.CreatedAt, r.Id))
            .Select(r => r.Action == DecisionAction.Approve || r.Overturned
                ? new ModeratorDecision(r.Snapshot, Removed: false)
                : new ModeratorDecision(r.Snapshot, Removed: true, CategoryOf(r.Reasons)))];
    }

    /// <summary>Counts of the labels <see cref="LoadAsync"/> would read, without reading the texts.</summary>
    public static async Task<(int Removed, int Approved)> CountAsync(MekongDb db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var actions = await db.Decisions.AsNoTracking().GroupBy(d => d.Action).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return (actions.Where(a => a.Key is not (DecisionAction.Approve or DecisionAction.EditAndApprove)).Sum(a => a.Count),
            actions.Where(a => a.Key == DecisionAction.Approve).Sum(a => a.Count));
    }

    /// <summary>The category the reasons point to most often; abuse when none.</summary>
    public static string CategoryOf(string reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        var votes = new List<string>();
        foreach (var line in reasons.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("report: ", StringComparison.Ordinal) && Enum.TryParse<ReportReason>(line["report: ".Length..], out var reason))
            {
                votes.Add(reason switch
                {
                    ReportReason.Spam => ModerationCategories.Spam,
                    ReportReason.Hate => ModerationCategories.Hate,
                    ReportReason.Sexual => ModerationCategories.Sexual,
                    _ => ModerationCategories.Abuse,
                });
            }
            else if (line.StartsWith("classifier ", StringComparison.Ordinal)
                && line.Split(' ') is [_, var category, ..] && ModerationCategories.IsKnown(category))
            {
                votes.Add(category);
            }
        }

        return votes.Count == 0
            ? ModerationCategories.Abuse
            : votes.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => votes.IndexOf(g.Key)).First().Key;
    }
}

/// <summary>The site's classifier thresholds, read from <see cref="ScreeningOptions"/>.</summary>
public static class ScreeningThresholds
{
    /// <summary>The score from which a category's classifier flags a text.</summary>
    public static double FlagAtFor(this ScreeningOptions options, string category)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.FlagAtByCategory.GetValueOrDefault(category, options.FlagAt);
    }
}
