using System.Globalization;
using System.Security.Claims;
using Mekong.Accounts;
using Mekong.Audit;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Mekong.Review.Classifier;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Mekong.Review;

/// <summary>Retrains the site's classifier from its moderator decisions, one retraining at a time. Singleton.</summary>
public sealed class ClassifierRetrainer(SiteClassifier site, IOptionsMonitor<ClassifierSettings> settings, IOptionsMonitor<ScreeningOptions> screening)
    : IDisposable
{
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>The outcome; null when another retraining is running.</summary>
    public async Task<RetrainingResult?> RetrainAsync(MekongDb db, CancellationToken ct = default)
    {
        if (!await _running.WaitAsync(0, ct))
        {
            return null;
        }

        try
        {
            var options = settings.CurrentValue;
            IReadOnlyList<LabeledText> baseSet = [];
            if (!string.IsNullOrWhiteSpace(options.BaseData))
            {
                var data = ModerationCsv.Load(options.BaseData, new CsvLabelSpec());
                if (!data.IsValid)
                {
                    return new RetrainingResult(null, 0, 0, [], [],
                        [.. data.Problems.Select(p => p with { Message = $"Review:Classifier:BaseData {options.BaseData}: {p.Message}" })]);
                }

                baseSet = data.Rows;
            }

            var decisions = await DecisionLabels.LoadAsync(db, ct);
            var features = SiteTextFeatures.Apply(new ClassifierOptions { DecisionWeight = options.DecisionWeight });
            var thresholds = screening.CurrentValue;
            var result = await Task.Run(() => Retraining.Run(baseSet, decisions, features, options.MinimumPerClass, thresholds.FlagAtFor), ct);
            if (result.Classifier is not null)
            {
                result.Classifier.Save(site.Directory);
                site.Swap(result.Classifier);
            }

            return result;
        }
        finally
        {
            _running.Release();
        }
    }

    public void Dispose() => _running.Dispose();
}

internal static class ClassifierEndpoints
{
    public sealed record CategoryStatus(string Category, DateTimeOffset TrainedAt, int Rows, int Positives, string Features, double FlagAt);

    public sealed record ThresholdsView(double FlagAt, double HoldAt, IReadOnlyDictionary<string, double> FlagAtByCategory);

    public sealed record LabelCounts(int Removed, int Approved, int MinimumPerClass);

    public sealed record ClassifierStatus(bool Ready, DateTimeOffset? LoadedAt, IReadOnlyList<CategoryStatus> Categories, ThresholdsView Thresholds, LabelCounts Labels);

    public sealed record ConfusionView(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives);

    public sealed record HeldOutView(string Category, int Rows, int Positives, int HeldOut, double Threshold, double Precision, double Recall, double F1, double Accuracy, double? RocAuc, ConfusionView Confusion);

    public sealed record RetrainView(DateTimeOffset TrainedAt, int Decisions, int Rows, IReadOnlyList<HeldOutView> Categories, IReadOnlyList<string> Skipped);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/moderation/classifier").WithTags("Moderation");
        group.MapGet("/", Status).WithSummary("Moderation classifier status").RequireAuthorization(Roles.StaffPolicy);
        group.MapPost("/retrain", Retrain).RequireAuthorization(Roles.AdminPolicy);
    }

    private static async Task<Ok<ClassifierStatus>> Status(SiteClassifier site, IOptionsMonitor<ScreeningOptions> screening, IOptionsMonitor<ClassifierSettings> settings, MekongDb db)
    {
        var thresholds = screening.CurrentValue;
        var ready = site.IsReady;
        var loaded = site.Current;
        var categories = loaded is null
            ? []
            : loaded.Classifier.Info.Values.OrderBy(i => i.Category, StringComparer.Ordinal)
                .Select(i => new CategoryStatus(i.Category, i.TrainedAt, i.Rows, i.Positives, i.Features, thresholds.FlagAtFor(i.Category))).ToList();
        var (removed, approved) = await DecisionLabels.CountAsync(db);
        return TypedResults.Ok(new ClassifierStatus(
            ready && loaded is not null,
            loaded?.LoadedAt,
            categories,
            new ThresholdsView(thresholds.FlagAt, thresholds.HoldAt, thresholds.FlagAtByCategory),
            new LabelCounts(removed, approved, settings.CurrentValue.MinimumPerClass)));
    }

    private static async Task<Results<Ok<RetrainView>, ProblemHttpResult>> Retrain(
        ClaimsPrincipal user, ClassifierRetrainer retrainer, AuditLog audit, MekongDb db, TimeProvider clock, CancellationToken ct)
    {
        var result = await retrainer.RetrainAsync(db, ct);
        if (result is null)
        {
            return Problems.Conflict("A retraining is already running; try again when it has finished.");
        }

        if (result.Classifier is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Not enough labels to retrain",
                detail: string.Join(" ", result.Problems.Select(p => p.ToString())) + " The model in use is unchanged.",
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["decisions"] = result.Decisions,
                    ["skipped"] = result.Skipped,
                });
        }

        var view = new RetrainView(
            clock.GetUtcNow(),
            result.Decisions,
            result.Rows,
            [.. result.Categories.Select(c => new HeldOutView(c.Category, c.Rows, c.Positives, c.HeldOut, c.Threshold,
                c.Metrics.Precision, c.Metrics.Recall, c.Metrics.F1, c.Metrics.Accuracy, double.IsNaN(c.RocAuc) ? null : c.RocAuc,
                new ConfusionView(c.Metrics.TruePositives, c.Metrics.FalsePositives, c.Metrics.FalseNegatives, c.Metrics.TrueNegatives)))],
            result.Skipped);
        var summary = string.Join("; ", view.Categories.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.Category}: {c.Rows} rows, held-out F1 {c.F1:0.000} at {c.Threshold:0.00}")));
        await audit.AppendAsync(user.RequiredId(), "classifier.retrain", "classifier", $"retrained from {result.Decisions} decisions: {summary}", ct: ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(view);
    }
}
