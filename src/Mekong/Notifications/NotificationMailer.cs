using System.Text;
using Mekong.Platform.Data;
using Mekong.Platform.Localization;
using Mekong.Platform.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Mekong.Notifications;

/// <summary>Section <c>Notifications</c>: how often new notifications are looked at for e-mail, and the digest's rhythm.</summary>
public sealed class NotificationMailOptions
{
    public const string Section = "Notifications";

    /// <summary>
    /// The site's public address, for the links in e-mails (no trailing slash needed); unset, the account mails'
    /// <c>Accounts:SiteUrl</c>, else http://localhost:5000.
    /// </summary>
    public string? SiteUrl { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A member's digest goes out at most this often (a day).</summary>
    public TimeSpan DigestInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Notifications older than this when e-mail is first looked at are not mailed (a member who opts in today gets no backlog).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(2);
}

/// <summary>
/// The e-mail channel of notifications: for members who chose e-mail for a kind, sends each "immediately" notification
/// on its own and the "digest" ones together once a day, in the member's interface language, each mail with an RFC 8058
/// one-click unsubscribe. Sends nothing when the site has no mail server; a notification is marked once dealt with.
/// </summary>
public sealed class NotificationMailer(
    IServiceScopeFactory scopes, IMailSender mail, IOptions<NotificationMailOptions> options, IOptions<Accounts.AccountsOptions> accounts, UnsubscribeTokens tokens, TimeProvider clock,
    ILogger<NotificationMailer> log) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Notification e-mail round failed; the next round tries again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: every member with e-mail choices and notifications not yet dealt with. The number of mails sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        if (!mail.IsConfigured)
        {
            return 0;
        }

        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
            var render = scope.ServiceProvider.GetRequiredService<NotificationText>();
            var text = scope.ServiceProvider.GetRequiredService<IStringLocalizer<UiText>>();
            var now = clock.GetUtcNow();
            var oldest = now - options.Value.MaxAge;
            var sent = 0;
            var members = await db.NotificationSettings.Where(s => s.ChoicesJson != "{}").ToListAsync(ct);
            foreach (var settings in members)
            {
                var pending = await db.Notifications.Where(n => n.UserId == settings.UserId && n.MailedAt == null).OrderBy(n => n.Id).Take(200).ToListAsync(ct);
                if (pending.Count == 0)
                {
                    continue;
                }

                var member = await db.Users.AsNoTracking().Where(u => u.Id == settings.UserId)
                    .Select(u => new { u.Email, u.EmailConfirmed, u.InterfaceLanguage }).FirstOrDefaultAsync(ct);
                if (member?.Email is not { Length: > 0 } address || !member.EmailConfirmed)
                {
                    continue; // notification mail goes only to an address its owner confirmed
                }

                var digest = new List<Notification>();
                foreach (var n in pending)
                {
                    var delivery = n.CreatedAt < oldest ? MailDelivery.Never : settings.For(NotificationKinds.SettingFor(n.Kind));
                    if (delivery == MailDelivery.Immediately)
                    {
                        await mail.SendAsync(Immediate(address, member.InterfaceLanguage, settings.UserId, n, render, text), ct);
                        sent++;
                    }

                    if (delivery == MailDelivery.Digest)
                    {
                        digest.Add(n);
                    }
                    else
                    {
                        n.MarkMailed(now);
                    }
                }

                if (digest.Count > 0 && now - settings.LastDigestAt >= options.Value.DigestInterval)
                {
                    await mail.SendAsync(Digest(address, member.InterfaceLanguage, settings.UserId, digest, render, text), ct);
                    digest.ForEach(n => n.MarkMailed(now));
                    settings.DigestSent(now);
                    sent++;
                }

                await db.SaveChangesAsync(ct);
            }

            return sent;
        }
        finally
        {
            _gate.Release();
        }
    }

    private MailMessage Immediate(string to, string language, Guid userId, Notification n, NotificationText render, IStringLocalizer<UiText> text) =>
        NotificationText.In(language, () =>
        {
            var line = render.Render(n.Kind, n.Args);
            var kind = NotificationKinds.SettingFor(n.Kind);
            var body = new StringBuilder().AppendLine(line).AppendLine();
            if (n.Link is { } link)
            {
                body.AppendLine(text["Open: {0}", Url(link)].Value).AppendLine();
            }

            Footer(body, userId, kind, text);
            return new MailMessage(to, Subject(line), body.ToString(), Headers: Unsubscribe(userId, kind));
        });

    private MailMessage Digest(string to, string language, Guid userId, List<Notification> items, NotificationText render, IStringLocalizer<UiText> text) =>
        NotificationText.In(language, () =>
        {
            var body = new StringBuilder().AppendLine(text["What happened since your last digest:"].Value).AppendLine();
            foreach (var n in items)
            {
                body.Append("• ").AppendLine(render.Render(n.Kind, n.Args));
                if (n.Link is { } link)
                {
                    body.Append("  ").AppendLine(Url(link));
                }
            }

            body.AppendLine();
            Footer(body, userId, null, text);
            return new MailMessage(to, text["Your Mekong daily digest"].Value, body.ToString(), Headers: Unsubscribe(userId, null));
        });

    private void Footer(StringBuilder body, Guid userId, string? kind, IStringLocalizer<UiText> text) =>
        body.AppendLine("--")
            .AppendLine(text["Stop these e-mails: {0}", UnsubscribeUrl(userId, kind)].Value)
            .AppendLine(text["Choose which e-mails you get: {0}", Url("/settings/notifications")].Value);

    /// <summary>RFC 8058: the one-click address (a signed token, no sign-in) and the header that says a POST does it.</summary>
    private Dictionary<string, string> Unsubscribe(Guid userId, string? kind) => new(StringComparer.Ordinal)
    {
        ["List-Unsubscribe"] = $"<{UnsubscribeUrl(userId, kind)}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };

    private string UnsubscribeUrl(Guid userId, string? kind) => Url("/unsubscribe?token=" + Uri.EscapeDataString(tokens.Issue(userId, kind)));

    private string Url(string path) => (options.Value.SiteUrl ?? accounts.Value.SiteUrl ?? "http://localhost:5000").TrimEnd('/') + path;

    private static string Subject(string line) => line.Length <= 120 ? line : string.Concat(line.AsSpan(0, 119), "…");
}
