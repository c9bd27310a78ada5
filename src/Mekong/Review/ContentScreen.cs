using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Mekong.Platform.Data;
using Mekong.Platform.Telemetry;
using Mekong.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Term = Mekong.Text.WatchedTerm;

namespace Mekong.Review;

/// <summary>Per-site screening thresholds for the learned classifier (configuration section <c>Review:Screening</c>).</summary>
public sealed class ScreeningOptions
{
    /// <summary>Score from which content is published and put in the review queue.</summary>
    public double FlagAt { get; set; } = 0.80;

    /// <summary>Score from which content is held until a moderator approves it.</summary>
    public double HoldAt { get; set; } = 0.97;

    /// <summary>Optional per-category overrides of <see cref="FlagAt"/> (e.g. <c>Review:Screening:FlagAtByCategory:spam=0.9</c>).</summary>
    public Dictionary<string, double> FlagAtByCategory { get; set; } = [];
}

/// <summary>A learned classifier: a probability per category (abuse, hate, sexual, spam). A seam: ML.NET today.</summary>
public interface IContentClassifier
{
    /// <summary>False until a model is trained or loaded; screening then relies on rules alone.</summary>
    bool IsReady { get; }

    IReadOnlyDictionary<string, float> Score(string text);
}

/// <summary>What is screened: the fields of one piece of content (title and body; a comment; name and bio).</summary>
public sealed record ScreeningRequest(ContentKind Kind, Guid? CommunityId, string Language, IReadOnlyList<string> Fields);

