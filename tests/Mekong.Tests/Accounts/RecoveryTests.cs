using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Mekong.Tests.Accounts.AccountTestKit;

namespace Mekong.Tests.Accounts;

/// <summary>
/// Password reset and change, email verification and change, through the API and the pages. The tokens here are
/// the ones the site mails (Identity's providers, read from the app's own UserManager); the mails themselves are
/// checked against a real SMTP server in AccountMailTests.
/// </summary>
public sealed class RecoveryTests(Apps apps) : IClassFixture<Apps>
{
    private const string NewPassword = "a brand new passphrase";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Reset_requests_answer_the_same_for_known_and_unknown_addresses(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("known");
        using var anonymous = app.CreateClient();

        var known = await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset", new { email = member.Email }, Ct);
        var unknown = await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset", new { email = NewEmail("nobody") }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await BodyAsync(known), await BodyAsync(unknown));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_reset_token_sets_a_new_password_once_and_ends_other_sessions(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("reset");
        using var anonymous = app.CreateClient();
        var login = await (await LoginAsync(anonymous, member.Email, Password)).ExpectAsync(HttpStatusCode.OK);
        var token = await ResetTokenAsync(app, member.Id);

        await (await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { userId = member.Id, token, newPassword = NewPassword }, Ct))
            .ExpectAsync(HttpStatusCode.NoContent);

