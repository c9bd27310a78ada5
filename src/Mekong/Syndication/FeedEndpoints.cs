using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Mekong.Communities;
using Mekong.Platform;
using Mekong.Platform.Http;
using Mekong.Platform.Localization;
using Mekong.Posts;
using Mekong.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Mekong.Syndication;

/// <summary>
/// RSS 2.0 (<c>feed.rss</c>) and Atom (<c>feed.atom</c>) for the site, a community, a member, a tag and a search.
/// Members-only communities are read only with a member's feed token (<c>?token=</c>); a wrong or missing token is
/// answered as if the feed did not exist.
/// </summary>
public static partial class FeedEndpoints
{
    public const int ItemCount = 30;
    private const string Format = "feed.{format:regex(^(rss|atom)$)}";

    public static void MapFeeds(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("").WithTags("Feeds").ExcludeFromDescription();
        feeds.MapGet("/" + Format, Site);
        feeds.MapGet("/c/{slug}/" + Format, Community);
        feeds.MapGet("/u/{id:guid}/" + Format, Member);
        feeds.MapGet("/t/{tag}/" + Format, Tag);
        feeds.MapGet("/search/" + Format, SearchFeed).RequireRateLimiting(RateLimits.Search);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Site(
        string format, string? token, HttpContext http, FeedReaders readers, PostQueries posts, IStringLocalizer<UiText> l, TimeProvider clock, CancellationToken ct)
    {
        if (await readers.ReaderAsync(http, token, ct) is null)
        {
            return Problems.NotFound("feed");
        }

        var page = await posts.LatestPublicAsync(null, ItemCount, ct: ct);
        return Answer(http, format, l["Latest posts on Mekong"], l["Mekong — cultural exchange between China and Southeast Asia"], "/", Items(http, page.Items, l), clock);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Community(
        string format, string slug, string? tag, string? token, HttpContext http, FeedReaders readers, CommunityQueries communities, PostQueries posts,
        IStringLocalizer<UiText> l, TimeProvider clock, CancellationToken ct)
    {
        var reader = await readers.ReaderAsync(http, token, ct);
        if (reader is null || slug.Length > 100 || tag?.Length > Limits.TagChars)
        {
            return Problems.NotFound("feed");
        }

        // A members-only community's feed is refused exactly like an unknown community's: nothing leaks.
        var access = await communities.AccessAsync(slug, reader, ct);
        if (access is not { CanRead: true })
        {
            return Problems.NotFound("community feed");
        }

        var c = access.Community;
        var page = await posts.ListAsync(c.Id, null, ItemCount, tag, null, ct);
        var items = Items(http, page.Items, l);
        return Answer(http, format, l["Posts in {0}", c.Name], c.Description, "/c/" + Uri.EscapeDataString(c.Slug), items, clock, c.Language);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Member(
        string format, Guid id, string? token, HttpContext http, FeedReaders readers, Accounts.AccountQueries accounts, PostQueries posts,
        IStringLocalizer<UiText> l, TimeProvider clock, CancellationToken ct)
    {
        if (await readers.ReaderAsync(http, token, ct) is null || Privacy.Erasure.IsDeletedMember(id))
        {
            return Problems.NotFound("feed");
        }

        var name = await accounts.DisplayNameAsync(id, ct);
        if (name is null)
        {
            return Problems.NotFound("member");
        }

        var page = await posts.LatestPublicAsync(null, ItemCount, id.ToString(), ct: ct);
        return Answer(http, format, l["Posts by {0}", name], l["Posts by {0}", name], "/u/" + id, Items(http, page.Items, l), clock);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Tag(
        string format, string tag, string? token, HttpContext http, FeedReaders readers, PostQueries posts, IStringLocalizer<UiText> l, TimeProvider clock, CancellationToken ct)
    {
        if (await readers.ReaderAsync(http, token, ct) is null || tag.Length > Limits.TagChars || tag.Contains('\0', StringComparison.Ordinal))
        {
            return Problems.NotFound("feed");
        }

        var page = await posts.LatestPublicAsync(null, ItemCount, tag: tag, ct: ct);
        return Answer(http, format, l["Posts tagged #{0}", tag], l["Posts tagged #{0}", tag], "/search?q=" + Uri.EscapeDataString(tag), Items(http, page.Items, l), clock);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> SearchFeed(
        string format, string? q, string? lang, string? community, string? token, HttpContext http, FeedReaders readers, SearchQueries search,
        IStringLocalizer<UiText> l, TimeProvider clock, CancellationToken ct)
    {
        var reader = await readers.ReaderAsync(http, token, ct);
        if (reader is null)
        {
            return Problems.NotFound("feed");
        }

        var errors = new Errors();
        var result = await search.SearchAsync(q, lang, community, null, reader, errors, ct);
        if (result is null)
        {
            return Problems.Invalid(errors);
        }

        var items = result.Hits.Select(h => new FeedItem(
            h.Id,
            h.Title,
            PostLink(http, h.PostId) + (h.Kind == SearchKind.Comment ? "#c-" + h.Id : ""),
            PlainSnippet(h.Snippet),
            h.Language,
            h.Community.Name,
            h.At,
            [])).ToList();
        var page = "/search?q=" + Uri.EscapeDataString(result.Query)
            + (string.IsNullOrWhiteSpace(lang) ? "" : "&lang=" + Uri.EscapeDataString(lang))
            + (string.IsNullOrWhiteSpace(community) ? "" : "&community=" + Uri.EscapeDataString(community));
        return Answer(http, format, l["Search: {0}", result.Query], l["Search: {0}", result.Query], page, items, clock);
    }

    private static List<FeedItem> Items(HttpContext http, IEnumerable<PostSummary> posts, IStringLocalizer<UiText> l) =>
        [.. posts.Select(p => new FeedItem(
            p.Id, p.Title, PostLink(http, p.Id), p.Excerpt, p.Language,
            Privacy.Erasure.IsDeletedMember(p.Author.Id) ? l["Deleted member"] : p.Author.DisplayName,
            p.CreatedAt, p.Tags))];

    private static string PostLink(HttpContext http, Guid id) => SiteAddress.Absolute(http.Request, "/p/" + id);

    private static ContentHttpResult Answer(
        HttpContext http, string format, string title, string description, string page, IReadOnlyList<FeedItem> items, TimeProvider clock, string? language = null)
    {
        var self = SiteAddress.Absolute(http.Request, http.Request.Path + SelfQuery(http.Request));
        var channel = new FeedChannel(
            title, description, SiteAddress.Absolute(http.Request, page), self, language ?? CultureInfo.CurrentUICulture.Name, items);
        var now = clock.GetUtcNow();
        http.Response.Headers.CacheControl = "private, max-age=300";
        return string.Equals(format, "atom", StringComparison.Ordinal)
            ? TypedResults.Content(FeedWriter.Atom(channel, now), FeedWriter.AtomType)
            : TypedResults.Content(FeedWriter.Rss(channel, now), FeedWriter.RssType);
    }

    // The feed's own address, without the token: a feed's XML may be shared; its secret must not travel with it.
    private static string SelfQuery(HttpRequest request)
    {
        var kept = request.Query.Where(p => !string.Equals(p.Key, "token", StringComparison.OrdinalIgnoreCase)).ToList();
        return kept.Count == 0 ? "" : "?" + string.Join('&', kept.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value.ToString())));
    }

    private static string PlainSnippet(string html) => WebUtility.HtmlDecode(MarkTag().Replace(html, ""));

    [GeneratedRegex("</?mark>", RegexOptions.CultureInvariant)]
    private static partial Regex MarkTag();
}
