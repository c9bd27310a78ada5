namespace Mekong.Display;

/// <summary>
/// What a page tells browsers, crawlers and link previews about itself, set as <c>ViewData["Meta"]</c> and written by
/// the layout: description, Open Graph type, canonical address, feed, and the languages it can also be read in.
/// </summary>
public sealed record PageMeta
{
    public const string Key = "Meta";

    /// <summary>Plain text for the description and link previews.</summary>
    public string? Description { get; init; }

    /// <summary>Open Graph type: "website", "article", "profile".</summary>
    public string Type { get; init; } = "website";

    /// <summary>Site-relative canonical address; the request's path (no query) when not set.</summary>
    public string? Canonical { get; init; }

    /// <summary>Site-relative feed address without its extension ("/c/slug/feed"): the page links its RSS and Atom feeds.</summary>
    public string? Feed { get; init; }

    /// <summary>The feed's query, with its "?" ("?q=durian" for a search feed).</summary>
    public string FeedQuery { get; init; } = "";

    public string? FeedTitle { get; init; }

    /// <summary>The language of the content (Open Graph locale of the page's subject).</summary>
    public string? ContentLanguage { get; init; }

    /// <summary>hreflang alternates: (BCP 47 language, site-relative address).</summary>
    public IReadOnlyList<(string Language, string Path)> Alternates { get; init; } = [];

    /// <summary>Pages that should stay out of search engines (settings, moderation…).</summary>
    public bool NoIndex { get; init; }
}
