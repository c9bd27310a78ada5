using System.Net;
using System.Net.Http.Json;
using Mekong.Notifications;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Notifications;

/// <summary>
/// The e-mail channel through a real SMTP server (maildev): an "immediately" notification mails at once, "digest" ones
/// come together in the member's language, every mail carries RFC 8058 one-click unsubscribe headers, and a POST to
/// that address (no cookie, no antiforgery) turns the mail off.
/// </summary>
public sealed class NotificationMailTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Immediate_and_digest_mails_arrive_in_the_members_language_with_one_click_unsubscribe(DatabaseProvider provider)
    {
        var smtp = await SmtpServer.SharedAsync();
        var settings = new Dictionary<string, string?>(smtp.Settings)
        {
            ["Notifications:DigestInterval"] = "00:00:00",
            ["Notifications:SiteUrl"] = "https://mekong.test",
        };
        await using var app = await MekongApp.StartAsync(provider, apps.Postgres, settings);
        var author = await app.RegisterAsync("Mali");
        var quiet = await app.RegisterAsync("Quiet");
        var replier = await app.RegisterAsync("Replier");
        await ConfirmEmailAsync(app, author);
        await ConfirmEmailAsync(app, quiet);
        await (await author.Client.PutAsJsonAsync("/api/v1/me", new { interfaceLanguage = "th" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await author.Client.PutAsJsonAsync("/api/v1/me/notification-settings",
            new { email = new Dictionary<string, string> { [NotificationKinds.Mention] = "immediately", [NotificationKinds.ReplyToPost] = "digest" } }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var handle = (await (await author.Client.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("profile").GetProperty("handle").GetString();
        var community = await author.CreateCommunityAsync();
        await (await replier.Client.PostAsync($"/api/v1/communities/{community.Id()}/membership", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await quiet.Client.PostAsync($"/api/v1/communities/{community.Id()}/membership", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var post = await author.CreatePostAsync(community.Id().ToString(), "Loy Krathong", "Where to float one?");
        var quietPost = await quiet.CreatePostAsync(community.Id().ToString(), "Quiet one", "No mail for me.");

        await replier.CommentAsync(post.Id(), "By the river.");
        await replier.CommentAsync(post.Id(), $"@{handle} see you there");
        await replier.CommentAsync(quietPost.Id(), "Hello quiet.");
        await app.Service<NotificationMailer>().RunOnceAsync(Ct);

        var messages = (await smtp.MessagesToAsync(author.Email, atLeast: 3)).Where(IsNotification).ToList();
        Assert.Equal(2, messages.Count);
        var mention = Assert.Single(messages, m => m.Subject?.Contains("กล่าวถึงคุณ", StringComparison.Ordinal) == true);
        var digest = Assert.Single(messages, m => m.Subject == "สรุปรายวันจาก Mekong ของคุณ");
        Assert.Contains("Replier แสดงความคิดเห็นในโพสต์ “Loy Krathong” ของคุณ", digest.TextBody!, StringComparison.Ordinal);
        Assert.Contains($"https://mekong.test/p/{post.Id()}", digest.TextBody!, StringComparison.Ordinal);
        foreach (var message in messages)
        {
            Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
            Assert.StartsWith("<https://mekong.test/unsubscribe?token=", message.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        }

        // Nothing more goes out for what was dealt with, and nothing at all to a member who chose no e-mail.
        Assert.Equal(0, await app.Service<NotificationMailer>().RunOnceAsync(Ct));
        Assert.Equal(0, await CountToAsync(smtp, quiet.Email));

        // The mention mail's one-click address, POSTed as a mail client does: no cookie, no antiforgery token.
        var unsubscribe = mention.Headers["List-Unsubscribe"]!.Trim('<', '>');
        using var mailClient = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var path = new Uri(unsubscribe).PathAndQuery;
        using var done = await mailClient.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }), Ct);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var choices = await (await author.Client.GetAsync("/api/v1/me/notification-settings", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("never", choices.GetProperty("email").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == NotificationKinds.Mention).GetProperty("delivery").GetString());
        Assert.Equal("digest", choices.GetProperty("email").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == NotificationKinds.ReplyToPost).GetProperty("delivery").GetString());
        Assert.True(choices.GetProperty("mailConfigured").GetBoolean());
        using var forged = await mailClient.PostAsync(path[..^4] + "AAAA", new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    /// <summary>Notification mails carry the one-click unsubscribe header; the sign-up verification mail does not.</summary>
    private static bool IsNotification(MimeKit.MimeMessage message) => message.Headers.Contains("List-Unsubscribe");

    private static async Task ConfirmEmailAsync(MekongApp app, Member member)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Mekong.Accounts.User>>();
        var user = await users.FindByIdAsync(member.Id.ToString()) ?? throw new InvalidOperationException("no such member");
        var confirmed = await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user));
        Assert.True(confirmed.Succeeded);
    }

    private static async Task<int> CountToAsync(SmtpServer smtp, string address)
    {
        try
        {
            return (await smtp.MessagesToAsync(address, atLeast: 2, timeout: TimeSpan.FromSeconds(2))).Count(IsNotification);
        }
        catch (TimeoutException)
        {
            return 0;
        }
    }
}
