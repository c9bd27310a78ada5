namespace Mekong.Syndication;

/// <summary>Absolute addresses for feeds, sitemaps, canonical and Open Graph links: the scheme and host the request came to.</summary>
public static class SiteAddress
{
    public static string Of(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string Absolute(HttpRequest request, string path) => Of(request) + path;
}
