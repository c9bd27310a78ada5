using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Mekong.Audit;
using Mekong.Platform;
using Mekong.Platform.Content;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Review;

/// <summary>One rule as the API and CSV files write it.</summary>
public sealed record RuleInput(string? Pattern, TermKind? Kind, RuleAction? Action, string? Language, Guid? CommunityId, string? Tag, string? Reason);

/// <summary>
/// Watched terms and patterns: checked on the way in (an invalid or potentially slow regular expression is refused
/// with the reason), imported and exported as CSV all-or-nothing, and compiled for screening by the content screen.
/// Every change bumps <see cref="Version"/> so the screen rebuilds its automaton once, atomically.
/// </summary>
public sealed class RuleBook(MekongDb db, AuditLog audit, TimeProvider clock)
{
    private static long _version;

    public const string CsvHeader = "pattern,kind,action,language,community,tag,reason";

    /// <summary>Changes whenever any rule changes; the compiled screen compares it to know it is stale.</summary>
    public static long Version => Interlocked.Read(ref _version);

    public async Task<WatchedTerm?> AddAsync(RuleInput input, Guid actorId, Errors errors, string prefix = "", CancellationToken ct = default)
    {
        var term = Validate(input, actorId, errors, prefix);
        if (term is null)
        {
            return null;
        }

        if (await ExistsAsync(term, ct))
        {
            errors.Add(prefix + "pattern", "This rule already exists.");
            return null;
        }

        db.WatchedTerms.Add(term);
        await audit.AppendAsync(actorId, "rule.create", $"rule:{term.Id}", term.Reason, after: Describe(term), ct: ct);
        Interlocked.Increment(ref _version);
        return term;
    }

    public async Task<bool> RemoveAsync(Guid id, Guid actorId, CancellationToken ct = default)
    {
        var term = await db.WatchedTerms.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (term is null)
        {
            return false;
        }

        db.WatchedTerms.Remove(term);
        await audit.AppendAsync(actorId, "rule.delete", $"rule:{term.Id}", term.Reason, before: Describe(term), ct: ct);
        Interlocked.Increment(ref _version);
        return true;
    }

    /// <summary>Imports a CSV of rules: every row valid and new, or nothing is imported; errors name the line.</summary>
    public async Task<int> ImportCsvAsync(string csv, Guid actorId, Errors errors, CancellationToken ct = default)
    {
        var rows = Csv.Parse(csv, errors);
        if (errors.Any)
        {
            return 0;
        }

        if (rows.Count == 0 || !string.Equals(string.Join(',', rows[0].Select(c => c.Trim().ToLowerInvariant())), CsvHeader, StringComparison.Ordinal))
        {
            errors.Add("line 1", $"The first line must be the header: {CsvHeader}");
            return 0;
        }

        var terms = new List<WatchedTerm>();
        var seen = new HashSet<(Guid?, string, TermKind, string?)>();
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            var line = $"line {i + 1}: ";
            if (row.Count == 1 && string.IsNullOrWhiteSpace(row[0]))
            {
                continue;
            }

            if (row.Count != 7)
            {
                errors.Add($"line {i + 1}", $"Expected 7 fields ({CsvHeader}), found {row.Count}.");
                continue;
            }

            Guid? community = null;
            if (!string.IsNullOrWhiteSpace(row[4]))
            {
                if (Guid.TryParse(row[4], out var c))
                {
                    community = c;
                }
                else
                {
                    errors.Add(line + "community", "Not a community id.");
                    continue;
                }
            }

            var input = new RuleInput(row[0], Parse<TermKind>(row[1], line + "kind", errors), Parse<RuleAction>(row[2], line + "action", errors),
                NullIfEmpty(row[3]), community, NullIfEmpty(row[5]), row[6]);
            var term = Validate(input, actorId, errors, line);
            if (term is null)
            {
                continue;
            }

            if (!seen.Add((term.CommunityId, term.Pattern, term.Kind, term.Language)) || await ExistsAsync(term, ct))
            {
                errors.Add(line + "pattern", "This rule already exists.");
                continue;
            }

            terms.Add(term);
        }

        if (errors.Any)
        {
            return 0;
        }

