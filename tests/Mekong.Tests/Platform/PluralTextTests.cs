using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Mekong.Review;
using Mekong.Text;

namespace Mekong.Tests.Platform;

/// <summary>
/// Every count the pages show (<c>L.Plural(...)</c>) and every moderation label (rule kinds and actions, report
/// reasons, decisions, appeal states, audit actions) has a translation in all 11 languages, and every plural
/// translation is a MessageFormat pattern that formats (one for 1 and other for 2 in English).
/// </summary>
public sealed partial class PluralTextTests
{
    private static readonly ResourceManager UiText = new("Mekong.Platform.Localization.UiText", typeof(Program).Assembly);

    [GeneratedRegex("\\bL\\.Plural\\(\"((?:[^\"\\\\]|\\\\.)+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex PluralKey();

    private static List<string> PluralKeys() =>
        [.. Directory.EnumerateFiles(Path.Combine(InterfaceLanguageTests.RepositoryRoot(), "src", "Mekong"), "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => PluralKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)];

    private static IEnumerable<string> ModerationLabels() =>
        Enum.GetValues<TermKind>().Select(ReviewText.Term)
            .Concat(Enum.GetValues<RuleAction>().Select(ReviewText.Rule))
            .Concat(Enum.GetValues<ReportReason>().Select(ReviewText.Reason))
            .Concat(Enum.GetValues<DecisionAction>().Select(ReviewText.Action))
            .Concat(Enum.GetValues<AppealStatus>().Select(ReviewText.Appeal))
            .Concat(Enum.GetValues<ContentKind>().Select(ReviewText.Open))
            .Concat(new[] { "appeal.create", "appeal.overturn", "appeal.uphold", "classifier.retrain", "guidelines.update", "member.erase", "report.create", "role.add", "role.remove", "rule.create", "rule.delete", "rule.import" }
                .Select(code => ReviewText.AuditAction(code) ?? "(no label for " + code + ")"))
            .Append("Decision: {0}");

    [Fact]
    public void Every_count_and_moderation_label_is_translated_into_every_language_and_every_plural_formats()
    {
        var plurals = PluralKeys();
        Assert.True(plurals.Count >= 10, $"{plurals.Count} plural keys found");
        Assert.Contains("{count, plural, one {# member} other {# members}}", plurals);
        foreach (var (code, _) in Mekong.Platform.Languages.Platform)
        {
            var culture = CultureInfo.GetCultureInfo(code);
            foreach (var key in plurals.Concat(ModerationLabels()))
            {
                var text = UiText.GetResourceSet(code == "en" ? CultureInfo.InvariantCulture : culture, createIfNotExists: true, tryParents: false)!.GetString(key);
                Assert.False(string.IsNullOrWhiteSpace(text), $"{code} lacks '{key}'");
                if (plurals.Contains(key))
                {
                    foreach (var count in new long[] { 0, 1, 2, 5, 21 })
                    {
                        var formatted = PluralMessage.Format(text!, count, culture);
                        Assert.DoesNotContain("plural", formatted, StringComparison.Ordinal); // a malformed pattern comes back as written
                        Assert.Contains(count.ToString(culture), formatted, StringComparison.Ordinal);
                    }
                }
            }
        }

        var english = CultureInfo.GetCultureInfo("en");
        Assert.Equal("1 member", PluralMessage.Format(UiText.GetString(plurals.First(p => p.Contains("member", StringComparison.Ordinal)), CultureInfo.InvariantCulture)!, 1, english));
    }
}
