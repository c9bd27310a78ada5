using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;
using Mekong.Search;
using Mekong.Tests.Platform;
using Mekong.Tests.Privacy;
using Mekong.Translation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Translation;

/// <summary>Translation end to end: the app configured against protocol-faithful stub providers on 127.0.0.1.</summary>
public sealed class TranslationTests(Apps apps) : IClassFixture<Apps>
{
    private const string SongkranPost = "เทศกาลสงกรานต์ที่เชียงใหม่";
    private const string SongkranBody = "ปีนี้เราไปเล่นน้ำสงกรานต์ที่คูเมืองกับเพื่อน ๆ สนุกมาก";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(Member Author, string Community)> AuthorAsync(MekongApp app)
    {
        var author = await app.RegisterAsync("author", "TH", ["th"]);
        await author.AllowExternalAiAsync(); // machine translation sends the author's text to the provider: opt-in
        var community = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        return (author, community);
    }

    private static async Task ThaiCommentAsync(Member author, Guid post, string body) =>
        await (await author.Client.PostAsJsonAsync($"/api/v1/posts/{post}/comments", new { body, language = "th" }, Ct)).ExpectAsync(HttpStatusCode.Created);

    private static async Task<JsonElement> TranslationAsync(HttpClient client, Guid post, string lang = "vi")
    {
        var view = await (await client.GetAsync($"/api/v1/posts/{post}?lang={lang}", Ct)).ExpectAsync(HttpStatusCode.OK);
        return view.GetProperty("translation");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Llm_prompt_carries_the_glossary_and_a_cache_hit_makes_no_second_call(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai");
        var (author, community) = await AuthorAsync(app);
        var post = (await author.CreatePostAsync(community, SongkranPost, SongkranBody, language: "th")).Id();
        using var reader = site.As(null);

        var translation = await TranslationAsync(reader, post);

        Assert.Equal("translated", translation.GetProperty("status").GetString());
        Assert.Equal("openai", translation.GetProperty("provider").GetString());
        Assert.Equal("qwen2.5-7b-instruct", translation.GetProperty("model").GetString());
        Assert.Equal("machine", translation.GetProperty("source").GetString());
        Assert.False(translation.GetProperty("cached").GetBoolean());
        Assert.False(translation.GetProperty("glossaryMismatch").GetBoolean());
        Assert.Equal(["songkran"], translation.GetProperty("glossaryConcepts").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("Tết Té Nước", translation.GetProperty("text").GetString(), StringComparison.Ordinal);
        var prompt = Assert.Single(site.Stub.SystemPrompts());
        Assert.Contains("from Thai (th) into Vietnamese (vi)", prompt, StringComparison.Ordinal);
        Assert.Contains("translate \"สงกรานต์\" as \"Tết Té Nước\"; allowed: \"lễ hội Songkran\"; note:", prompt, StringComparison.Ordinal);
        Assert.Contains("translation only", prompt, StringComparison.Ordinal);
        var request = Assert.Single(site.Stub.Requests);
        Assert.Equal("qwen2.5-7b-instruct", (string?)request["model"]);

        // Cached: the translations endpoint, the same post again, and another post with the same text.
        var again = await (await reader.GetAsync($"/api/v1/posts/{post}/translations/vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(again.GetProperty("cached").GetBoolean());
        var twin = (await author.CreatePostAsync(community, SongkranPost, SongkranBody, language: "th")).Id();
        Assert.True((await TranslationAsync(reader, twin)).GetProperty("cached").GetBoolean());
        Assert.Equal(1, site.Stub.Calls);

        // The post's own language needs no translation; stored translations reach search.
        var same = await (await reader.GetAsync($"/api/v1/posts/{post}?lang=th", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(same.TryGetProperty("translation", out _));
        // Indexing runs behind the commit (the outbox), on whichever of the two apps claims the event first: read the
        // search index itself once the outbox is drained.
        await app.DrainOutboxAsync();
        var postId = post;
        var twinId = twin;
        await using var scope = app.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<MekongDb>().SearchEntries.AsNoTracking()
            .Where(e => e.Kind == SearchKind.Translation && (e.SourceId == postId || e.SourceId == twinId)).ToListAsync(Ct);
        Assert.Contains(entries, e => e.SourceId == postId && e.Language == "vi" && e.Title.Contains("Tết Té Nước", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.SourceId == twinId);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_sites_own_glossary_reaches_the_prompt(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai", siteGlossary: true);
        var glossary = site.Services.GetRequiredService<Mekong.Glossary.IGlossary>();
        var text = TranslationView.Join(SongkranPost, SongkranBody + " " + Guid.NewGuid());
        var constraints = glossary.Constraints(text, "th", "vi");
        if (glossary is EmptyGlossary || constraints.Count == 0)
        {
            Assert.Skip("No glossary with a Songkran concept is registered (the glossary feature is not merged).");
        }

        var (author, community) = await AuthorAsync(app);
        var post = (await author.CreatePostAsync(community, SongkranPost, text[(SongkranPost.Length + 2)..], language: "th")).Id();
        var translation = await TranslationAsync(site.As(null), post);

        var prompt = Assert.Single(site.Stub.SystemPrompts());
        Assert.All(constraints, c => Assert.Contains($"translate \"{c.SourceTerm}\" as \"{c.TargetPreferred}\"", prompt, StringComparison.Ordinal));
        Assert.Equal(constraints.Select(c => c.ConceptId).Distinct().Order(), translation.GetProperty("glossaryConcepts").EnumerateArray().Select(c => c.GetString()!).Order());
        Assert.False(translation.GetProperty("glossaryMismatch").GetBoolean());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task LibreTranslate_placeholders_protect_glossary_terms_and_comments_translate_as_a_thread(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "libretranslate");
        var (author, community) = await AuthorAsync(app);
        var post = (await author.CreatePostAsync(community, "ส้มตำกับสงกรานต์", "ส้มตำร้านนี้อร่อยที่สุดในช่วงสงกรานต์", language: "th")).Id();
        await ThaiCommentAsync(author, post, "ขอสูตรส้มตำหน่อยค่ะ");
        using var reader = site.As(null);

        var translation = await TranslationAsync(reader, post);

        var sent = Assert.Single(site.Stub.Requests);
        var q = (string)sent["q"]!;
        Assert.DoesNotContain("สงกรานต์", q, StringComparison.Ordinal);
        Assert.DoesNotContain("ส้มตำ", q, StringComparison.Ordinal);
        Assert.Contains("⟦0⟧", q, StringComparison.Ordinal);
        Assert.Equal(("th", "vi", "text", "test-key"), ((string?)sent["source"], (string?)sent["target"], (string?)sent["format"], (string?)sent["api_key"]));
        var text = translation.GetProperty("text").GetString()!;
        Assert.Contains("gỏi đu đủ", text, StringComparison.Ordinal);
        Assert.Contains("Tết Té Nước", text, StringComparison.Ordinal);
        Assert.DoesNotContain("⟦", text, StringComparison.Ordinal);
        Assert.Equal("libretranslate", translation.GetProperty("provider").GetString());
        Assert.Equal(["som-tam", "songkran"], translation.GetProperty("glossaryConcepts").EnumerateArray().Select(c => c.GetString()).Order());

        var comments = await (await reader.GetAsync($"/api/v1/posts/{post}/comments?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        var comment = comments.GetProperty("items")[0].GetProperty("translation");
        Assert.Contains("gỏi đu đủ", comment.GetProperty("text").GetString(), StringComparison.Ordinal);
        var chinese = await TranslationAsync(reader, post, "zh-Hans");
        Assert.Equal("translated", chinese.GetProperty("status").GetString());
        Assert.Equal("zh", (string?)site.Stub.Requests.Last()["target"]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_long_post_reaches_the_model_in_chunks_each_with_its_own_constraints(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai");
        var (author, community) = await AuthorAsync(app);
        var long1 = string.Concat(Enumerable.Repeat("เดินเที่ยวในเมืองเก่า ", 250));
        var body = long1 + "\n\n" + long1 + "\n\n" + "ปิดท้ายด้วยสงกรานต์ " + Guid.NewGuid();
        var post = (await author.CreatePostAsync(community, "ยาวมาก", body, language: "th")).Id();

        var translation = await TranslationAsync(site.As(null), post);

        Assert.Equal(2, site.Stub.Calls); // title + first part; second part + the end
        var prompts = site.Stub.SystemPrompts().ToList();
        Assert.Single(prompts, p => p.Contains("translate \"สงกรานต์\"", StringComparison.Ordinal));
        Assert.Contains("Tết Té Nước", translation.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(translation.GetProperty("glossaryMismatch").GetBoolean());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_thread_is_translated_at_once_with_bounded_parallel_calls(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "libretranslate");
        site.Stub.Delay = TimeSpan.FromMilliseconds(300);
        var (author, community) = await AuthorAsync(app);
        var post = (await author.CreatePostAsync(community, "กระทู้", "คุยกันหน่อย", language: "en")).Id();
        for (var i = 0; i < 7; i++)
        {
            await ThaiCommentAsync(author, post, $"ความคิดเห็นที่ {i} " + Guid.NewGuid());
        }

        await ThaiCommentAsync(author, post, "ความคิดเห็นซ้ำ");
        await ThaiCommentAsync(author, post, "ความคิดเห็นซ้ำ");
        using var reader = site.As(null);

        var page = await (await reader.GetAsync($"/api/v1/posts/{post}/comments?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);

        var translations = page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("translation")).ToList();
        Assert.Equal(9, translations.Count);
        Assert.All(translations, t => Assert.StartsWith("[vi] ความคิดเห็น", t.GetProperty("text").GetString(), StringComparison.Ordinal));
        Assert.Equal(8, site.Stub.Calls); // the two identical comments share one entry
        Assert.InRange(site.Stub.MaxConcurrent, 2, Translator.ThreadConcurrency);
        var again = await (await reader.GetAsync($"/api/v1/posts/{post}/comments?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.All(again.GetProperty("items").EnumerateArray(), c => Assert.True(c.GetProperty("translation").GetProperty("cached").GetBoolean()));
        Assert.Equal(8, site.Stub.Calls);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_translation_that_ignores_the_glossary_is_retried_once_then_flagged(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai");
        site.Stub.Mode = StubMode.IgnoreGlossary;
        var (author, community) = await AuthorAsync(app);
        var post = (await author.CreatePostAsync(community, SongkranPost, SongkranBody + " (flag)", language: "th")).Id();
        using var reader = site.As(null);

        var translation = await TranslationAsync(reader, post);

        Assert.Equal(2, site.Stub.Calls);
        Assert.DoesNotContain("IMPORTANT", site.Stub.SystemPrompts().First(), StringComparison.Ordinal);
        Assert.Contains("IMPORTANT", site.Stub.SystemPrompts().Last(), StringComparison.Ordinal);
        Assert.True(translation.GetProperty("glossaryMismatch").GetBoolean());
        Assert.Equal(["songkran"], translation.GetProperty("missingConcepts").EnumerateArray().Select(c => c.GetString()));
        Assert.Empty(translation.GetProperty("glossaryConcepts").EnumerateArray());

        // Stored flagged: read again from memory, no third call.
        Assert.True((await TranslationAsync(reader, post)).GetProperty("glossaryMismatch").GetBoolean());
        Assert.Equal(2, site.Stub.Calls);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Editing_a_post_invalidates_only_its_own_translations(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai");
        var (author, community) = await AuthorAsync(app);
        var edited = (await author.CreatePostAsync(community, "ตลาดน้ำอัมพวา", "ไปเช้า ๆ จะดีกว่า " + Guid.NewGuid(), language: "th")).Id();
        var other = (await author.CreatePostAsync(community, "ข้าวซอย", "ร้านนี้อร่อย " + Guid.NewGuid(), language: "th")).Id();
        using var reader = site.As(null);
        await TranslationAsync(reader, edited);
        await TranslationAsync(reader, other);
        Assert.Equal(2, site.Stub.Calls);

        await (await author.Client.PutAsJsonAsync($"/api/v1/posts/{edited}", new { title = "ตลาดน้ำอัมพวา ตอนเย็น" }, Ct)).ExpectAsync(HttpStatusCode.OK);

        var fresh = await TranslationAsync(reader, edited);
        Assert.False(fresh.GetProperty("cached").GetBoolean());
        Assert.StartsWith("[vi] ตลาดน้ำอัมพวา ตอนเย็น", fresh.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True((await TranslationAsync(reader, other)).GetProperty("cached").GetBoolean());
        Assert.Equal(3, site.Stub.Calls);

        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        var link = db.TranslationLinks.Single(l => l.ContentId == edited && l.TargetLanguage == "vi");
        Assert.Equal(2, link.Revision);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Concurrent_readers_share_one_provider_call(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai");
        site.Stub.Delay = TimeSpan.FromMilliseconds(400);
        var (author, community) = await AuthorAsync(app);
        var post = (await author.CreatePostAsync(community, "ลอยกระทง", "คืนวันเพ็ญเดือนสิบสอง " + Guid.NewGuid(), language: "th")).Id();
        using var reader = site.As(null);

        var texts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ => (await TranslationAsync(reader, post)).GetProperty("text").GetString()));

        Assert.Equal(1, site.Stub.Calls);
        Assert.Single(texts.Distinct());
        Assert.StartsWith("[vi] ลอยกระทง", texts[0], StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_outage_or_a_timeout_shows_the_original_and_never_a_5xx(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai", new() { ["Translation:TimeoutSeconds"] = "0.3", ["Translation:BreakerFailures"] = "100" });
        site.Stub.Mode = StubMode.Fail;
        var (author, community) = await AuthorAsync(app);
        var post = (await author.CreatePostAsync(community, "ผีตาโขน", "งานบุญที่ด่านซ้าย " + Guid.NewGuid(), language: "th")).Id();
        await ThaiCommentAsync(author, post, "อยากไปมาก");
        using var reader = site.As(null);

        var failed = await TranslationAsync(reader, post);
        Assert.Equal("unavailable", failed.GetProperty("status").GetString());
        Assert.Equal("provider-error", failed.GetProperty("reason").GetString());
        Assert.Equal(3, site.Stub.Calls); // the call and two retries with backoff
        var comments = await (await reader.GetAsync($"/api/v1/posts/{post}/comments?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("unavailable", comments.GetProperty("items")[0].GetProperty("translation").GetProperty("status").GetString());
        using var vietnamese = site.As(null);
        vietnamese.DefaultRequestHeaders.Add("Accept-Language", "vi");
        var page = await vietnamese.GetAsync($"/p/{post}?translate=1", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-testid=\"translation-unavailable\"", html, StringComparison.Ordinal);
        Assert.Contains("งานบุญที่ด่านซ้าย", html, StringComparison.Ordinal);

        site.Stub.Mode = StubMode.Hang;
        var slow = (await author.CreatePostAsync(community, "ช้า", "ช้ามาก " + Guid.NewGuid(), language: "th")).Id();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var timedOut = await TranslationAsync(reader, slow);
        Assert.Equal("unavailable", timedOut.GetProperty("status").GetString());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), $"took {started.Elapsed}");

        // Back up: translations work again without a restart.
        site.Stub.Mode = StubMode.Normal;
        var healthy = (await author.CreatePostAsync(community, "หายแล้ว", "กลับมาแล้ว " + Guid.NewGuid(), language: "th")).Id();
        Assert.Equal("translated", (await TranslationAsync(reader, healthy)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("libretranslate")]
    public async Task A_provider_that_refuses_connections_is_unavailable_not_an_error(string provider)
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        await using var site = await TranslationSite.StartAsync(app, provider, new() { ["Translation:Endpoint"] = provider == "openai" ? "http://127.0.0.1:1/v1" : "http://127.0.0.1:1" });
        var (author, community) = await AuthorAsync(app);
        var post = (await author.CreatePostAsync(community, "ปิด", "เซิร์ฟเวอร์ปิดอยู่ " + Guid.NewGuid(), language: "th")).Id();

        var translation = await TranslationAsync(site.As(null), post);

        Assert.Equal(("unavailable", "provider-error"), (translation.GetProperty("status").GetString(), translation.GetProperty("reason").GetString()));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_circuit_breaker_opens_after_consecutive_failures(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "libretranslate", new()
        {
            ["Translation:Retries"] = "0",
            ["Translation:BreakerFailures"] = "3",
            ["Translation:BreakerSeconds"] = "60",
        });
        site.Stub.Mode = StubMode.Fail;
        var (author, community) = await AuthorAsync(app);
        using var reader = site.As(null);
        for (var i = 0; i < 3; i++)
        {
            var post = (await author.CreatePostAsync(community, $"โพสต์ {i}", "ข้อความ " + Guid.NewGuid(), language: "th")).Id();
            Assert.Equal("provider-error", (await TranslationAsync(reader, post)).GetProperty("reason").GetString());
        }

        site.Stub.Mode = StubMode.Normal;
        var next = (await author.CreatePostAsync(community, "โพสต์ใหม่", "ข้อความ " + Guid.NewGuid(), language: "th")).Id();
        var refused = await TranslationAsync(reader, next);

        Assert.Equal("circuit-open", refused.GetProperty("reason").GetString());
        Assert.Equal(3, site.Stub.Calls);
        var gateway = site.Services.GetRequiredService<TranslationGateway>();
        Assert.Equal(CircuitState.Open, gateway.Breaker(gateway.Settings("th", "vi")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_exhausted_daily_budget_shows_the_original(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai", new() { ["Translation:DailyBudget"] = "2" });
        var (author, community) = await AuthorAsync(app);
        using var reader = site.As(null);
        var posts = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            posts.Add((await author.CreatePostAsync(community, $"งบ {i}", "ข้อความ " + Guid.NewGuid(), language: "th")).Id());
        }

        Assert.Equal("translated", (await TranslationAsync(reader, posts[0])).GetProperty("status").GetString());
        Assert.Equal("translated", (await TranslationAsync(reader, posts[1])).GetProperty("status").GetString());
        var third = await TranslationAsync(reader, posts[2]);

        Assert.Equal(("unavailable", "budget-exhausted"), (third.GetProperty("status").GetString(), third.GetProperty("reason").GetString()));
        Assert.Equal(2, site.Stub.Calls);
        Assert.True((await TranslationAsync(reader, posts[0])).GetProperty("cached").GetBoolean()); // memory still serves
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Members_propose_vote_and_moderators_accept_better_translations(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (author, community) = await AuthorAsync(app);
        var post = (await author.CreatePostAsync(community, SongkranPost, SongkranBody, language: "th")).Id();
        var proposer = await app.RegisterAsync("bilingual", "VN", ["vi", "th"]);
        var voters = new List<Member>();
        for (var i = 0; i < 3; i++)
        {
            voters.Add(await app.RegisterAsync("voter", "VN", ["vi"]));
        }

        var proposals = $"/api/v1/posts/{post}/translations/vi/proposals";
        await (await proposer.Client.PostAsJsonAsync(proposals, new { text = "" }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        await (await proposer.Client.PostAsJsonAsync($"/api/v1/posts/{post}/translations/th/proposals", new { text = "x" }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "lang");
        var first = await (await proposer.Client.PostAsJsonAsync(proposals, new { text = "Tết Té Nước ở Chiang Mai\n\nNăm nay chúng tôi té nước ở hào thành cổ." }, Ct))
            .ExpectAsync(HttpStatusCode.Created);
        var vote = $"/api/v1/translation-proposals/{first.Id()}/vote";

        await (await proposer.Client.PutAsJsonAsync(vote, new { value = 1 }, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await voters[0].Client.PutAsJsonAsync(vote, new { value = 2 }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "value");
        await (await voters[0].Client.PutAsJsonAsync(vote, new { value = -1 }, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await voters[0].Client.PutAsJsonAsync(vote, new { value = 1 }, Ct)).ExpectAsync(HttpStatusCode.OK); // changes, not adds
        await (await voters[1].Client.PutAsJsonAsync(vote, new { value = 1 }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("disabled", (await (await voters[1].Client.GetAsync($"/api/v1/posts/{post}/translations/vi", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        var accepted = await (await voters[2].Client.PutAsJsonAsync(vote, new { value = 1 }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((3, "accepted"), (accepted.GetProperty("score").GetInt32(), accepted.GetProperty("state").GetString()));

        var community1 = await (await voters[0].Client.GetAsync($"/api/v1/posts/{post}?lang=vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        var translation = community1.GetProperty("translation");
        Assert.Equal(("community", "translated"), (translation.GetProperty("source").GetString(), translation.GetProperty("status").GetString()));
        Assert.StartsWith("Tết Té Nước ở Chiang Mai", translation.GetProperty("text").GetString(), StringComparison.Ordinal);

        // A second proposal: members cannot accept it, the community's owner can; the first stays in the history.
        var second = await (await voters[1].Client.PostAsJsonAsync(proposals, new { text = "Lễ hội Tết Té Nước\n\nRất vui." }, Ct)).ExpectAsync(HttpStatusCode.Created);
        await (await voters[0].Client.PostAsync($"/api/v1/translation-proposals/{second.Id()}/accept", null, Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await author.Client.PostAsync($"/api/v1/translation-proposals/{second.Id()}/accept", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var history = await (await voters[0].Client.GetAsync(proposals, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(
            [(second.Id(), "accepted"), (first.Id(), "superseded")],
            history.EnumerateArray().Select(p => (p.Id(), p.GetProperty("state").GetString())));
        Assert.Equal(1, history.EnumerateArray().Last().GetProperty("myVote").GetInt32());
        var now = await (await voters[0].Client.GetAsync($"/api/v1/posts/{post}/translations/vi", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(second.Id(), now.GetProperty("proposalId").GetGuid());

        // The site has no provider, yet Vietnamese readers see the community's translation on the page.
        using var vietnamese = app.CreateClient();
        vietnamese.DefaultRequestHeaders.Add("Accept-Language", "vi");
        var page = await vietnamese.GetStringAsync($"/p/{post}?translate=1", Ct);
        Assert.Contains("data-testid=\"reviewed\"", page, StringComparison.Ordinal);
        Assert.Contains("Lễ hội Tết Té Nước", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Post_editors_get_fuzzy_matches_from_the_memory(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai");
        var (author, community) = await AuthorAsync(app);
        var tag = Guid.NewGuid().ToString("N");
        var original = (await author.CreatePostAsync(community, "เที่ยวหลวงพระบาง " + tag, "ตักบาตรข้าวเหนียวตอนเช้าตรู่ที่ถนนสีสว่างวงศ์ แล้วไปตลาดเช้า", language: "th")).Id();
        var similar = (await author.CreatePostAsync(community, "เที่ยวหลวงพระบาง " + tag, "ตักบาตรข้าวเหนียวตอนเช้าตรู่ที่ถนนสีสว่างวงศ์ แล้วไปตลาดเย็น", language: "th")).Id();
        var editor = await app.RegisterAsync("editor", "VN", ["vi", "th"]);
        using var reader = site.As(null);
        await TranslationAsync(reader, original);

        var suggestions = await (await site.As(editor).GetAsync($"/api/v1/posts/{similar}/translations/vi/suggestions", Ct)).ExpectAsync(HttpStatusCode.OK);

        var best = suggestions.EnumerateArray().First();
        Assert.InRange(best.GetProperty("similarity").GetDouble(), 0.85, 0.999);
        Assert.StartsWith("[vi] เที่ยวหลวงพระบาง", best.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync($"/api/v1/posts/{similar}/translations/vi/suggestions", Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Readers_get_the_translation_automatically_or_on_click(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai");
        var (author, community) = await AuthorAsync(app);
        var post = (await author.CreatePostAsync(community, SongkranPost, SongkranBody + " " + Guid.NewGuid(), language: "th")).Id();
        await ThaiCommentAsync(author, post, "สุขสันต์วันสงกรานต์");

        // Anonymous Vietnamese readers translate on click.
        using var anonymous = site.As(null);
        anonymous.DefaultRequestHeaders.Add("Accept-Language", "vi");
        var before = await anonymous.GetStringAsync($"/p/{post}", Ct);
        Assert.Contains("data-testid=\"translate\"", before, StringComparison.Ordinal);
        Assert.Equal(0, site.Stub.Calls);
        var clicked = await anonymous.GetStringAsync($"/p/{post}?translate=1", Ct);
        Assert.Contains("data-testid=\"post-translation\"", clicked, StringComparison.Ordinal);
        Assert.Contains("Tết Té Nước", clicked, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"comment-translation\"", clicked, StringComparison.Ordinal);
        Assert.Contains("show-original", clicked, StringComparison.Ordinal);
        Assert.Equal(2, site.Stub.Calls); // the post and its thread at once
        var original = await anonymous.GetStringAsync($"/p/{post}?original=1", Ct);
        Assert.DoesNotContain("data-testid=\"post-translation\"", original, StringComparison.Ordinal);

        // The community page reads in Vietnamese too, on click; the post's translation comes from memory.
        var listing = await anonymous.GetStringAsync($"/c/{community}", Ct);
        Assert.Contains("data-testid=\"translate-page\"", listing, StringComparison.Ordinal);
        var translatedListing = await anonymous.GetStringAsync($"/c/{community}?translate=1", Ct);
        Assert.Contains("data-testid=\"list-translation\"", translatedListing, StringComparison.Ordinal);
        Assert.Contains("[vi] เทศกาลTết Té Nướcที่เชียงใหม่", WebUtility.HtmlDecode(translatedListing), StringComparison.Ordinal);
        Assert.Equal(2, site.Stub.Calls);

        // Readers of Thai see the original, with no button.
        using var thai = site.As(null);
        thai.DefaultRequestHeaders.Add("Accept-Language", "th");
        Assert.DoesNotContain("data-testid=\"translate\"", await thai.GetStringAsync($"/p/{post}", Ct), StringComparison.Ordinal);

        // Provider "none": no button at all.
        using var none = app.CreateClient();
        none.DefaultRequestHeaders.Add("Accept-Language", "vi");
        Assert.DoesNotContain("data-testid=\"translate\"", await none.GetStringAsync($"/p/{post}", Ct), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Members_translate_automatically_until_they_choose_on_click_in_settings(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        await using var site = await TranslationSite.StartAsync(app, "openai");
        var (author, community) = await AuthorAsync(app);
        var first = (await author.CreatePostAsync(community, SongkranPost, "ครั้งแรก " + Guid.NewGuid(), language: "th")).Id();
        var second = (await author.CreatePostAsync(community, SongkranPost, "ครั้งที่สอง " + Guid.NewGuid(), language: "th")).Id();
        using var browser = site.As(null);
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(await browser.GetStringAsync("/signup", Ct)).Groups[1].Value;
        var lan = $"lan-{Guid.NewGuid():N}@example.test";
        var signedUp = await browser.PostAsync("/signup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Email"] = lan,
            ["Password"] = "a long enough passphrase",
            ["DisplayName"] = "Lan",
            ["HomeCountry"] = "VN",
            ["ReadingLanguage"] = "vi",
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedUp.StatusCode);
        await browser.SignInByFormAsync(lan, "a long enough passphrase");

        Assert.Contains("data-testid=\"post-translation\"", await browser.GetStringAsync($"/p/{first}", Ct), StringComparison.Ordinal);
        Assert.Equal(1, site.Stub.Calls);

        // A bilingual member's proposal shows under the translation; the reader votes on it from the page.
        var bilingual = await app.RegisterAsync("bilingual", "VN", ["vi", "th"]);
        var proposal = await (await bilingual.Client.PostAsJsonAsync($"/api/v1/posts/{first}/translations/vi/proposals", new { text = "Tết Té Nước ở Chiang Mai\n\nLần đầu." }, Ct))
            .ExpectAsync(HttpStatusCode.Created);
        var page = await browser.GetStringAsync($"/p/{first}", Ct);
        Assert.Contains("data-testid=\"proposals\"", page, StringComparison.Ordinal);
        var voted = await browser.PostAsync($"/translation-proposals/{proposal.Id()}/vote", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = InterfaceLanguageTests.AntiforgeryToken().Match(page).Groups[1].Value,
            ["value"] = "1",
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, voted.StatusCode);
        var listed = await (await bilingual.Client.GetAsync($"/api/v1/posts/{first}/translations/vi/proposals", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, listed[0].GetProperty("score").GetInt32());

        // Only the community's moderators and site staff get "accept"; a reader's attempt changes nothing.
        Assert.DoesNotContain("data-testid=\"accept-proposal\"", page, StringComparison.Ordinal);
        var accepted = await browser.PostAsync($"/translation-proposals/{proposal.Id()}/vote?handler=Accept", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = InterfaceLanguageTests.AntiforgeryToken().Match(page).Groups[1].Value,
        }), Ct);
        Assert.NotEqual(HttpStatusCode.Redirect, accepted.StatusCode);
        listed = await (await bilingual.Client.GetAsync($"/api/v1/posts/{first}/translations/vi/proposals", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("open", listed[0].GetProperty("state").GetString(), ignoreCase: true);

        var settings = await browser.GetStringAsync("/settings", Ct);
        Assert.Contains("name=\"automatic\" value=\"true\" checked", settings, StringComparison.Ordinal);
        var saved = await browser.PostAsync("/settings/translation", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = InterfaceLanguageTests.AntiforgeryToken().Match(settings).Groups[1].Value,
            ["automatic"] = "false",
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var onClick = await browser.GetStringAsync($"/p/{second}", Ct);
        Assert.Contains("data-testid=\"translate\"", onClick, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"post-translation\"", onClick, StringComparison.Ordinal);
        Assert.Equal(1, site.Stub.Calls);
        Assert.Contains("name=\"automatic\" value=\"false\" checked", await browser.GetStringAsync("/settings", Ct), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Bad_language_codes_are_400s_naming_the_field(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (author, community) = await AuthorAsync(app);
        var post = (await author.CreatePostAsync(community, "ทดสอบ", "ข้อความ", language: "th")).Id();
        var client = author.Client;

        await (await client.GetAsync($"/api/v1/posts/{post}?lang=klingon", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "lang");
        await (await client.GetAsync($"/api/v1/posts/{post}/translations/xx", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "lang");
        await (await client.GetAsync($"/api/v1/posts/{post}/comments?lang=", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "lang");
        await (await client.GetAsync($"/api/v1/posts/{post}/translations/vi/proposals?", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/v1/posts/{post}/translations/vi/proposals", new { text = "   " }, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        await (await client.PutAsJsonAsync($"/api/v1/translation-proposals/{Guid.NewGuid()}/vote", new { value = 1 }, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("disabled", (await (await client.GetAsync($"/api/v1/posts/{post}/translations/VI", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
    }
}
