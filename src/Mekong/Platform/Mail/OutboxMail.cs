using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Platform.Mail;

/// <summary>
/// A mail waiting in the outbox, or delivered, or given up. Delivery is claimed with a lease
/// (<see cref="ClaimedUntil"/>) so several nodes can share the outbox without sending a message twice.
/// </summary>
public sealed class OutboxMail
{
    private OutboxMail() { }

    public OutboxMail(MailMessage message, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        To = message.To;
        Subject = message.Subject;
        TextBody = message.TextBody;
        HtmlBody = message.HtmlBody;
        Headers = message.Headers is { Count: > 0 } h ? JsonSerializer.Serialize(h) : null;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }
    public string To { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string TextBody { get; private set; } = "";
    public string? HtmlBody { get; private set; }

    /// <summary>Extra headers as a JSON object.</summary>
    public string? Headers { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? ClaimedUntil { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Set when the outbox gave up after the last attempt.</summary>
    public DateTimeOffset? FailedAt { get; private set; }

    public string? LastError { get; private set; }

    public MailMessage ToMessage() => new(To, Subject, TextBody, HtmlBody,
        Headers is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(Headers));

    /// <summary>Marks the mail sent and forgets its content: bodies may hold single-use links nobody should read later.</summary>
    public void Delivered(DateTimeOffset now)
    {
        SentAt = now;
        TextBody = "";
        HtmlBody = null;
        ClaimedUntil = null;
        Attempts++;
    }

    /// <summary>Schedules the next attempt with exponential backoff (30 s, 1 min, 2 min … capped at 6 h), or gives up.</summary>
    public void Failed(string error, DateTimeOffset now, int maxAttempts)
    {
        Attempts++;
        ClaimedUntil = null;
        LastError = error.Length > 1000 ? error[..1000] : error;
        if (Attempts >= maxAttempts)
        {
            FailedAt = now;
            return;
        }

        NextAttemptAt = now + Outbox.Backoff.After(Attempts);
    }
}

internal sealed class OutboxMailConfiguration : IEntityTypeConfiguration<OutboxMail>
{
    public void Configure(EntityTypeBuilder<OutboxMail> b)
    {
        b.ToTable("mail_outbox");
        b.HasKey(m => m.Id);
        b.Property(m => m.To).HasMaxLength(320).IsRequired();
        b.Property(m => m.Subject).HasMaxLength(500).IsRequired();
        b.Property(m => m.TextBody).IsRequired();
        b.Property(m => m.LastError).HasMaxLength(1000);
        b.HasIndex(m => new { m.SentAt, m.FailedAt, m.NextAttemptAt });
    }
}
