using System.Security.Cryptography;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Notifications;

/// <summary>A member's e-mail choices per notification kind, for the API, the settings page and unsubscribe links.</summary>
public sealed class NotificationSettingsStore(MekongDb db, TimeProvider clock, Platform.Mail.IMailSender mail)
{
    public static readonly IReadOnlyList<string> Deliveries = ["immediately", "digest", "never"];

    public static string Name(MailDelivery delivery) => delivery switch
    {
        MailDelivery.Immediately => "immediately",
        MailDelivery.Digest => "digest",
        _ => "never",
    };

    public static MailDelivery? ParseDelivery(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "immediately" => MailDelivery.Immediately,
        "digest" => MailDelivery.Digest,
        "never" => MailDelivery.Never,
        _ => null,
    };

    /// <summary>Only the kinds a member can choose for; anything else is an error naming the field.</summary>
    public static Dictionary<string, MailDelivery> Parse(IReadOnlyDictionary<string, string?>? input, Errors errors)
    {
        var choices = new Dictionary<string, MailDelivery>(StringComparer.Ordinal);
        if (input is null)
        {
            errors.Add("email", "Give the choices as an object: kind → \"immediately\", \"digest\" or \"never\".");
            return choices;
        }

        foreach (var (kind, value) in input)
        {
            if (!NotificationKinds.Mailable.Any(m => string.Equals(m.Kind, kind, StringComparison.Ordinal)))
            {
                errors.Add("email", $"Not a notification kind with e-mail choices; use one of {string.Join(", ", NotificationKinds.Mailable.Select(m => m.Kind))}.");
            }
            else if (ParseDelivery(value) is { } delivery)
            {
                choices[kind] = delivery;
            }
            else
            {
                errors.Add($"email.{kind}", "Use \"immediately\", \"digest\" or \"never\".");
            }
        }

        return choices;
    }

    public bool MailConfigured => mail.IsConfigured;

    public async Task<NotificationSettingsView> ViewAsync(Guid userId, CancellationToken ct = default)
    {
        var settings = await db.NotificationSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, ct);
        return new NotificationSettingsView(MailConfigured,
            [.. NotificationKinds.Mailable.Select(m => new MailChoiceView(m.Kind, Name(settings?.For(m.Kind) ?? MailDelivery.Never)))]);
    }

    /// <summary>Sets the given kinds; kinds not given keep their choice.</summary>
    public async Task ChooseAsync(Guid userId, IReadOnlyDictionary<string, MailDelivery> choices, CancellationToken ct = default)
    {
        var settings = await db.NotificationSettings.FirstOrDefaultAsync(s => s.UserId == userId, ct);
        if (settings is null)
        {
            settings = new NotificationSettings(userId, clock.GetUtcNow());
            db.NotificationSettings.Add(settings);
        }

        var merged = new Dictionary<string, MailDelivery>(settings.Choices, StringComparer.Ordinal);
        foreach (var (kind, delivery) in choices)
        {
            merged[kind] = delivery;
        }

        settings.Choose(merged);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Turns e-mail off for one kind, or for all when <paramref name="kind"/> is null.</summary>
    public Task StopAsync(Guid userId, string? kind, CancellationToken ct = default) =>
        ChooseAsync(userId, kind is null
            ? NotificationKinds.Mailable.ToDictionary(m => m.Kind, _ => MailDelivery.Never, StringComparer.Ordinal)
            : new Dictionary<string, MailDelivery>(StringComparer.Ordinal) { [NotificationKinds.SettingFor(kind)] = MailDelivery.Never }, ct);
}

/// <summary>
/// The signed token of an unsubscribe link (RFC 8058): who, and which kind ("*" for all). Signed with the site's
/// data-protection keys, so it needs no sign-in and cannot be forged or pointed at another member.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider protection)
{
    private const int MaxChars = 1024;
    private readonly IDataProtector _protector = protection.CreateProtector("Mekong.Notifications.Unsubscribe.v1");

    public string Issue(Guid userId, string? kind) => _protector.Protect($"{userId:N}|{kind ?? "*"}");

    /// <summary>The member and kind (null: all) the token names; null when it is not a token this site issued.</summary>
    public (Guid UserId, string? Kind)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxChars)
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(token).Split('|', 2);
            if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var id))
            {
                return null;
            }

            return (id, parts[1] == "*" ? null : parts[1]);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
