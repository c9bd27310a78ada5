using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Mekong.Tests.Privacy;
using Mekong.Translation;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Translation;

/// <summary>
/// A provider that accepts connections and never answers must not hold readers: reads answer at once with the
/// original and <c>status: "pending"</c>, the translation goes on in the background, and the breaker opens.
/// </summary>
public sealed class ReadWaitTests(Apps apps) : IClassFixture<Apps>
{
    /// <summary>Only a guard against hanging the suite; the assertion that matters is the "pending" status.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(Member Author, string Community)> AuthorAsync(MekongApp app)
    {
        var author = await app.RegisterAsync("author", "TH", ["th"]);
        await author.AllowExternalAiAsync(); // machine translation sends the author's text to the provider: opt-in
        var community = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        return (author, community);
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, Guid post)
    {
        var started = Stopwatch.StartNew();
        var view = await (await client.GetAsync($"/api/v1/posts/{post}?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(started.Elapsed < Guard, $"the read took {started.Elapsed}");
        return view.GetProperty("translation");
    }

    private static string Status(JsonElement translation) => translation.GetProperty("status").GetString()!;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_provider_that_never_answers_leaves_reads_pending_and_a_later_read_gets_the_translation(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai", new()
        {
            ["Translation:ReadWaitSeconds"] = "0.5",

            // Long enough that every pending read below joins the first attempt, rather than seeing it time out.
            ["Translation:TimeoutSeconds"] = "15",
            ["Translation:Retries"] = "0",
            ["Translation:BreakerFailures"] = "100",
        });
        site.Stub.Mode = StubMode.NeverAnswer;
        var (author, community) = await AuthorAsync(app);
        var body = "ขบวนแห่เทียนพรรษาที่อุบลราชธานี " + Guid.NewGuid();
        var post = (await author.CreatePostAsync(community, "แห่เทียนพรรษา", body, language: "th")).Id();
        await (await author.Client.PostAsJsonAsync($"/api/v1/posts/{post}/comments", new { body = "สวยงามมาก " + Guid.NewGuid(), language = "th" }, Ct))
            .ExpectAsync(HttpStatusCode.Created);
        var moderator = await app.RegisterWithRoleAsync(app.Admin, "moderator");
        var reporter = await app.RegisterAsync("reporter");
        var report = await (await reporter.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "post", id = post, reason = "spam" }, Ct)).ExpectAsync(HttpStatusCode.Created);
        using var moderating = site.As(moderator);
        using var reader = site.As(null);

        var pending = await ReadAsync(reader, post);
        Assert.Equal("pending", Status(pending));
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("text").ValueKind);

        // The whole thread and the post page are bounded the same way, and the page says what is going on.
        var started = Stopwatch.StartNew();
        var thread = await (await reader.GetAsync($"/api/v1/posts/{post}/comments?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("pending", Status(thread.GetProperty("items")[0].GetProperty("translation")));
        using var vietnamese = site.As(null);
        vietnamese.DefaultRequestHeaders.Add("Accept-Language", "vi");
        var page = await vietnamese.GetAsync($"/p/{post}?translate=1", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-testid=\"translation-pending\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"comment-translation-pending\"", html, StringComparison.Ordinal);
        Assert.Contains(body, html, StringComparison.Ordinal);
        Assert.Contains("src=\"/js/translation.js", html, StringComparison.Ordinal);
        Assert.Contains($"data-translation-poll=\"/api/v1/posts/{post}/translations/vi\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        var list = await vietnamese.GetAsync($"/c/{community}?translate=1", Ct);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);

        // A moderator reading the reported post in another language is not held either.
        var item = await (await moderating.GetAsync($"/api/v1/moderation/queue/{report.GetProperty("reviewItemId").GetString()}?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("pending", Status(item.GetProperty("translation")));
        Assert.True(started.Elapsed < Guard, $"thread, page, list and review item took {started.Elapsed}");
        var script = await reader.GetAsync("/js/translation.js", Ct);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);

        // The provider recovers: the background attempt times out on its own, and a later read translates and stores.
        site.Stub.Mode = StubMode.Normal;
        var translated = pending;
        for (var attempt = 0; attempt < 120 && Status(translated) != "translated"; attempt++)
        {
            await Task.Delay(250, Ct);
            translated = await ReadAsync(reader, post);
        }

        Assert.Equal("translated", Status(translated));
        Assert.StartsWith("[vi] แห่เทียนพรรษา", translated.GetProperty("text").GetString(), StringComparison.Ordinal);
        var again = await ReadAsync(reader, post);
        Assert.True(again.GetProperty("cached").GetBoolean());
        var plainPage = await (await vietnamese.GetAsync($"/p/{post}?translate=1", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-testid=\"post-translation\"", plainPage, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Timeouts_open_the_breaker_and_later_reads_make_no_connection(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "libretranslate", new()
        {
            ["Translation:ReadWaitSeconds"] = "0.3",
            ["Translation:TimeoutSeconds"] = "0.5",
            ["Translation:Retries"] = "0",
            ["Translation:BreakerFailures"] = "2",
            ["Translation:BreakerSeconds"] = "600",
        });
        site.Stub.Mode = StubMode.NeverAnswer;
        var (author, community) = await AuthorAsync(app);
        using var reader = site.As(null);
        var gateway = site.Services.GetRequiredService<TranslationGateway>();
        var settings = gateway.Settings("th", "vi");
        for (var i = 0; i < 2; i++)
        {
            var post = (await author.CreatePostAsync(community, $"เงียบ {i}", "ไม่มีคำตอบ " + Guid.NewGuid(), language: "th")).Id();
            // Pending as a rule; on a loaded machine the 0.5 s attempt may already have timed out within the read's wait.
            Assert.Contains(Status(await ReadAsync(reader, post)), new[] { "pending", "unavailable" });
        }

        var waited = Stopwatch.StartNew();
        while (gateway.Breaker(settings) != CircuitState.Open && waited.Elapsed < Guard)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal(CircuitState.Open, gateway.Breaker(settings));
        await Task.Delay(500, Ct); // lets the stub accept whatever the timed-out attempts had already sent
        var (connections, calls) = (site.Stub.Connections, site.Stub.Calls);
        Assert.InRange(calls, 0, 2); // under load a timed-out attempt may end before the stub reads its request
        site.Stub.Mode = StubMode.Normal;
        for (var i = 0; i < 3; i++)
        {
            var post = (await author.CreatePostAsync(community, $"ปิดวงจร {i}", "ข้อความ " + Guid.NewGuid(), language: "th")).Id();
            var refused = await ReadAsync(reader, post);
            Assert.Equal(("unavailable", "circuit-open"), (Status(refused), refused.GetProperty("reason").GetString()));
        }

        Assert.Equal((connections, calls), (site.Stub.Connections, site.Stub.Calls));
    }
}
