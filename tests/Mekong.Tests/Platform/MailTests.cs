using System.Net;
using System.Net.Sockets;
using Mekong.Platform.Data;
using Mekong.Platform.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Platform;

/// <summary>The mail spine against a real SMTP server: the outbox stores, the dispatcher delivers and retries.</summary>
public sealed class MailTests(MailApps apps, Apps plainApps) : IClassFixture<MailApps>, IClassFixture<Apps>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_queued_mail_reaches_the_smtp_server_with_its_headers_and_script(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var smtp = await apps.Smtp;
        var to = $"reader-{Guid.NewGuid():N}@mekong.test";
        var sender = app.Service<IMailSender>();

        await sender.SendAsync(new MailMessage(to, "ความคิดเห็นใหม่ · 新评论", "สวัสดี https://mekong.test/p/1",
            "<p>สวัสดี</p>", new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = "<https://mekong.test/unsubscribe?token=abc>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            }), TestContext.Current.CancellationToken);

        var message = Assert.Single(await smtp.MessagesToAsync(to));
        Assert.True(sender.IsConfigured);
        Assert.Equal("ความคิดเห็นใหม่ · 新评论", message.Subject);
        Assert.Contains("สวัสดี https://mekong.test/p/1", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p>สวัสดี</p>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("<https://mekong.test/unsubscribe?token=abc>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("noreply@mekong.test", Assert.Single(message.From.Mailboxes).Address);

        // Delivered mail keeps no body: it may have carried a single-use link.
        await using var scope = app.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<MekongDb>().Set<OutboxMail>()
            .SingleAsync(m => m.To == to, TestContext.Current.CancellationToken);
        Assert.NotNull(row.SentAt);
        Assert.Equal("", row.TextBody);
        Assert.Null(row.HtmlBody);
    }

    [Fact]
    public async Task Without_a_server_configured_mail_is_dropped_and_the_site_says_so()
    {
        var app = await plainApps.For(DatabaseProvider.Sqlite);
        var sender = app.Service<IMailSender>();

        await sender.SendAsync(new MailMessage("nobody@mekong.test", "Hello", "text"), TestContext.Current.CancellationToken);

        Assert.False(sender.IsConfigured);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<MekongDb>().Set<OutboxMail>().AnyAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_unreachable_server_leaves_the_mail_queued_for_a_later_attempt(DatabaseProvider provider)
    {
        var closed = ClosedPort();
        await using var app = await MekongApp.StartAsync(provider, apps.Postgres, new Dictionary<string, string?>
        {
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:Port"] = closed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Security"] = "None",
        });
        var to = $"later-{Guid.NewGuid():N}@mekong.test";

        await app.Service<IMailSender>().SendAsync(new MailMessage(to, "Hello", "text"), TestContext.Current.CancellationToken);

        // The dispatcher wakes when a mail is queued; the first attempt fails at once on a closed port.
        OutboxMail row;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            row = await scope.ServiceProvider.GetRequiredService<MekongDb>().Set<OutboxMail>().AsNoTracking()
                .SingleAsync(m => m.To == to, TestContext.Current.CancellationToken);
        }
        while (row.Attempts == 0 && DateTime.UtcNow < deadline);
        Assert.Null(row.SentAt);
        Assert.Null(row.FailedAt);
        Assert.True(row.Attempts >= 1);
        Assert.NotNull(row.LastError);
        Assert.True(row.NextAttemptAt > row.CreatedAt);
        Assert.Equal("text", row.TextBody);
    }

    [Fact]
    public void Backoff_grows_and_the_outbox_gives_up_after_the_last_attempt()
    {
        var now = DateTimeOffset.UnixEpoch;
        var mail = new OutboxMail(new MailMessage("a@mekong.test", "s", "t"), now);

        mail.Failed("refused", now, maxAttempts: 3);
        var first = mail.NextAttemptAt - now;
        mail.Failed("refused", now, maxAttempts: 3);
        var second = mail.NextAttemptAt - now;
        mail.Failed("refused", now, maxAttempts: 3);

        Assert.Equal(TimeSpan.FromSeconds(30), first);
        Assert.Equal(TimeSpan.FromSeconds(60), second);
        Assert.Equal(now, mail.FailedAt);
        Assert.Equal(3, mail.Attempts);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
