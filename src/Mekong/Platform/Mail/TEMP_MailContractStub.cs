// TEMPORARY: the mail spine's contract (docs in BRIEF9), until main's Platform/Mail lands; deleted at the merge.
namespace Mekong.Platform.Mail;

public sealed record MailMessage(string To, string Subject, string TextBody, string? HtmlBody = null, IReadOnlyDictionary<string, string>? Headers = null);

public interface IMailSender
{
    bool IsConfigured { get; }

    Task SendAsync(MailMessage message, CancellationToken ct);
}

internal sealed class UnconfiguredMailSender : IMailSender
{
    public bool IsConfigured => false;

    public Task SendAsync(MailMessage message, CancellationToken ct) => Task.CompletedTask;
}
