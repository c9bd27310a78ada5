using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Privacy;
using Mekong.Tests.Platform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Tests.Privacy;

/// <summary>A member downloads everything about them, built in the background; the link works once and expires.</summary>
public sealed class ExportTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Asks for an export and waits until the worker has built it; returns the status with its download link.</summary>
    internal static async Task<JsonElement> ReadyExportAsync(HttpClient client)
    {
        var started = await (await client.PostAsync("/api/v1/me/export", null, Ct)).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Contains(started.GetProperty("status").GetString(), new[] { "queued", "running" });
        for (var i = 0; i < 200; i++)
        {
            var status = await (await client.GetAsync("/api/v1/me/export", Ct)).ExpectAsync(HttpStatusCode.OK);
            if (status.GetProperty("status").GetString() is "ready" or "failed")
            {
                Assert.Equal("ready", status.GetProperty("status").GetString());
                return status;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException("The export was not built within 10 s.");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_zip_holds_everything_about_the_member_and_the_link_works_once(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("exporter");
        var other = await app.RegisterAsync("other");
        var community = (await member.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = (await member.CreatePostAsync(community, "Lotus lanterns", "First draft of the lantern story.")).Id();
        await (await member.Client.PutAsJsonAsync($"/api/v1/posts/{post}", new { body = "Second version of the lantern story." }, Ct)).ExpectAsync(HttpStatusCode.OK);
        var theirs = (await other.CreatePostAsync((await other.CreateCommunityAsync()).GetProperty("slug").GetString()!, "Their post", "Not mine.")).Id();
        await member.CommentAsync(theirs, "A comment on their post.");
        await (await member.Client.PutAsync($"/api/v1/posts/{theirs}/reactions/love", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await member.Client.PutAsync($"/api/v1/posts/{theirs}/bookmark", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await member.Client.PutAsync($"/api/v1/users/{other.Id}/follow", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await member.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "post", id = theirs, reason = "spam", note = "Looks like an ad." }, Ct)).ExpectAsync(HttpStatusCode.Created);
        await member.AllowExternalAiAsync();

        var ready = await ReadyExportAsync(member.Client);
        var url = ready.GetProperty("downloadUrl").GetString()!;
        Assert.StartsWith("/api/v1/me/export/", url, StringComparison.Ordinal);
        Assert.True(ready.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));

        // Another member cannot use the link; the owner downloads it once.
        await (await other.Client.GetAsync(url, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        var download = await member.Client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        var bytes = await download.Content.ReadAsByteArrayAsync(Ct);
        await (await member.Client.GetAsync(url, Ct)).ExpectProblemAsync(HttpStatusCode.Gone);
        await (await member.Client.GetAsync("/api/v1/me/export/not-a-link", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        var after = await (await member.Client.GetAsync("/api/v1/me/export", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("downloaded", after.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("downloadUrl").ValueKind);
        var folder = app.Service<IOptionsMonitor<PrivacyOptions>>().CurrentValue.ExportPath;
        Assert.False(File.Exists(Path.Combine(folder, ready.Id().ToString("N") + ".zip"))); // deleted once handed out

        using var zip = new ZipArchive(new MemoryStream(bytes));
        var files = zip.Entries.ToDictionary(e => e.FullName, e => JsonDocument.Parse(e.Open()).RootElement.Clone());
        foreach (var name in new[] { "profile.json", "posts.json", "comments.json", "reactions.json", "follows.json", "bookmarks.json", "consents.json", "reports.json", "moderation.json", "notifications.json" })
        {
            Assert.Contains(name, files.Keys);
        }

        Assert.Equal(member.Email, files["profile.json"].GetProperty("email").GetString());
        var exported = Assert.Single(files["posts.json"].EnumerateArray());
        Assert.Equal("Second version of the lantern story.", exported.GetProperty("body").GetString());
        Assert.Equal("First draft of the lantern story.", Assert.Single(exported.GetProperty("revisions").EnumerateArray()).GetProperty("body").GetString());
        Assert.Equal("A comment on their post.", Assert.Single(files["comments.json"].EnumerateArray()).GetProperty("body").GetString());
        Assert.Equal(theirs, Assert.Single(files["reactions.json"].EnumerateArray()).GetProperty("postId").GetGuid());
        Assert.Equal(theirs, Assert.Single(files["bookmarks.json"].EnumerateArray()).GetProperty("postId").GetGuid());
        Assert.Equal(other.Id, Assert.Single(files["follows.json"].GetProperty("following").EnumerateArray()).GetProperty("member").GetGuid());
        // The own post and the commented one are followed without asking: both are in the export.
        Assert.Equivalent(new[] { post, theirs }, files["follows.json"].GetProperty("posts").EnumerateArray().Select(f => f.GetProperty("postId").GetGuid()).ToArray());
        Assert.False(string.IsNullOrEmpty(files["profile.json"].GetProperty("handle").GetString()));
        Assert.Equal("Looks like an ad.", Assert.Single(files["reports.json"].EnumerateArray()).GetProperty("note").GetString());
        Assert.Contains(files["consents.json"].EnumerateArray(), c => c.GetProperty("choice").GetString() == "externalAi" && c.GetProperty("granted").GetBoolean()
            && c.GetProperty("policyVersion").GetString() == "2026-12");
        Assert.DoesNotContain("Not mine.", string.Join("", files.Values.Select(v => v.ToString())), StringComparison.Ordinal); // nothing of the other member's
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_expired_link_is_gone_and_a_newer_link_replaces_an_older_one(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var quick = app.WithWebHostBuilder(b => b.UseSetting("Privacy:ExportLinkHours", "0.001")); // 3.6 seconds
        var member = await app.RegisterAsync("exporter");
        using var client = quick.CreateClient();
        client.DefaultRequestHeaders.Authorization = member.Client.DefaultRequestHeaders.Authorization;

        var first = (await ReadyExportAsync(client)).GetProperty("downloadUrl").GetString()!;
        var second = await (await client.GetAsync("/api/v1/me/export", Ct)).ExpectAsync(HttpStatusCode.OK);
        var newer = second.GetProperty("downloadUrl").GetString()!;
        Assert.NotEqual(first, newer);
        await (await client.GetAsync(first, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound); // replaced by the newer link

        await Task.Delay(TimeSpan.FromSeconds(4), Ct);
        await (await client.GetAsync(newer, Ct)).ExpectProblemAsync(HttpStatusCode.Gone);
        var expired = await (await client.GetAsync("/api/v1/me/export", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("expired", expired.GetProperty("status").GetString());
        var folder = quick.Services.GetRequiredService<IOptionsMonitor<PrivacyOptions>>().CurrentValue.ExportPath;
        Assert.False(File.Exists(Path.Combine(folder, expired.Id().ToString("N") + ".zip")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Export_status_without_a_request_is_a_404_and_the_settings_page_offers_the_button(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("exporter");
        await (await member.Client.GetAsync("/api/v1/me/export", Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);

        var (browser, html) = await ConsentTests.PageAsync(app, member);
        Assert.Contains("handler=Export", html, StringComparison.Ordinal);
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(html).Groups[1].Value;
        var posted = await browser.PostAsync("/settings/privacy?handler=Export", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var status = await (await member.Client.GetAsync("/api/v1/me/export", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(status.GetProperty("status").GetString(), new[] { "queued", "running", "ready" });
    }
}
