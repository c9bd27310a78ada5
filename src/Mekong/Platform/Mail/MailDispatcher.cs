using System.Diagnostics.Metrics;
using MailKit.Net.Smtp;
using MailKit.Security;
using Mekong.Platform.Data;
using Mekong.Platform.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Mekong.Platform.Mail;

/// <summary>
/// Delivers the outbox: claims due mails with a lease (so several nodes never send one twice), sends them over one
/// SMTP connection, and retries failures with backoff until <see cref="MailOptions.MaxAttempts"/>. Polls every
/// <see cref="PollInterval"/> and wakes at once when a mail is queued on this node.
/// </summary>
internal sealed partial class MailDispatcher(
    IServiceScopeFactory scopes,
    IOptions<MailOptions> options,
    MailSignal signal,
    TimeProvider clock,
    ILogger<MailDispatcher> log) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    private const int Batch = 50;

    /// <summary>Mails waiting to be sent (neither sent nor given up), as of the dispatcher's last pass.</summary>
    private static long pending;

    private static readonly ObservableGauge<long> Pending = MekongTelemetry.Meter.CreateObservableGauge(
        "mekong.mail.pending", () => Interlocked.Read(ref pending), "{mail}", "Mails waiting to be sent, as of the dispatcher's last pass");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverDueAsync(stoppingToken) == Batch)
                {
                }

                await CountPendingAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDispatchFailed(log, e);
            }

            await signal.WaitAsync(PollInterval, stoppingToken);
        }
    }

    /// <summary>Sends the mails due now; returns how many it claimed.</summary>
    internal async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        var outbox = db.Set<OutboxMail>();
        var now = clock.GetUtcNow();
        await outbox.Where(m => (m.SentAt != null || m.FailedAt != null) && m.CreatedAt < now - Retention).ExecuteDeleteAsync(ct);

        var due = await outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.FailedAt == null && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(Batch).ToListAsync(ct);
        var claimed = new List<Guid>(due.Count);
        foreach (var id in due)
        {
            // The lease: only the node whose update matched the old state sends the mail.
            var won = await outbox.Where(m => m.Id == id && m.SentAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, now + Lease), ct);
            if (won == 1)
            {
                claimed.Add(id);
            }
        }

        if (claimed.Count == 0)
        {
            return due.Count;
        }

        var mails = await outbox.Where(m => claimed.Contains(m.Id)).OrderBy(m => m.NextAttemptAt).ToListAsync(ct);
        var settings = options.Value;
        using var smtp = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        try
        {
            await ConnectAsync(smtp, settings, ct);
            foreach (var mail in mails)
            {
                try
                {
                    await smtp.SendAsync(Mime(mail.ToMessage(), settings), ct);
                    mail.Delivered(clock.GetUtcNow());
                }
                catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or ParseException or FormatException)
                {
                    mail.Failed(e.Message, clock.GetUtcNow(), settings.MaxAttempts);
                    LogSendFailed(log, mail.Id, mail.Attempts, e.Message);
                    if (!smtp.IsConnected)
                    {
                        await ConnectAsync(smtp, settings, ct);
                    }
                }
            }

            await smtp.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The server could not be reached or dropped us: every mail not yet sent is retried later.
            foreach (var mail in mails.Where(m => m.SentAt is null && m.ClaimedUntil is not null))
            {
                mail.Failed(e.Message, clock.GetUtcNow(), settings.MaxAttempts);
            }

            LogServerFailed(log, settings.Host, settings.Port, e.Message);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        return due.Count;
    }

    private async Task CountPendingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        Interlocked.Exchange(ref pending, await db.Set<OutboxMail>().CountAsync(m => m.SentAt == null && m.FailedAt == null, ct));
    }

    private static async Task ConnectAsync(SmtpClient smtp, MailOptions settings, CancellationToken ct)
    {
        var security = settings.Security switch
        {
            MailSecurity.StartTls => SecureSocketOptions.StartTls,
            MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            MailSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await smtp.ConnectAsync(settings.Host ?? "", settings.Port, security, ct);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await smtp.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
        }
    }

    internal static MimeMessage Mime(MailMessage message, MailOptions settings)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(settings.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();
        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>())
        {
            mime.Headers.Add(name, value);
        }

        return mime;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail dispatch failed; retrying at the next poll")]
    private static partial void LogDispatchFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {Id} failed (attempt {Attempts}): {Error}")]
    private static partial void LogSendFailed(ILogger logger, Guid id, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server {Host}:{Port} failed: {Error}; unsent mails are retried later")]
    private static partial void LogServerFailed(ILogger logger, string? host, int port, string error);
}
