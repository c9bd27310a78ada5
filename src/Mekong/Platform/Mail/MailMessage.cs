namespace Mekong.Platform.Mail;

/// <summary>
/// One e-mail to one address. <paramref name="Headers"/> carries extra headers such as RFC 8058's
/// <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c>.
/// </summary>
public sealed record MailMessage(
    string To,
    string Subject,
    string TextBody,
    string? HtmlBody = null,
    IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// Sends e-mail. A message handed over is stored durably first (the mail outbox) and delivered in the background
/// with retries, so a slow or absent mail server never slows a request, and a request's timing never says whether
/// a mail was sent.
/// </summary>
public interface IMailSender
{
    /// <summary>False when no SMTP server is configured: messages are then dropped (and say so in the log).</summary>
    bool IsConfigured { get; }

    Task SendAsync(MailMessage message, CancellationToken ct = default);
}
