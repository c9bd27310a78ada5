using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mekong.Tests.Review;

/// <summary>
/// Issue 9, defect 7: the moderation screens in the reader's language (rule kinds and actions, report reasons, audit
/// actions, appeal states come through the interface texts, never an enum's name), queue items link to the content,
/// filter and decision fields have labels rather than placeholders. Defect 10 on the same screens: counts are plurals.
/// </summary>
public sealed partial class ModerationTextTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("<input(?![^>]*type=\"hidden\")[^>]*placeholder=", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderInput();

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Moderation_screens_are_translated_link_to_the_content_and_label_their_fields(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var word = "zzq" + Guid.NewGuid().ToString("N")[..6];
        await (await app.Admin.Client.PostAsJsonAsync("/api/v1/moderation/rules", new { pattern = word + ".*", kind = "regex", action = "flag", reason = "Test rule" }, Ct))
            .ExpectAsync(HttpStatusCode.Created);
        var author = await app.RegisterAsync("flagged");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = await author.CreatePostAsync(slug, "Reported post", "A post someone reports.");
        var reader = await app.RegisterAsync("reporter");
        Assert.True((await reader.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "post", id = post.Id(), reason = "spam" }, Ct)).IsSuccessStatusCode);

        var admin = await app.RegisterWithRoleAsync(app.Admin, "admin");
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await browser.SignInByFormAsync(admin.Email, "correct horse battery");
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(await browser.GetStringAsync("/", Ct)).Groups[1].Value;
        using var switched = await browser.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "zh-Hans",
            ["returnUrl"] = "/moderation",
            ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);

        var rules = await browser.GetStringAsync("/moderation/rules", Ct);
        Assert.Contains("<option value=\"Regex\">正则表达式</option>", rules, StringComparison.Ordinal);
        Assert.Contains("<option value=\"RequireApproval\">需要审核</option>", rules, StringComparison.Ordinal);
        Assert.Contains("<td>正则表达式</td><td>标记 </td>", rules, StringComparison.Ordinal);
        Assert.DoesNotContain(">Regex<", rules, StringComparison.Ordinal);
        Assert.DoesNotContain(">RequireApproval<", rules, StringComparison.Ordinal);

        var queue = await browser.GetStringAsync("/moderation?status=Open", Ct);
        var items = queue.IndexOf("data-testid=\"review-item\"", StringComparison.Ordinal);
        Assert.True(queue.Contains($"<a href=\"/p/{post.Id()}\" data-testid=\"review-link\">查看帖子</a>", StringComparison.Ordinal),
            items < 0 ? "no review items: " + queue[queue.IndexOf("<main", StringComparison.Ordinal)..] : queue[items..]);
        Assert.Contains("<option value=\"Harassment\"", queue, StringComparison.Ordinal);
        Assert.DoesNotContain(">Harassment<", queue, StringComparison.Ordinal);
        Assert.Matches("1 篇帖子", queue); // the author's history, a plural
        foreach (var page in new[] { rules, queue })
        {
            Assert.DoesNotMatch(PlaceholderInput(), StripLabelled(page));
        }

        var audit = await browser.GetStringAsync("/moderation/audit", Ct);
        Assert.Contains("<td>已添加规则</td>", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>rule.create</td>", audit, StringComparison.Ordinal);
    }

    /// <summary>The page's own content (not the layout's header) without the inputs that sit inside a label (a
    /// placeholder there is only an example, not the label).</summary>
    private static string StripLabelled(string html)
    {
        var main = html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];
        return Regex.Replace(main, "<label>.*?</label>", "", RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Counts_follow_each_languages_plural_rules(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("plural");
        var name = "Plural " + Guid.NewGuid().ToString("N")[..6];
        var slug = (await owner.CreateCommunityAsync(name)).GetProperty("slug").GetString()!;

        async Task<string> PageAsync(string language)
        {
            using var client = app.CreateClient();
            client.DefaultRequestHeaders.Add("Accept-Language", language);
            return await client.GetStringAsync($"/c/{slug}", Ct);
        }

        var english = await PageAsync("en");
        Assert.Contains("1 member ·", english, StringComparison.Ordinal);
        Assert.DoesNotContain("1 members", english, StringComparison.Ordinal);
        Assert.Contains("0 posts", english, StringComparison.Ordinal);
        Assert.Contains("1 名成员", await PageAsync("zh-Hans"), StringComparison.Ordinal);
        Assert.Contains("สมาชิก 1 คน", await PageAsync("th"), StringComparison.Ordinal);
        Assert.Contains("1 miyembro", await PageAsync("fil"), StringComparison.Ordinal);
    }
}