/// <summary>
/// Pre-screening of everything members write, before it is published: the site's and the community's watched terms
/// (one obfuscation-proof automaton over every term, rebuilt atomically when rules change), their regular expressions
/// (linear-time engine, with a timeout), and the learned classifier. Singleton; thread-safe.
/// </summary>
public sealed class ContentScreen(IServiceScopeFactory scopes, IContentClassifier classifier, IOptionsMonitor<ScreeningOptions> options, ILogger<ContentScreen> log)
    : IDisposable
{
    /// <summary>Time to screen one text before it is published: rules, patterns and the classifier (tag <c>outcome</c>).</summary>
    private static readonly Histogram<double> Duration = MekongTelemetry.Meter.CreateHistogram<double>(
        "mekong.screening.duration", "s", "Time to screen one text before it is published");

    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile CompiledRules? _rules;

    private sealed record Rule(Guid Id, string Pattern, RuleAction Action, string? Language, Guid? CommunityId, string? Tag, string Reason);

    private sealed record CompiledRules(long Version, TermMatcher Terms, Rule[] TermRules, (Rule Rule, Regex Regex)[] Patterns);

    public async Task<ScreeningVerdict> ScreenAsync(ScreeningRequest request, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var rules = await RulesAsync(ct);
        var fields = request.Fields.ToArray();
        var hits = new List<(Rule Rule, string Found)>();
        var matches = new List<TermMatch>();
        for (var f = 0; f < fields.Length; f++)
        {
            var text = fields[f];
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            matches.Clear();
            rules.Terms.FindAll(text, matches);
            char[]? censored = null;
            foreach (var m in matches)
            {
                var rule = rules.TermRules[m.TermId];
                if (!Applies(rule, request))
                {
                    continue;
                }

                hits.Add((rule, text.Substring(m.Start, m.Length)));
                if (rule.Action == RuleAction.Censor)
                {
                    censored ??= text.ToCharArray();
                    censored.AsSpan(m.Start, m.Length).Fill('*');
                }
            }

            if (rules.Patterns.Length > 0)
            {
                var normalized = TextNormalizer.Matching.Normalize(text);
                foreach (var (rule, regex) in rules.Patterns)
                {
                    if (!Applies(rule, request))
                    {
                        continue;
                    }

                    try
                    {
                        foreach (var m in regex.EnumerateMatches(normalized.Value))
                        {
                            if (m.Length == 0)
                            {
                                continue;
                            }

                            var (start, length) = normalized.MapToOriginal(m.Index, m.Length);
                            hits.Add((rule, text.Substring(start, length)));
                            if (rule.Action == RuleAction.Censor)
                            {
                                censored ??= text.ToCharArray();
                                censored.AsSpan(start, length).Fill('*');
                            }
                        }
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        // Refused at save time when slow; if one still times out, the text goes to a human.
                        hits.Add((rule with { Action = RuleAction.Flag, Reason = "pattern timed out: " + rule.Reason }, ""));
                    }
                }
            }

            if (censored is not null)
            {
                fields[f] = new string(censored);
            }
        }

        var reasons = hits.Select(h => $"rule {RuleBook.Name(h.Rule.Action)} \"{h.Rule.Pattern}\": {h.Rule.Reason}").Distinct(StringComparer.Ordinal).ToList();
        var outcome = hits.Any(h => h.Rule.Action == RuleAction.Block) ? ScreeningOutcome.Reject
            : hits.Any(h => h.Rule.Action == RuleAction.RequireApproval) ? ScreeningOutcome.Hold
            : hits.Any(h => h.Rule.Action == RuleAction.Flag) ? ScreeningOutcome.PublishAndFlag
            : ScreeningOutcome.Publish;

        double top = 0;
        if (outcome != ScreeningOutcome.Reject && classifier.IsReady)
        {
            var settings = options.CurrentValue;
            foreach (var (category, score) in classifier.Score(string.Join("\n", request.Fields)))
            {
                top = Math.Max(top, score);
                var flagAt = settings.FlagAtByCategory.GetValueOrDefault(category, settings.FlagAt);
                if (score >= settings.HoldAt)
                {
                    reasons.Add($"classifier {category} {score:0.00} ≥ hold {settings.HoldAt:0.00}");
                    outcome = ScreeningOutcome.Hold;
                }
                else if (score >= flagAt)
                {
                    reasons.Add($"classifier {category} {score:0.00} ≥ flag {flagAt:0.00}");
                    if (outcome == ScreeningOutcome.Publish)
                    {
                        outcome = ScreeningOutcome.PublishAndFlag;
                    }
                }
            }
        }

        var message = outcome switch
        {
            ScreeningOutcome.Reject => string.Join(" ", hits.Where(h => h.Rule.Action == RuleAction.Block).Select(h => h.Rule.Reason).Distinct(StringComparer.Ordinal)),
            ScreeningOutcome.Hold => "A moderator will look at this before others see it.",
            _ => null,
        };
        var tags = hits.Where(h => h.Rule.Action == RuleAction.Tag && h.Rule.Tag is not null).Select(h => h.Rule.Tag!).Distinct(StringComparer.Ordinal).ToList();
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        return new ScreeningVerdict(outcome, reasons, message, fields, tags, top);
    }

    public void Dispose() => _rebuild.Dispose();

    private static bool Applies(Rule rule, ScreeningRequest request) =>
        (rule.CommunityId is null || rule.CommunityId == request.CommunityId)
        && (rule.Language is null || string.Equals(rule.Language, request.Language, StringComparison.OrdinalIgnoreCase));

    /// <summary>The compiled rules, rebuilt when <see cref="RuleBook.Version"/> moved; readers never wait on a rebuild but the first.</summary>
    private async Task<CompiledRules> RulesAsync(CancellationToken ct)
    {
        var current = _rules;
        var version = RuleBook.Version;
        if (current is not null && current.Version == version)
        {
            return current;
        }

        if (current is not null && !await _rebuild.WaitAsync(0, ct))
        {
            return current; // someone is rebuilding; screen with the previous rules meanwhile
        }

        if (current is null)
        {
            await _rebuild.WaitAsync(ct);
        }

        try
        {
            if (_rules is { } fresh && fresh.Version == version)
            {
                return fresh;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            var all = await db.WatchedTerms.AsNoTracking()
                .Select(t => new { t.Id, t.Pattern, t.Kind, t.Action, t.Language, t.CommunityId, t.Tag, t.Reason })
                .ToListAsync(ct);
            var termRules = new List<Rule>();
            var terms = new List<Term>();
            var patterns = new List<(Rule, Regex)>();
            foreach (var t in all)
            {
                var rule = new Rule(t.Id, t.Pattern, t.Action, t.Language, t.CommunityId, t.Tag, t.Reason);
                if (t.Kind == TermKind.Regex)
                {
                    patterns.Add((rule, RuleBook.CompileRegex(t.Pattern)));
                    continue;
                }

                var options = t.Language == "vi" ? TermOptions.MatchUnaccented : TermOptions.None;
                try
                {
                    TermMatcher.Build([new Term(0, t.Pattern, options)]);
                }
                catch (ArgumentException e)
                {
                    log.LogWarning("Watched term {Id} skipped: {Reason}", t.Id, e.Message);
                    continue;
                }

                terms.Add(new Term(termRules.Count, t.Pattern, options));
                termRules.Add(rule);
            }

            var compiled = new CompiledRules(version, TermMatcher.Build(terms), [.. termRules], [.. patterns]);
            _rules = compiled;
            log.LogInformation("Screening rules compiled: {Terms} terms, {Patterns} patterns", termRules.Count, patterns.Count);
            return compiled;
        }
        finally
        {
            _rebuild.Release();
        }
    }
}

/// <summary>Used until a classifier model exists: every score is zero, and screening relies on rules.</summary>
internal sealed class NoClassifier : IContentClassifier
{
    public bool IsReady => false;

    public IReadOnlyDictionary<string, float> Score(string text) => new Dictionary<string, float>();
}
