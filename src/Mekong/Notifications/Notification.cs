using System.Text.Json;
using Mekong.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Notifications;

/// <summary>
/// One event for one member, stored as its kind and parameters (never as text): it is rendered in the reader's
/// interface language when read (<see cref="NotificationText"/>).
/// </summary>
public sealed class Notification
{
    private static readonly JsonSerializerOptions ArgsJson = new();

    private Notification() { }

    public Notification(Guid userId, string kind, string? link, IReadOnlyDictionary<string, string> args, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        UserId = userId;
        Kind = kind;
        Link = link;
        StoredArgs = JsonSerializer.Serialize(args, ArgsJson);
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }

    /// <summary>One of <see cref="NotificationKinds"/>, or a feature's own kind (e.g. "community.joinRequest").</summary>
    public string Kind { get; private set; } = "";

    /// <summary>The parameters as a JSON object of strings (the column "Args").</summary>
    internal string StoredArgs { get; private set; } = "{}";

    public string? Link { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    /// <summary>When the e-mail channel dealt with it (sent, put in a digest, or skipped by the member's choice).</summary>
    public DateTimeOffset? MailedAt { get; private set; }

    public IReadOnlyDictionary<string, string> Args => Parse(StoredArgs);

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;

    public void MarkMailed(DateTimeOffset now) => MailedAt ??= now;

    public static IReadOnlyDictionary<string, string> Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json, ArgsJson) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal) { ["text"] = json };
        }
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.HasKey(n => n.Id);
        b.HasIndex(n => new { n.UserId, n.Id });
        b.HasIndex(n => n.MailedAt);
        b.Property(n => n.Kind).HasMaxLength(64).IsRequired();
        b.Property(n => n.StoredArgs).HasColumnName("Args").HasMaxLength(8000).IsRequired();
        b.Property(n => n.Link).HasMaxLength(500);
        b.Ignore(n => n.Args);
        b.HasOne<User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A member's e-mail choices: per notification kind, immediately, in a daily digest, or never (the default).</summary>
public sealed class NotificationSettings
{
    private NotificationSettings() { }

    public NotificationSettings(Guid userId, DateTimeOffset now)
    {
        UserId = userId;
        LastDigestAt = now;
    }

    public Guid UserId { get; private set; }

    /// <summary>JSON object kind → "immediately" | "digest" | "never".</summary>
    internal string ChoicesJson { get; private set; } = "{}";

    /// <summary>When the last digest went out (or the settings were made); the next one is due a day later.</summary>
    public DateTimeOffset LastDigestAt { get; private set; }

    public IReadOnlyDictionary<string, MailDelivery> Choices =>
        JsonSerializer.Deserialize<Dictionary<string, MailDelivery>>(ChoicesJson, ChoiceJson) ?? [];

    public MailDelivery For(string kind) => Choices.TryGetValue(kind, out var d) ? d : MailDelivery.Never;

    public void Choose(IReadOnlyDictionary<string, MailDelivery> choices) =>
        ChoicesJson = JsonSerializer.Serialize(choices.Where(c => c.Value != MailDelivery.Never).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal), ChoiceJson);

    public void DigestSent(DateTimeOffset now) => LastDigestAt = now;

    internal static readonly JsonSerializerOptions ChoiceJson = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };
}

public enum MailDelivery
{
    Never,
    Immediately,
    Digest,
}

internal sealed class NotificationSettingsConfiguration : IEntityTypeConfiguration<NotificationSettings>
{
    public void Configure(EntityTypeBuilder<NotificationSettings> b)
    {
        b.ToTable("notification_settings");
        b.HasKey(s => s.UserId);
        b.Property(s => s.ChoicesJson).HasColumnName("Choices").HasMaxLength(4000).IsRequired();
        b.Ignore(s => s.Choices);
        b.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
