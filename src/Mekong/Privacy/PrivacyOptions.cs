using Microsoft.Extensions.Options;

namespace Mekong.Privacy;

/// <summary>The <c>Privacy</c> configuration section: consent policy version, exports, erasure default.</summary>
public sealed class PrivacyOptions
{
    /// <summary>The privacy policy members answer; answers given under another version no longer count.</summary>
    public string PolicyVersion { get; set; } = "2026-12";

    /// <summary>Folder the export ZIP files are written to (outside the database).</summary>
    public string ExportPath { get; set; } = Path.Combine("data", "exports");

    /// <summary>How long a finished export can be downloaded, in hours.</summary>
    public double ExportLinkHours { get; set; } = 24;

    /// <summary>What happens to public contributions when a member erases the account and does not say: <c>anonymize</c> or <c>delete</c>.</summary>
    public string ErasureDefault { get; set; } = Erasure.Anonymize;
}

/// <summary>A bad privacy setting stops the start with the key and what to use.</summary>
internal sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.PolicyVersion) || o.PolicyVersion.Length > 32)
        {
            errors.Add("Privacy:PolicyVersion: name the current privacy policy version (1-32 characters), e.g. 2026-12.");
        }

        if (string.IsNullOrWhiteSpace(o.ExportPath))
        {
            errors.Add("Privacy:ExportPath: a folder for export files, e.g. ./data/exports.");
        }

        if (o.ExportLinkHours is <= 0 or > 24 * 30 || double.IsNaN(o.ExportLinkHours))
        {
            errors.Add("Privacy:ExportLinkHours: hours a download link lasts, above 0 and at most 720.");
        }

        if (o.ErasureDefault is not (Erasure.Anonymize or Erasure.Delete))
        {
            errors.Add($"Privacy:ErasureDefault: '{o.ErasureDefault}' is not a choice; use anonymize or delete.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
