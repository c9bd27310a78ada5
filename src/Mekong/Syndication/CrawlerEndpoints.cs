using System.Globalization;
using System.Text;
using Mekong.Communities;
using Mekong.Platform.Data;
using Mekong.Posts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Syndication;

/// <summary><c>/robots.txt</c> and <c>/sitemap.xml</c>: what search engines may index (public content only).</summary>
public static class CrawlerEndpoints
{
    /// <summary>The sitemap protocol's limit for one file.</summary>
    public const int MaxUrls = 50_000;

    private const string SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string XhtmlNs = "http://www.w3.org/1999/xhtml";

    public static void MapCrawlers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/robots.txt", Robots).ExcludeFromDescription();
        app.MapGet("/sitemap.xml", Sitemap).ExcludeFromDescription();
    }

    private static ContentHttpResult Robots(HttpContext http)
    {
        var text = new StringBuilder()
            .Append("User-agent: *\n")
            .Append("Disallow: /settings\n")
            .Append("Disallow: /admin\n")
            .Append("Disallow: /moderation\n")
            .Append("Disallow: /decisions\n")
            .Append("Disallow: /signout\n")
            .Append("Disallow: /language\n")
            .Append("Disallow: /theme\n")
            .Append("Disallow: /i/\n")
            .Append("Disallow: /api/v1/\n")
            .Append("Disallow: /*/edit\n")
            .Append("Disallow: /*?token=\n")
            .Append("Allow: /api/reference\n")
            .Append(CultureInfo.InvariantCulture, $"\nSitemap: {SiteAddress.Absolute(http.Request, "/sitemap.xml")}\n")
            .ToString();
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Text(text, "text/plain; charset=utf-8");
    }

    private static async Task<ContentHttpResult> Sitemap(HttpContext http, MekongDb db, PostQueries posts, PostAlternates alternates, CancellationToken ct)
    {
        var communities = await db.Communities.AsNoTracking()
            .Where(c => c.Visibility == CommunityVisibility.Public)
            .OrderBy(c => c.Slug).Select(c => c.Slug).Take(MaxUrls / 10).ToListAsync(ct);
        var index = await posts.PublicIndexAsync(MaxUrls - communities.Count - 3, ct);
        var translations = await alternates.TranslationsAsync([.. index.Select(i => i.Id)], ct);
        var site = SiteAddress.Of(http.Request);

        var xml = FeedWriter.Write(w =>
        {
            w.WriteStartElement("urlset", SitemapNs);
            w.WriteAttributeString("xmlns", "xhtml", null, XhtmlNs);
            foreach (var path in new[] { "/", "/communities", "/glossary" })
            {
                Url(w, site + path, null);
            }

            foreach (var slug in communities)
            {
                Url(w, site + "/c/" + Uri.EscapeDataString(slug), null);
            }

            foreach (var (id, updated, language) in index)
            {
                // A post and its stored translations are alternates: each address lists the whole set, itself included.
                var links = PostAlternates.Alternates(id, language, translations[id]);
                if (links.Count == 0)
                {
                    Url(w, site + "/p/" + id, updated);
                }

                foreach (var (_, path) in links)
                {
                    Url(w, site + path, updated, links, site);
                }
            }

            w.WriteEndElement();
        });
        return TypedResults.Content(xml, "application/xml; charset=utf-8");
    }

    private static void Url(System.Xml.XmlWriter w, string loc, DateTimeOffset? updated, IReadOnlyList<(string Language, string Path)>? links = null, string site = "")
    {
        w.WriteStartElement("url", SitemapNs);
        w.WriteElementString("loc", SitemapNs, loc);
        if (updated is { } at)
        {
            w.WriteElementString("lastmod", SitemapNs, at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        foreach (var (language, path) in links ?? [])
        {
            w.WriteStartElement("xhtml", "link", XhtmlNs);
            w.WriteAttributeString("rel", "alternate");
            w.WriteAttributeString("hreflang", language);
            w.WriteAttributeString("href", site + path);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }
}