        db.WatchedTerms.AddRange(terms);
        await audit.AppendAsync(actorId, "rule.import", "rules", $"{terms.Count} rules imported", ct: ct);
        Interlocked.Increment(ref _version);
        return terms.Count;
    }

    public async Task<string> ExportCsvAsync(CancellationToken ct = default)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var t in await db.WatchedTerms.AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct))
        {
            csv.AppendJoin(',', new[]
            {
                t.Pattern, Name(t.Kind), Name(t.Action), t.Language ?? "", t.CommunityId?.ToString() ?? "", t.Tag ?? "", t.Reason,
            }.Select(Csv.Quote)).Append('\n');
        }

        return csv.ToString();
    }

    public static string Name<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private WatchedTerm? Validate(RuleInput input, Guid actorId, Errors errors, string prefix)
    {
        var errorsBefore = errors.Count;
        // The API's one text rule (trimmed, NFC, no U+0000, a length) — the CSV import arrives here too.
        var pattern = errors.Required(prefix + "pattern", input.Pattern, ReviewLimits.PatternChars) ?? "";

        if (input.Kind is null)
        {
            errors.Add(prefix + "kind", "Required: plain, wildcard or regex.");
        }

        if (input.Action is null)
        {
            errors.Add(prefix + "action", "Required: block, requireApproval, flag, censor or tag.");
        }

        string? language = null;
        if (!string.IsNullOrWhiteSpace(input.Language))
        {
            language = Languages.Canonical(input.Language.Trim());
            if (language is null)
            {
                errors.Add(prefix + "language", $"'{input.Language}' is not a platform language; leave it empty for all languages.");
            }
        }

        var tag = string.IsNullOrWhiteSpace(input.Tag) ? null : errors.Optional(prefix + "tag", input.Tag, Platform.Limits.TagChars).ToLowerInvariant();
        if (input.Action == RuleAction.Tag && tag is null)
        {
            errors.Add(prefix + "tag", "A tag rule names the tag to add.");
        }

        var reason = errors.Required(prefix + "reason", input.Reason, ReviewLimits.ReasonChars) ?? "";

        if (input.Kind == TermKind.Regex && pattern.Length > 0 && CheckRegex(pattern) is { } problem)
        {
            errors.Add(prefix + "pattern", problem);
        }
        else if (input.Kind == TermKind.Wildcard && pattern.Trim('*').Contains('*', StringComparison.Ordinal))
        {
            errors.Add(prefix + "pattern", "A wildcard is * at the start or end of the term, not inside it.");
        }
        else if (input.Kind == TermKind.Wildcard && !pattern.StartsWith('*') && !pattern.EndsWith('*'))
        {
            errors.Add(prefix + "pattern", "A wildcard term starts or ends with *; use kind plain otherwise.");
        }
        else if (input.Kind is TermKind.Plain or TermKind.Wildcard && pattern.Trim('*').Length == 0)
        {
            errors.Add(prefix + "pattern", "The term has no letters.");
        }

        if (errors.Count > errorsBefore)
        {
            return null;
        }

        return new WatchedTerm(pattern, input.Kind!.Value, input.Action!.Value, language, input.CommunityId, tag, reason, actorId, clock.GetUtcNow());
    }

    /// <summary>
    /// Refuses what could stall screening: patterns the linear-time engine cannot run (backreferences, lookarounds)
    /// and patterns that still take too long on adversarial input. Screening runs them with a timeout as well.
    /// </summary>
    internal static string? CheckRegex(string pattern)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, ReviewLimits.RegexTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return $"Not a valid regular expression, or one needing backtracking (backreferences, lookarounds, atomic groups), which could stall screening: {e.Message}";
        }

        try
        {
            foreach (var probe in new[] { new string('a', 20_000) + "!", string.Concat(Enumerable.Repeat("ab ", 7_000)), new string('ก', 20_000) })
            {
                regex.IsMatch(probe);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return $"Too slow: it ran past {ReviewLimits.RegexTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms on a 20 KB test text.";
        }

        return null;
    }

    internal static Regex CompileRegex(string pattern) =>
        new(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, ReviewLimits.RegexTimeout);

    private Task<bool> ExistsAsync(WatchedTerm t, CancellationToken ct) =>
        db.WatchedTerms.AnyAsync(x => x.CommunityId == t.CommunityId && x.Pattern == t.Pattern && x.Kind == t.Kind && x.Language == t.Language, ct);

    private static object Describe(WatchedTerm t) => new { t.Pattern, kind = Name(t.Kind), action = Name(t.Action), t.Language, t.CommunityId, t.Tag, t.Reason };

    private static T? Parse<T>(string text, string field, Errors errors)
        where T : struct, Enum
    {
        if (Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !text.Trim().All(char.IsAsciiDigit))
        {
            return value;
        }

        errors.Add(field, $"'{text}' is not one of {string.Join(", ", Enum.GetValues<T>().Select(Name))}.");
        return null;
    }

    private static string? NullIfEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
