using System.Globalization;
using Mekong.Platform.Mail;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Mekong.Accounts;

/// <summary>
/// The account mails (password reset, address verification, address change) written in the member's interface
/// language, and handed to the mail outbox (<see cref="IMailSender"/>), which delivers them in the background.
/// Without SMTP configured nothing is sent; only in Development is the link written to the server log.
/// </summary>
public sealed class AccountMail(
    IMailSender mail, IStringLocalizer<Platform.Localization.UiText> text,
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

    public Task PasswordResetAsync(User user, string token) =>
        SendInLanguageAsync(user, user.Email!, ResetSubject, t => $"{t[ResetBody]}\n\n{Link($"/reset-password?token={Uri.EscapeDataString(token)}&user={user.Id}")}\n\n{t[IgnoreLine]}", "password reset");

    public Task VerificationAsync(User user, string token) =>
        SendInLanguageAsync(user, user.Email!, VerifySubject, t => $"{t[VerifyBody]}\n\n{Link($"/confirm-email?token={Uri.EscapeDataString(token)}&user={user.Id}")}\n\n{t[IgnoreLine]}", "email verification");

    public Task EmailChangeAsync(User user, string newEmail, string token) =>
        SendInLanguageAsync(user, newEmail, ChangeSubject, t => $"{t[ChangeBody]}\n\n{Link($"/confirm-email?token={Uri.EscapeDataString(token)}&user={user.Id}&email={Uri.EscapeDataString(newEmail)}")}\n\n{t[IgnoreLine]}", "email change");

    public Task EmailChangeNoticeAsync(User user, string newEmail) =>
        SendInLanguageAsync(user, user.Email!, NoticeSubject, t => t[NoticeBody, newEmail], kind: null);

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

    private async Task SendInLanguageAsync(User user, string to, string subjectKey, Func<IStringLocalizer, string> body, string? kind)
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
        await mail.SendAsync(new MailMessage(to, subject, textBody), CancellationToken.None);
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
