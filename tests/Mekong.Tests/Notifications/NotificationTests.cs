using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Notifications;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mekong.Tests.Notifications;

/// <summary>
/// Notifications as a member meets them: replies and mentions that notify (once, never oneself), stored as events and
/// rendered in the reader's language, the unread count and "mark all read", handles and their autocomplete, and the
/// e-mail choices with their signed one-click unsubscribe.
/// </summary>
public sealed class NotificationTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_reply_and_a_mention_each_notify_once_in_the_readers_language_and_never_the_writer(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var anong = await app.RegisterAsync("Anong");
        var bao = await app.RegisterAsync("Bao");
        var chen = await app.RegisterAsync("Chen");
        await (await anong.Client.PutAsJsonAsync("/api/v1/me", new { interfaceLanguage = "th" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var community = await anong.CreateCommunityAsync();
        await JoinAsync(community, bao, chen);
        var post = await anong.CreatePostAsync(community.Id().ToString(), "Durian season", "Where to buy?");
        var anongHandle = await HandleAsync(anong);
        var baoHandle = await HandleAsync(bao);

        // Bao comments on Anong's post: Anong hears of it, in Thai, with the link to the comment.
        var comment = await bao.CommentAsync(post.Id(), "At the night market.");
        var heard = Assert.Single(await NotificationsAsync(anong));
        Assert.Equal(NotificationKinds.ReplyToPost, heard.GetProperty("kind").GetString());
        Assert.Equal("Bao", heard.GetProperty("args").GetProperty("actor").GetString());
        Assert.Equal($"/p/{post.Id()}#c-{comment.Id()}", heard.GetProperty("link").GetString());
        Assert.Equal("Bao แสดงความคิดเห็นในโพสต์ “Durian season” ของคุณ", heard.GetProperty("text").GetString());

        // Anong answers under her own post: nobody is told of their own words.
        await anong.CommentAsync(post.Id(), "Thanks!", comment.Id());
        Assert.Single(await NotificationsAsync(anong));

        // Chen replies to Bao's comment and mentions Anong (the post's author) and a handle nobody has: Bao hears of a
        // reply, Anong of one mention (not also of a comment on her post), the unknown handle tells no one and stays text.
        var reply = await chen.CommentAsync(post.Id(), $"@{anongHandle} @{baoHandle} try @nobody_{Guid.NewGuid().ToString("N")[..8]}", comment.Id());
        var baoHeard = await NotificationsAsync(bao);
        var anongHeard = await NotificationsAsync(anong);
        Assert.Single(baoHeard, n => n.GetProperty("args").GetProperty("comment").GetString() == reply.Id().ToString());
        Assert.Contains(baoHeard, n => n.GetProperty("kind").GetString() == NotificationKinds.Mention);
        Assert.Equal(2, anongHeard.Count);
        Assert.Equal(NotificationKinds.Mention, anongHeard[0].GetProperty("kind").GetString());
        Assert.Equal("Chen กล่าวถึงคุณใน “Durian season”", anongHeard[0].GetProperty("text").GetString());
        Assert.Empty(await NotificationsAsync(chen));
        var html = reply.GetProperty("bodyHtml").GetString()!;
        Assert.Contains($"href=\"/u/{anong.Id}\"", html, StringComparison.Ordinal);
        Assert.Contains("@nobody_", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<a ").Length - 1);

        // The unread count, then "mark all read".
        var unread = await (await anong.Client.GetAsync("/api/v1/me/notifications/unread-count", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, unread.GetProperty("unread").GetInt32());
        await (await anong.Client.PostAsync("/api/v1/me/notifications/read-all", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        unread = await (await anong.Client.GetAsync("/api/v1/me/notifications/unread-count", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, unread.GetProperty("unread").GetInt32());
        Assert.All(await NotificationsAsync(anong), n => Assert.True(n.GetProperty("read").GetBoolean()));
        Assert.Equal(2, (await (await bao.Client.GetAsync("/api/v1/me/notifications/unread-count", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("unread").GetInt32());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_post_edit_notifies_only_newly_mentioned_members_who_can_read_it(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("Owner");
        var insider = await app.RegisterAsync("Insider");
        var later = await app.RegisterAsync("Later");
        var outsider = await app.RegisterAsync("Outsider");
        var open = await owner.CreateCommunityAsync();
        var closed = await owner.CreateCommunityAsync(visibility: "membersOnly");
        var (insiderHandle, laterHandle, outsiderHandle) = (await HandleAsync(insider), await HandleAsync(later), await HandleAsync(outsider));

        var post = await owner.CreatePostAsync(open.Id().ToString(), "Boat race", $"Ask @{insiderHandle} about it.");
        Assert.Single(await NotificationsAsync(insider), n => n.GetProperty("kind").GetString() == NotificationKinds.Mention);
        await (await owner.Client.PutAsJsonAsync($"/api/v1/posts/{post.Id()}", new { body = $"Ask @{insiderHandle} or @{laterHandle} about it." }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(await NotificationsAsync(insider));
        var told = Assert.Single(await NotificationsAsync(later));
        Assert.Equal($"/p/{post.Id()}", told.GetProperty("link").GetString());

        // Members-only: a mentioned non-member hears nothing (the title would leak).
        await owner.CreatePostAsync(closed.Id().ToString(), "Secret plans", $"Hello @{outsiderHandle}");
        Assert.Empty(await NotificationsAsync(outsider));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handles_are_made_at_sign_up_unique_changeable_and_suggested(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var first = await RegisterNamedAsync(app, "Nguyễn Văn An");
        var second = await RegisterNamedAsync(app, "สมชาย");
        Assert.StartsWith("nguyen_van_an", await HandleAsync(first), StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9_]{3,30}$", await HandleAsync(second));

        var wanted = "h" + Guid.NewGuid().ToString("N")[..12];
        await (await first.Client.PutAsJsonAsync("/api/v1/me", new { handle = "@" + wanted.ToUpperInvariant() }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(wanted, await HandleAsync(first));
        await (await second.Client.PutAsJsonAsync("/api/v1/me", new { handle = wanted }, Ct)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await second.Client.PutAsJsonAsync("/api/v1/me", new { handle = "no way!" }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "handle");
        await (await second.Client.PutAsJsonAsync("/api/v1/me", new { handle = "ab" }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "handle");

        var byHandle = await (await second.Client.GetAsync($"/api/v1/members/suggest?q={wanted[..8].ToUpperInvariant()}&limit=5", Ct)).ExpectAsync(HttpStatusCode.OK);
        var found = Assert.Single(byHandle.EnumerateArray());
        Assert.Equal(first.Id, found.Id());
        Assert.Equal("Nguyễn Văn An", found.GetProperty("displayName").GetString());
        var byName = await (await second.Client.GetAsync("/api/v1/members/suggest?q=nguy%E1%BB%85n", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(byName.EnumerateArray(), s => s.Id() == first.Id);
        await (await second.Client.GetAsync("/api/v1/members/suggest?q=", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
        await (await second.Client.GetAsync("/api/v1/members/suggest?q=a&limit=101", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "limit");
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/members/suggest?q=a", Ct)).StatusCode);

        var profile = await anonymous.GetStringAsync($"/u/{first.Id}", Ct);
        Assert.Contains("@" + wanted, profile, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Email_choices_are_kept_per_kind_and_a_signed_link_unsubscribes_without_sign_in(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("Mailer");
        var initial = await (await member.Client.GetAsync("/api/v1/me/notification-settings", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.All(initial.GetProperty("email").EnumerateArray(), c => Assert.Equal("never", c.GetProperty("delivery").GetString()));

        var chosen = await (await member.Client.PutAsJsonAsync("/api/v1/me/notification-settings",
            new { email = new Dictionary<string, string> { [NotificationKinds.ReplyToPost] = "immediately", [NotificationKinds.Mention] = "digest" } }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("immediately", Delivery(chosen, NotificationKinds.ReplyToPost));
        Assert.Equal("digest", Delivery(chosen, NotificationKinds.Mention));
        await (await member.Client.PutAsJsonAsync("/api/v1/me/notification-settings",
            new { email = new Dictionary<string, string> { ["no.such.kind"] = "digest" } }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "email");
        await (await member.Client.PutAsJsonAsync("/api/v1/me/notification-settings",
            new { email = new Dictionary<string, string> { [NotificationKinds.Mention] = "hourly" } }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "email.mention");

        // A forged or altered token is refused, with nothing changed; the real one works with no cookie and no antiforgery.
        using var mailClient = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = app.Service<UnsubscribeTokens>().Issue(member.Id, NotificationKinds.ReplyToPost);
        Assert.Equal(HttpStatusCode.BadRequest, (await mailClient.PostAsync("/unsubscribe?token=forged", OneClick(), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await mailClient.PostAsync($"/unsubscribe?token={Uri.EscapeDataString(token[..^2] + "AA")}", OneClick(), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await mailClient.GetAsync("/unsubscribe", Ct)).StatusCode);
        Assert.Equal("immediately", Delivery(await (await member.Client.GetAsync("/api/v1/me/notification-settings", Ct)).ExpectAsync(HttpStatusCode.OK), NotificationKinds.ReplyToPost));

        var confirm = await mailClient.GetAsync($"/unsubscribe?token={Uri.EscapeDataString(token)}", Ct);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal("immediately", Delivery(await (await member.Client.GetAsync("/api/v1/me/notification-settings", Ct)).ExpectAsync(HttpStatusCode.OK), NotificationKinds.ReplyToPost));
        var done = await mailClient.PostAsync($"/unsubscribe?token={Uri.EscapeDataString(token)}", OneClick(), Ct);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var after = await (await member.Client.GetAsync("/api/v1/me/notification-settings", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("never", Delivery(after, NotificationKinds.ReplyToPost));
        Assert.Equal("digest", Delivery(after, NotificationKinds.Mention));

        var all = app.Service<UnsubscribeTokens>().Issue(member.Id, null);
        Assert.Equal(HttpStatusCode.OK, (await mailClient.PostAsync($"/unsubscribe?token={Uri.EscapeDataString(all)}", OneClick(), Ct)).StatusCode);
        Assert.All((await (await member.Client.GetAsync("/api/v1/me/notification-settings", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("email").EnumerateArray(),
            c => Assert.Equal("never", c.GetProperty("delivery").GetString()));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_page_lists_notifications_with_links_and_the_header_shows_the_unread_count(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("Author");
        var replier = await app.RegisterAsync("Replier");
        await (await author.Client.PutAsJsonAsync("/api/v1/me", new { interfaceLanguage = "th" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var community = await author.CreateCommunityAsync();
        await JoinAsync(community, replier);
        var post = await author.CreatePostAsync(community.Id().ToString(), "Songkran", "Water!");
        await replier.CommentAsync(post.Id(), "Splash!");
        await replier.CommentAsync(post.Id(), "Again!");

        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await browser.SignInByFormAsync(author.Email, "correct horse battery");
        var page = await browser.GetStringAsync("/notifications", Ct);
        Assert.Contains("Replier แสดงความคิดเห็นในโพสต์ “Songkran” ของคุณ", page, StringComparison.Ordinal);
        Assert.Contains("/notifications?handler=Open&amp;id=", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"unread-badge\" aria-hidden=\"true\">2</span>", page, StringComparison.Ordinal);
        Assert.Contains("การแจ้งเตือนที่ยังไม่ได้อ่าน 2 รายการ", page, StringComparison.Ordinal);
        Assert.Contains("/js/notifications.js", page, StringComparison.Ordinal);

        var token = InterfaceLanguageTests.AntiforgeryToken().Match(page).Groups[1].Value;
        var marked = await browser.PostAsync("/notifications?handler=ReadAll", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.Contains("aria-hidden=\"true\" hidden=\"hidden\">0</span>", await browser.GetStringAsync("/", Ct), StringComparison.Ordinal);

        using var anonymous = app.CreateClient();
        Assert.DoesNotContain("notifications.js", await anonymous.GetStringAsync("/", Ct), StringComparison.Ordinal);
    }

    /// <summary>Signs up with a display name in any script (the suite's helper makes the e-mail from the name).</summary>
    private static async Task<Member> RegisterNamedAsync(MekongApp app, string displayName)
    {
        var email = $"named-{Guid.NewGuid():N}@test.mekong";
        using var anonymous = app.CreateClient();
        (await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "correct horse battery", displayName, homeCountry = "VN", readingLanguages = new[] { "vi" } }, Ct))
            .EnsureSuccessStatusCode();
        var member = new Member(app.CreateClient(), Guid.Empty, email);
        await member.SignInAgainAsync(app);
        var me = await (await member.Client.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK);
        return member with { Id = me.GetProperty("profile").Id() };
    }

    private static FormUrlEncodedContent OneClick() => new(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" });

    private static string? Delivery(JsonElement settings, string kind) =>
        settings.GetProperty("email").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == kind).GetProperty("delivery").GetString();

    private static async Task JoinAsync(JsonElement community, params Member[] members)
    {
        foreach (var member in members)
        {
            await (await member.Client.PostAsync($"/api/v1/communities/{community.Id()}/membership", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        }
    }

    private static async Task<string> HandleAsync(Member member)
    {
        var me = await (await member.Client.GetAsync("/api/v1/me", Ct)).ExpectAsync(HttpStatusCode.OK);
        return me.GetProperty("profile").GetProperty("handle").GetString()!;
    }

    private static async Task<List<JsonElement>> NotificationsAsync(Member member)
    {
        var page = await (await member.Client.GetAsync("/api/v1/me/notifications?limit=100", Ct)).ExpectAsync(HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}