        await (await LoginAsync(anonymous, member.Email, Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await LoginAsync(anonymous, member.Email, NewPassword)).ExpectAsync(HttpStatusCode.OK);
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() }, Ct))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);

        // Used once: the same link again is refused, with the same answer as a made-up one.
        var reused = await (await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { userId = member.Id, token, newPassword = "yet another passphrase" }, Ct))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var madeUp = await (await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { userId = Guid.NewGuid(), token, newPassword = "yet another passphrase" }, Ct))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(AccountRecovery.InvalidLinkMessage, Detail(reused));
        Assert.Equal(Detail(reused), Detail(madeUp));
        await (await LoginAsync(anonymous, member.Email, NewPassword)).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_reset_applies_the_password_rules_and_keeps_the_link_usable(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("rules");
        using var anonymous = app.CreateClient();
        var token = await ResetTokenAsync(app, member.Id);

        await (await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { userId = member.Id, token, newPassword = "short" }, Ct))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "newPassword");
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { userId = member.Id, token, newPassword = "password123" }, Ct))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "newPassword");
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { userId = member.Id, token, newPassword = NewPassword }, Ct))
            .ExpectAsync(HttpStatusCode.NoContent);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_reset_ends_a_lockout_from_failed_passwords(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("locked");
        using var anonymous = app.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            await LoginAsync(anonymous, member.Email, "wrong guess " + i);
        }

        await (await LoginAsync(anonymous, member.Email, Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var token = await ResetTokenAsync(app, member.Id);
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { userId = member.Id, token, newPassword = NewPassword }, Ct))
            .ExpectAsync(HttpStatusCode.NoContent);
        await (await LoginAsync(anonymous, member.Email, NewPassword)).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_expired_reset_link_is_refused_on_the_api_and_the_page(DatabaseProvider provider)
    {
        await using var app = await MekongApp.StartAsync(provider, apps.Postgres, new Dictionary<string, string?> { ["Accounts:TokenLifespan"] = "00:00:01" });
        var member = await app.RegisterAsync("expired");
        var token = await ResetTokenAsync(app, member.Id);
        await Task.Delay(TimeSpan.FromSeconds(2.5), Ct); // past the one-second lifespan set above

        using var anonymous = app.CreateClient();
        var refused = await (await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { userId = member.Id, token, newPassword = NewPassword }, Ct))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(AccountRecovery.InvalidLinkMessage, Detail(refused));

        using var thai = app.CreateClient();
        thai.DefaultRequestHeaders.AcceptLanguage.ParseAdd("th");
        var page = await thai.GetAsync($"/reset-password?token={Uri.EscapeDataString(token)}&user={member.Id}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-testid=\"invalid-link\"", html, StringComparison.Ordinal);
        Assert.Contains("ลิงก์นี้ไม่ถูกต้อง", html, StringComparison.Ordinal);
        await (await LoginAsync(anonymous, member.Email, Password)).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_reset_page_sets_the_password_and_refuses_the_link_afterwards(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("resetpage");
        var token = await ResetTokenAsync(app, member.Id);
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var url = $"/reset-password?token={Uri.EscapeDataString(token)}&user={member.Id}";

        var form = await browser.GetStringAsync(url, Ct);
        var saved = await browser.PostAsync(url, Pages.Fields(Pages.Antiforgery(form), ("NewPassword", NewPassword)), Ct);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/signin?reset=true", saved.Headers.Location?.OriginalString);

        var again = await browser.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        using var api = app.CreateClient();
        await (await LoginAsync(api, member.Email, NewPassword)).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Changing_the_password_needs_the_current_one(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("change");

        var wrong = await (await member.Client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = "not my password", newPassword = NewPassword }, Ct))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(AccountRecovery.WrongPasswordMessage, Detail(wrong));
        await (await member.Client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = Password, newPassword = "short" }, Ct))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "newPassword");

        using var anonymous = app.CreateClient();
        await (await LoginAsync(anonymous, member.Email, Password)).ExpectAsync(HttpStatusCode.OK);
        await (await member.Client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = Password, newPassword = NewPassword }, Ct))
            .ExpectAsync(HttpStatusCode.NoContent);
        await (await LoginAsync(anonymous, member.Email, Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await LoginAsync(anonymous, member.Email, NewPassword)).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_settings_page_changes_the_password(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("settingspw");
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await (await browser.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email = member.Email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.OK);

        var settings = await browser.GetStringAsync("/settings", Ct);
        var wrong = await browser.PostAsync("/settings?handler=ChangePassword", Pages.Fields(Pages.Antiforgery(settings), ("currentPassword", "nope nope nope"), ("newPassword", NewPassword)), Ct);
        Assert.Contains(AccountRecovery.WrongPasswordMessage, await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var changed = await browser.PostAsync("/settings?handler=ChangePassword", Pages.Fields(Pages.Antiforgery(settings), ("currentPassword", Password), ("newPassword", NewPassword)), Ct);
        Assert.Contains("data-testid=\"account-notice\"", await changed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // This browser stays signed in; the password is the new one.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/settings", Ct)).StatusCode);
        using var api = app.CreateClient();
        await (await LoginAsync(api, member.Email, NewPassword)).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_email_change_applies_only_when_its_link_is_opened(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("mover");
        var taken = await app.RegisterAsync("taken");
        var newEmail = NewEmail("moved");

        await (await member.Client.PostAsJsonAsync("/api/v1/me/email", new { newEmail, password = "not my password" }, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await member.Client.PostAsJsonAsync("/api/v1/me/email", new { newEmail = "not an address", password = Password }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "newEmail");
        var free = await member.Client.PostAsJsonAsync("/api/v1/me/email", new { newEmail, password = Password }, Ct);
        var takenAnswer = await member.Client.PostAsJsonAsync("/api/v1/me/email", new { newEmail = taken.Email, password = Password }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, free.StatusCode);
        Assert.Equal(free.StatusCode, takenAnswer.StatusCode);
        Assert.Equal(await BodyAsync(free), await BodyAsync(takenAnswer));

        // Nothing changed yet.
        var me = await member.Client.GetFromJsonAsync<JsonElement>("/api/v1/me", Ct);
        Assert.Equal(member.Email, me.GetProperty("email").GetString());

        var token = await WithUsersAsync(app, async users =>
            await users.GenerateChangeEmailTokenAsync((await users.FindByIdAsync(member.Id.ToString()))!, newEmail));
        using var browser = app.CreateClient();
        var wrongAddress = await browser.GetAsync($"/confirm-email?token={Uri.EscapeDataString(token)}&user={member.Id}&email={Uri.EscapeDataString(NewEmail("other"))}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongAddress.StatusCode);
        var opened = await browser.GetAsync($"/confirm-email?token={Uri.EscapeDataString(token)}&user={member.Id}&email={Uri.EscapeDataString(newEmail)}", Ct);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("data-testid=\"email-confirmed\"", await opened.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var reused = await browser.GetAsync($"/confirm-email?token={Uri.EscapeDataString(token)}&user={member.Id}&email={Uri.EscapeDataString(newEmail)}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);

        using var anonymous = app.CreateClient();
        await (await LoginAsync(anonymous, member.Email, Password)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await LoginAsync(anonymous, newEmail, Password)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(await WithUsersAsync(app, async users => (await users.FindByEmailAsync(newEmail))!.EmailConfirmed));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verification_confirms_the_address_and_settings_show_it(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("verify");
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await (await browser.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email = member.Email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("data-testid=\"resend-verification\"", await browser.GetStringAsync("/settings", Ct), StringComparison.Ordinal);
        await (await member.Client.PostAsync("/api/v1/me/email/verification", null, Ct)).ExpectAsync(HttpStatusCode.Accepted);
        Assert.False(await WithUsersAsync(app, async users => (await users.FindByIdAsync(member.Id.ToString()))!.CanReceiveMail));

        var token = await WithUsersAsync(app, async users => await users.GenerateEmailConfirmationTokenAsync((await users.FindByIdAsync(member.Id.ToString()))!));
        using var anonymous = app.CreateClient();
        var refused = await (await anonymous.PostAsJsonAsync("/api/v1/auth/email/confirm", new { userId = member.Id, token = token + "x" }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(AccountRecovery.InvalidLinkMessage, Detail(refused));
        var opened = await browser.GetAsync($"/confirm-email?token={Uri.EscapeDataString(token)}&user={member.Id}", Ct);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);

        Assert.True(await WithUsersAsync(app, async users => (await users.FindByIdAsync(member.Id.ToString()))!.CanReceiveMail));
        var settings = await browser.GetStringAsync("/settings", Ct);
        Assert.DoesNotContain("data-testid=\"resend-verification\"", settings, StringComparison.Ordinal);
        await (await member.Client.PostAsync("/api/v1/me/email/verification", null, Ct)).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_admin_is_told_that_mail_is_not_configured(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await (await browser.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email = app.Admin.Email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("data-testid=\"mail-not-configured\"", await browser.GetStringAsync("/admin/members", Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Testing", false)]
    public async Task Without_mail_the_link_is_logged_only_in_development(string environment, bool logged)
    {
        await using var app = await MekongApp.StartAsync(DatabaseProvider.Sqlite, apps.Postgres, new Dictionary<string, string?> { ["environment"] = environment });
        var lines = new MailLog();
        using var site = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(lines)));
        using var anonymous = site.CreateClient();

        await (await anonymous.PostAsJsonAsync("/api/v1/auth/password-reset", new { email = app.Admin.Email }, Ct)).ExpectAsync(HttpStatusCode.Accepted);

        var said = lines.Text;
        Assert.Contains("not sent", said, StringComparison.Ordinal);
        Assert.Equal(logged, said.Contains("/reset-password?token=", StringComparison.Ordinal));
    }

    /// <summary>What the account mail writes to the server log.</summary>
    private sealed class MailLog : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
    {
        private readonly System.Text.StringBuilder _text = new();

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) =>
            categoryName == typeof(AccountMail).FullName ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_text)
            {
                _text.AppendLine(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }

    internal static Task<string> ResetTokenAsync(MekongApp app, Guid userId) =>
        WithUsersAsync(app, async users => await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(userId.ToString()))!));

    private static async Task<T> WithUsersAsync<T>(MekongApp app, Func<UserManager<User>, Task<T>> act)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<UserManager<User>>());
    }
}
