using Mekong.Platform.Data;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Mail;

/// <summary>
/// The <see cref="IMailSender"/>: stores each message in the outbox in its own unit of work (the caller's pending
/// changes are not saved with it) and wakes the dispatcher.
/// </summary>
internal sealed partial class MailOutbox(
    IServiceScopeFactory scopes,
    IOptions<MailOptions> options,
    MailSignal signal,
    TimeProvider clock,
    ILogger<MailOutbox> log) : IMailSender
{
    public bool IsConfigured => options.Value.IsConfigured;

    public async Task SendAsync(MailMessage message, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message.To);
        if (!IsConfigured)
        {
            LogDropped(log, message.Subject);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        db.Set<OutboxMail>().Add(new OutboxMail(message, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        signal.Wake();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail is not configured (Mail:Host); a mail \"{Subject}\" was not sent")]
    private static partial void LogDropped(ILogger logger, string subject);
}

/// <summary>Wakes the dispatcher when a mail is queued, so delivery does not wait for the next poll.</summary>
internal sealed class MailSignal : Outbox.WakeSignal;
