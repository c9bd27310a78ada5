using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using static Mekong.Tests.Accounts.AccountTestKit;

namespace Mekong.Tests.Accounts;

/// <summary>The account mails, received by a real SMTP server (maildev): reset, verification, email change, in the member's language.</summary>
public sealed class AccountMailTests(MailApps apps) : IClassFixture<MailApps>
{
    private const string NewPassword = "a brand new passphrase";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_reset_mail_goes_only_to_a_known_address_in_the_members_language(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("mailreset");
        await (await member.Client.PutAsJsonAsync("/api/v1/me", new { interfaceLanguage = "th" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var unknown = NewEmail("nobody");
        using var anonymous = app.CreateClient();

        // The unknown address first: mails go out in order, so once the known one's arrives, one for the unknown would have too.
        var toUnknown = await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset", new { email = unknown }, Ct);
        var toKnown = await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset", new { email = member.Email }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, toKnown.StatusCode);
        Assert.Equal(await BodyAsync(toKnown), await BodyAsync(toUnknown));

        var mail = await MailAsync(member.Email, "/reset-password");
        Assert.Equal("ตั้งรหัสผ่าน Mekong ใหม่", mail.Subject);
        Assert.Empty(await (await apps.Smtp).MessagesToAsync(unknown, atLeast: 0));

        var (user, token) = ResetLink(mail.TextBody ?? "");
        Assert.Equal(member.Id, user);
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { userId = user, token, newPassword = NewPassword }, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { userId = user, token, newPassword = "yet another passphrase" }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await LoginAsync(anonymous, member.Email, NewPassword)).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Sign_up_mails_a_verification_link_that_confirms_the_address(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("mailverify");
        var mail = await MailAsync(member.Email, "/confirm-email");
        using var browser = app.CreateClient();

        var opened = await browser.GetAsync(new Uri(LinkIn(mail.TextBody ?? "", "/confirm-email")).PathAndQuery, Ct);

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var me = await member.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/me", Ct);
        await (await member.Client.PostAsync("/api/v1/me/email/verification", null, Ct)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(member.Email, me.GetProperty("email").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_email_change_mails_the_new_address_a_link_and_the_old_one_a_notice(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("mailmove");
        var taken = await app.RegisterAsync("mailtaken");
        var newEmail = NewEmail("mailmoved");

        await (await member.Client.PostAsJsonAsync("/api/v1/me/email", new { newEmail = taken.Email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.Accepted);
        await (await member.Client.PostAsJsonAsync("/api/v1/me/email", new { newEmail, password = Password }, Ct)).ExpectAsync(HttpStatusCode.Accepted);

        var link = await MailAsync(newEmail, "/confirm-email");
        Assert.Contains(newEmail, await NoticesAsync(member.Email, newEmail), StringComparison.Ordinal);
        Assert.DoesNotContain(await (await apps.Smtp).MessagesToAsync(taken.Email, atLeast: 0), m => m.Subject == AccountMail.ChangeSubject);

        using var browser = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(LinkIn(link.TextBody ?? "", "/confirm-email")).PathAndQuery, Ct)).StatusCode);
        using var anonymous = app.CreateClient();
        await (await LoginAsync(anonymous, newEmail, Password)).ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<string> NoticesAsync(string address, string mentioning)
    {
        var smtp = await apps.Smtp;
        for (var n = 1; ; n++)
        {
            var notice = (await smtp.MessagesToAsync(address, n)).FirstOrDefault(m => m.Subject == AccountMail.NoticeSubject && (m.TextBody ?? "").Contains(mentioning, StringComparison.Ordinal));
            if (notice is not null)
            {
                return notice.TextBody ?? "";
            }
        }
    }

    /// <summary>The first mail to <paramref name="address"/> with a link to <paramref name="path"/>, waiting for it to arrive.</summary>
    private async Task<MimeKit.MimeMessage> MailAsync(string address, string path)
    {
        var smtp = await apps.Smtp;
        for (var n = 1; ; n++)
        {
            var mail = (await smtp.MessagesToAsync(address, n)).FirstOrDefault(m => (m.TextBody ?? "").Contains(path + "?", StringComparison.Ordinal));
            if (mail is not null)
            {
                return mail;
            }
        }
    }

    internal static string LinkIn(string text, string path) => Regex.Match(text, "https?://[^\\s]+" + Regex.Escape(path) + "\\?[^\\s]+").Value;

    private static (Guid User, string Token) ResetLink(string text)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(LinkIn(text, "/reset-password")).Query);
        return (Guid.Parse(query["user"]!), query["token"]!);
    }
}
