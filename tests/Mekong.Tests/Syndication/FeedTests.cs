using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;

namespace Mekong.Tests.Syndication;

/// <summary>RSS and Atom feeds, robots.txt, the sitemap and the link tags of pages, through HTTP on both databases.</summary>
public sealed class FeedTests(Apps apps) : IClassFixture<Apps>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace XmlNs = XNamespace.Xml;
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    private const string Tricky = "Tom & Jerry <script>alert(1)</script> ]]> \"quoted\"";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Site_and_community_feeds_are_valid_RSS_and_Atom_with_escaped_items_in_their_language(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("feeder");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var thai = await author.CreatePostAsync(slug, "ทุเรียนหมอนทองจากจันทบุรี", "ทุเรียนหมอนทอง **หวาน** มาก", ["durian"], "th");
        var tricky = await author.CreatePostAsync(slug, Tricky, "Body with <b>markup</b> & ampersands.", ["cartoon"], "en");
        using var anonymous = app.CreateClient();

        foreach (var path in new[] { $"/c/{slug}/feed.rss", "/feed.rss" })
        {
            using var response = await anonymous.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
            var raw = await response.Content.ReadAsStringAsync(ct);
            Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
            var rss = XDocument.Parse(raw);
            Assert.Equal("2.0", rss.Root!.Attribute("version")?.Value);
            var items = rss.Descendants("item").ToList();
            var trickyItem = items.Single(i => i.Element("link")!.Value.EndsWith("/p/" + tricky.Id(), StringComparison.Ordinal));
            Assert.Equal(Tricky, trickyItem.Element("title")!.Value);
            Assert.StartsWith("http://", trickyItem.Element("link")!.Value, StringComparison.Ordinal);
            var thaiItem = items.Single(i => i.Element("link")!.Value.EndsWith("/p/" + thai.Id(), StringComparison.Ordinal));
            Assert.Equal("th", thaiItem.Attribute(XmlNs + "lang")?.Value);
            Assert.Contains("durian", thaiItem.Elements("category").Select(c => c.Value));
        }

        using var atomResponse = await anonymous.GetAsync($"/c/{slug}/feed.atom", ct);
        Assert.Equal("application/atom+xml", atomResponse.Content.Headers.ContentType?.MediaType);
        var atom = XDocument.Parse(await atomResponse.Content.ReadAsStringAsync(ct));
        Assert.Equal(Atom + "feed", atom.Root!.Name);
        var entries = atom.Root.Elements(Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        var thaiEntry = entries.Single(e => e.Element(Atom + "title")!.Value == "ทุเรียนหมอนทองจากจันทบุรี");
        Assert.Equal("th", thaiEntry.Attribute(XmlNs + "lang")?.Value);
        Assert.Contains("หวาน", thaiEntry.Element(Atom + "summary")!.Value, StringComparison.Ordinal);
        Assert.Equal(Tricky, entries.Single(e => e != thaiEntry).Element(Atom + "title")!.Value);
        Assert.All(atom.Root.Elements(Atom + "link"), l => Assert.StartsWith("http://", l.Attribute("href")!.Value, StringComparison.Ordinal));

        // The member's and the tag's feeds; an unknown community, member or a bad format answers 404.
        var member = XDocument.Parse(await anonymous.GetStringAsync($"/u/{author.Id}/feed.atom", ct));
        Assert.Equal(2, member.Root!.Elements(Atom + "entry").Count());
        var tag = XDocument.Parse(await anonymous.GetStringAsync("/t/cartoon/feed.rss", ct));
        Assert.Contains(tag.Descendants("item"), i => i.Element("title")!.Value == Tricky);
        Assert.DoesNotContain(tag.Descendants("item"), i => i.Element("title")!.Value.StartsWith("ทุเรียน", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/c/no-such-community/feed.rss", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/u/{Guid.NewGuid()}/feed.rss", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/c/{slug}/feed.json", ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_members_only_feed_is_refused_without_the_members_token_and_read_with_it(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("insider");
        var outsider = await app.RegisterAsync("outsider");
        var slug = (await owner.CreateCommunityAsync(visibility: "membersOnly")).GetProperty("slug").GetString()!;
        await owner.CreatePostAsync(slug, "Secret plans for the boat race", "Meet at the pier.");
        using var anonymous = app.CreateClient();

        var missing = await anonymous.GetAsync($"/c/{slug}/feed.atom", ct);
        var missingText = await missing.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Secret", missingText, StringComparison.Ordinal);
        var wrong = await anonymous.GetAsync($"/c/{slug}/feed.atom?token=not-a-token", ct);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.DoesNotContain("Secret", await wrong.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // An outsider's valid token reads as the outsider: still nothing.
        var outsiderToken = (await outsider.Client.GetFromJsonAsync<JsonElement>("/api/v1/me/feed-token", ct)).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/c/{slug}/feed.atom?token={Uri.EscapeDataString(outsiderToken)}", ct)).StatusCode);

        var token = (await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/me/feed-token", ct)).GetProperty("token").GetString()!;
        Assert.Equal(token, (await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/me/feed-token", ct)).GetProperty("token").GetString());
        var withToken = await anonymous.GetAsync($"/c/{slug}/feed.atom?token={Uri.EscapeDataString(token)}", ct);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        var feed = XDocument.Parse(await withToken.Content.ReadAsStringAsync(ct));
        Assert.Equal("Secret plans for the boat race", feed.Root!.Element(Atom + "entry")!.Element(Atom + "title")!.Value);
        // The feed's own address does not repeat the secret.
        Assert.DoesNotContain(token, feed.Root.Elements(Atom + "link").Select(l => l.Attribute("href")!.Value).First(), StringComparison.Ordinal);

        // Members-only posts never reach the public feeds, the search feed without a token, or the sitemap.
        Assert.DoesNotContain("Secret plans", await anonymous.GetStringAsync("/feed.rss", ct), StringComparison.Ordinal);
        Assert.DoesNotContain("Secret plans", await anonymous.GetStringAsync($"/u/{owner.Id}/feed.rss", ct), StringComparison.Ordinal);

        // Rotating the token ends the old links at once.
        var rotated = await (await owner.Client.PostAsync("/api/v1/me/feed-token/rotate", null, ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.NotEqual(token, rotated.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/c/{slug}/feed.atom?token={Uri.EscapeDataString(token)}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/c/{slug}/feed.rss?token={Uri.EscapeDataString(rotated.GetProperty("token").GetString()!)}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me/feed-token", ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Search_feed_lists_what_the_search_finds_and_refuses_bad_input(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.For(provider);
        var author = await app.RegisterAsync();
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var word = "rambutan" + Guid.NewGuid().ToString("N")[..6];
        await author.CreatePostAsync(slug, $"Fresh {word} at the market", $"The {word} season has started.", language: "en");
        using var anonymous = app.CreateClient();

        var atom = XDocument.Parse(await anonymous.GetStringAsync($"/search/feed.atom?q={word}", ct));
        var entry = Assert.Single(atom.Root!.Elements(Atom + "entry"));
        Assert.Contains(word, entry.Element(Atom + "title")!.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("<mark>", entry.Element(Atom + "summary")!.Value, StringComparison.Ordinal);
        await (await anonymous.GetAsync("/search/feed.rss", ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
        await (await anonymous.GetAsync("/search/feed.rss?q=a%00b", ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Robots_and_sitemap_show_public_content_only_with_translations_as_alternates(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("mapper");
        var publicSlug = (await owner.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var hiddenSlug = (await owner.CreateCommunityAsync(visibility: "membersOnly")).GetProperty("slug").GetString()!;
        var open = await owner.CreatePostAsync(publicSlug, "เทศกาลลอยกระทง", "ลอยกระทงริมแม่น้ำโขง", language: "th");
        var hidden = await owner.CreatePostAsync(hiddenSlug, "Members only", "Hidden.");
        var proposal = await (await owner.Client.PostAsJsonAsync($"/api/v1/posts/{open.Id()}/translations/vi/proposals", new { text = "Lễ hội Loy Krathong\n\nThả đèn trên sông Mê Kông" }, ct)).ExpectAsync(HttpStatusCode.Created);
        await (await owner.Client.PostAsync($"/api/v1/translation-proposals/{proposal.Id()}/accept", null, ct)).ExpectAsync(HttpStatusCode.OK);
        using var anonymous = app.CreateClient();

        var robots = await anonymous.GetAsync("/robots.txt", ct);
        Assert.Equal("text/plain", robots.Content.Headers.ContentType?.MediaType);
        var rules = await robots.Content.ReadAsStringAsync(ct);
        Assert.Contains("Disallow: /settings", rules, StringComparison.Ordinal);
        Assert.Contains("Disallow: /moderation", rules, StringComparison.Ordinal);
        Assert.Contains("Disallow: /admin", rules, StringComparison.Ordinal);
        Assert.Contains("Disallow: /api/v1/", rules, StringComparison.Ordinal);
        Assert.Matches(@"Sitemap: http://[^\s]+/sitemap\.xml", rules);

        var sitemap = await anonymous.GetAsync("/sitemap.xml", ct);
        Assert.Equal("application/xml", sitemap.Content.Headers.ContentType?.MediaType);
        var map = XDocument.Parse(await sitemap.Content.ReadAsStringAsync(ct));
        var urls = map.Root!.Elements(Sitemap + "url").ToList();
        var locs = urls.Select(u => u.Element(Sitemap + "loc")!.Value).ToList();
        Assert.Contains(locs, l => l.EndsWith("/c/" + publicSlug, StringComparison.Ordinal));
        Assert.DoesNotContain(locs, l => l.EndsWith("/c/" + hiddenSlug, StringComparison.Ordinal));
        Assert.DoesNotContain(locs, l => l.Contains(hidden.Id().ToString(), StringComparison.Ordinal));
        var original = urls.Single(u => u.Element(Sitemap + "loc")!.Value.EndsWith("/p/" + open.Id(), StringComparison.Ordinal));
        var alternates = original.Elements(Xhtml + "link").ToDictionary(l => l.Attribute("hreflang")!.Value, l => l.Attribute("href")!.Value);
        Assert.EndsWith("/p/" + open.Id(), alternates["th"], StringComparison.Ordinal);
        Assert.EndsWith($"/p/{open.Id()}?lang=vi", alternates["vi"], StringComparison.Ordinal);
        Assert.Contains(locs, l => l.EndsWith($"/p/{open.Id()}?lang=vi", StringComparison.Ordinal));

        // The post's page names the same alternates, its canonical address, its feeds and its Open Graph card.
        var page = await anonymous.GetStringAsync($"/p/{open.Id()}", ct);
        Assert.Contains($"<link rel=\"canonical\" href=\"http://localhost/p/{open.Id()}\" />", page, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"alternate\" hreflang=\"vi\" href=\"http://localhost/p/{open.Id()}?lang=vi\" />", page, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"alternate\" hreflang=\"th\" href=\"http://localhost/p/{open.Id()}\" />", page, StringComparison.Ordinal);
        Assert.Contains("<meta property=\"og:type\" content=\"article\" />", page, StringComparison.Ordinal);
        Assert.Contains("<meta property=\"og:title\" content=\"เทศกาลลอยกระทง\" />", page, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"twitter:card\" content=\"summary\" />", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"http://localhost/c/{publicSlug}/feed.atom\"", page, StringComparison.Ordinal);
        var translated = await anonymous.GetStringAsync($"/p/{open.Id()}?lang=vi", ct);
        Assert.Contains($"<link rel=\"canonical\" href=\"http://localhost/p/{open.Id()}?lang=vi\" />", translated, StringComparison.Ordinal);

        // Community and profile pages carry theirs too; every page has a canonical address.
        var community = await anonymous.GetStringAsync($"/c/{publicSlug}", ct);
        Assert.Contains("<meta property=\"og:title\"", community, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"canonical\" href=\"http://localhost/c/{publicSlug}\" />", community, StringComparison.Ordinal);
        var profile = await anonymous.GetStringAsync($"/u/{owner.Id}", ct);
        Assert.Contains("<meta property=\"og:type\" content=\"profile\" />", profile, StringComparison.Ordinal);
        Assert.Contains($"href=\"http://localhost/u/{owner.Id}/feed.rss\"", profile, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"canonical\" href=\"http://localhost/communities\" />", await anonymous.GetStringAsync("/communities?q=x", ct), StringComparison.Ordinal);
        Assert.Contains("type=\"application/rss+xml\"", await anonymous.GetStringAsync("/", ct), StringComparison.Ordinal);
    }
}
