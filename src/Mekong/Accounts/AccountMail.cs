using System.Globalization;
using System.Threading.Channels;
using Mekong.Platform.Mail;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Mekong.Accounts;

/// <summary>
/// The account mails (password reset, address verification, address change) written in the member's interface
/// language. They are handed to <see cref="AccountMailOutbox"/> and sent after the request has answered, so the
/// answer takes as long whether or not a mail goes out (a reset for an unknown address looks like any other).
/// Without SMTP configured nothing is sent; only in Development is the link written to the server log.
/// </summary>
public sealed class AccountMail(
    IMailSender mail, AccountMailOutbox outbox, IStringLocalizer<Platform.Localization.UiText> text,
    IOptionsMonitor<AccountsOptions> options, IHttpContextAccessor http, IHostEnvironment environment, ILogger<AccountMail> log)
{
    public const string ResetSubject = "Reset your Mekong password";
    public const string ResetBody = "Someone (we hope you) asked to reset the password of your Mekong account. Open this link to choose a new password; it works once, for a limited time:";
    public const string VerifySubject = "Confirm your email address on Mekong";
    public const string VerifyBody = "Welcome to Mekong. Open this link to confirm that this email address is yours:";
    public const string ChangeSubject = "Confirm your new email address on Mekong";
    public const string ChangeBody = "Open this link to make this the email address of your Mekong account. Until you do, nothing changes:";
    public const string NoticeSubject = "Your Mekong email address is being changed";
    public const string NoticeBody = "Someone signed in to your Mekong account asked to change its email address to {0}. It changes only when the link sent there is opened. If this was not you, change your password now.";
    public const string IgnoreLine = "If you did not ask for this, ignore this message: your account stays as it is.";

    /// <summary>Whether mail can go out at all (the admin is warned when not).</summary>
    public bool IsConfigured => mail.IsConfigured;

    public void PasswordReset(User user, string token) =>
        Send(user, user.Email!, ResetSubject, t => $"{t[ResetBody]}\n\n{Link($"/reset-password?token={Uri.EscapeDataString(token)}&user={user.Id}")}\n\n{t[IgnoreLine]}", "password reset");

    public void Verification(User user, string token) =>
        Send(user, user.Email!, VerifySubject, t => $"{t[VerifyBody]}\n\n{Link($"/confirm-email?token={Uri.EscapeDataString(token)}&user={user.Id}")}\n\n{t[IgnoreLine]}", "email verification");

    public void EmailChange(User user, string newEmail, string token) =>
        Send(user, newEmail, ChangeSubject, t => $"{t[ChangeBody]}\n\n{Link($"/confirm-email?token={Uri.EscapeDataString(token)}&user={user.Id}&email={Uri.EscapeDataString(newEmail)}")}\n\n{t[IgnoreLine]}", "email change");

    public void EmailChangeNotice(User user, string newEmail) =>
        Send(user, user.Email!, NoticeSubject, t => t[NoticeBody, newEmail], kind: null);

    /// <summary>The site's address for a path: the configured Accounts:SiteUrl, else the request's own origin.</summary>
    public string Link(string pathAndQuery)
    {
        var site = options.CurrentValue.SiteUrl;
        if (string.IsNullOrWhiteSpace(site) && http.HttpContext?.Request is { } request)
        {
            site = $"{request.Scheme}://{request.Host}{request.PathBase}";
        }

        return (site ?? "").TrimEnd('/') + pathAndQuery;
    }

    private void Send(User user, string to, string subjectKey, Func<IStringLocalizer, string> body, string? kind)
    {
        if (!mail.IsConfigured)
        {
            if (kind is null)
            {
                return;
            }

            // A link is a key to the account: it is written to the log only on a developer's own machine.
            if (environment.IsDevelopment())
            {
                log.LogWarning("Mail is not configured (Mail:Host); the {Kind} mail for {Email} was not sent. Its text:\n{Body}", kind, to, Compose(user, body));
            }
            else
            {
                log.LogWarning("Mail is not configured (Mail:Host); a {Kind} mail was not sent", kind);
            }

            return;
        }

        var (subject, textBody) = InLanguageOf(user, () => (text[subjectKey].Value, body(text)));
        outbox.Enqueue(new MailMessage(to, subject, textBody));
    }

    private string Compose(User user, Func<IStringLocalizer, string> body) => InLanguageOf(user, () => body(text));

    private static T InLanguageOf<T>(User user, Func<T> make)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(Platform.Languages.Canonical(user.InterfaceLanguage) ?? "en");
            return make();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}

/// <summary>Sends the account mails in the background, one at a time; a failed send is logged and dropped (the member can ask again).</summary>
public sealed class AccountMailOutbox(IServiceScopeFactory scopes, ILogger<AccountMailOutbox> log) : BackgroundService
{
    private readonly Channel<MailMessage> _queue = Channel.CreateBounded<MailMessage>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Enqueue(MailMessage message)
    {
        if (!_queue.Writer.TryWrite(message))
        {
            log.LogWarning("The account mail queue is full; a mail was dropped");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMailSender>().SendAsync(message, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "An account mail could not be sent");
            }
        }
    }
}
