using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Privacy;

/// <summary>What a member has answered under the current policy version; all false until they opt in.</summary>
public sealed record ConsentView(bool Personalization, bool Analytics, bool ExternalAi, string PolicyVersion, bool NeedsReview, DateTimeOffset? UpdatedAt);

/// <summary>
/// The one place features ask what a member allows. A choice counts only when answered under the current
/// <see cref="PrivacyOptions.PolicyVersion"/>; otherwise it is "no". Answers are read once per request (scoped).
/// </summary>
public sealed class Consent(MekongDb db, IOptionsMonitor<PrivacyOptions> options, TimeProvider clock)
{
    private readonly Dictionary<Guid, ConsentView> _cache = [];

    /// <summary>May the member's reading and activity shape what they are shown (a personalized feed)?</summary>
    public async Task<bool> AllowsPersonalizationAsync(Guid member, CancellationToken ct = default) => (await CurrentAsync(member, ct)).Personalization;

    /// <summary>May events about the member be counted for site analytics?</summary>
    public async Task<bool> AllowsAnalyticsAsync(Guid member, CancellationToken ct = default) => (await CurrentAsync(member, ct)).Analytics;

    /// <summary>May the member's content go to an external AI provider (translation, classification, the assistant)?</summary>
    public async Task<bool> AllowsExternalAiAsync(Guid member, CancellationToken ct = default) => (await CurrentAsync(member, ct)).ExternalAi;

    internal async Task<ConsentView> CurrentAsync(Guid member, CancellationToken ct = default)
    {
        if (_cache.TryGetValue(member, out var cached))
        {
            return cached;
        }

        var version = options.CurrentValue.PolicyVersion;
        var answers = await db.Set<ConsentRecord>().AsNoTracking()
            .Where(c => c.UserId == member && c.PolicyVersion == version)
            .OrderBy(c => c.Id)
            .Select(c => new { c.Choice, c.Granted, c.At })
            .ToListAsync(ct);
        var latest = new Dictionary<string, bool>(StringComparer.Ordinal);
        DateTimeOffset? updated = null;
        foreach (var answer in answers)
        {
            latest[answer.Choice] = answer.Granted;
            updated = updated is null || answer.At > updated ? answer.At : updated;
        }

        var view = new ConsentView(
            latest.GetValueOrDefault(ConsentChoices.Personalization),
            latest.GetValueOrDefault(ConsentChoices.Analytics),
            latest.GetValueOrDefault(ConsentChoices.ExternalAi),
            version,
            NeedsReview: ConsentChoices.All.Any(c => !latest.ContainsKey(c)),
            updated);
        _cache[member] = view;
        return view;
    }

    /// <summary>
    /// Records the member's answers under the current policy version: a history row for every choice whose value
    /// changes or that was not yet answered under this version. Null keeps a choice as it is.
    /// </summary>
    internal async Task<ConsentView> RecordAsync(Guid member, bool? personalization, bool? analytics, bool? externalAi, CancellationToken ct = default)
    {
        var current = await CurrentAsync(member, ct);
        var version = options.CurrentValue.PolicyVersion;
        var now = clock.GetUtcNow();
        var answered = await db.Set<ConsentRecord>().AsNoTracking()
            .Where(c => c.UserId == member && c.PolicyVersion == version).Select(c => c.Choice).Distinct().ToListAsync(ct);
        foreach (var (choice, given, was) in new[]
        {
            (ConsentChoices.Personalization, personalization, current.Personalization),
            (ConsentChoices.Analytics, analytics, current.Analytics),
            (ConsentChoices.ExternalAi, externalAi, current.ExternalAi),
        })
        {
            var value = given ?? was;
            if (value != was || !answered.Contains(choice, StringComparer.Ordinal))
            {
                db.Set<ConsentRecord>().Add(new ConsentRecord(member, choice, value, version, now));
            }
        }

        await db.SaveChangesAsync(ct);
        _cache.Remove(member);
        return await CurrentAsync(member, ct);
    }

    /// <summary>Every answer the member ever gave, oldest first (for their export).</summary>
    internal async Task<List<ConsentRecord>> HistoryAsync(Guid member, CancellationToken ct = default) =>
        await db.Set<ConsentRecord>().AsNoTracking().Where(c => c.UserId == member).OrderBy(c => c.Id).ToListAsync(ct);
}
