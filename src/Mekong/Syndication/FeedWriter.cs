using System.Globalization;
using System.Text;
using System.Xml;

namespace Mekong.Syndication;

/// <summary>One entry of a feed: a post (or, for a search, the post a hit belongs to).</summary>
public sealed record FeedItem(Guid Id, string Title, string Link, string Summary, string Language, string Author, DateTimeOffset Published, IReadOnlyList<string> Categories);

/// <summary>What a feed is about: its title, the page it mirrors and its own address (all absolute).</summary>
public sealed record FeedChannel(string Title, string Description, string PageUrl, string SelfUrl, string Language, IReadOnlyList<FeedItem> Items);

/// <summary>
/// RSS 2.0 and Atom 1.0 written with <see cref="XmlWriter"/>: every text is escaped by the writer, every item carries
/// its own language (<c>xml:lang</c>), every link is absolute.
/// </summary>
public static class FeedWriter
{
    public const string RssType = "application/rss+xml; charset=utf-8";
    public const string AtomType = "application/atom+xml; charset=utf-8";

    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string XmlNs = "http://www.w3.org/XML/1998/namespace";

    public static string Rss(FeedChannel feed, DateTimeOffset now) => Write(w =>
    {
        var channel = Clean(feed);
        w.WriteStartElement("rss");
        w.WriteAttributeString("version", "2.0");
        w.WriteAttributeString("xmlns", "atom", null, AtomNs);
        w.WriteAttributeString("xmlns", "dc", null, "http://purl.org/dc/elements/1.1/");
        w.WriteStartElement("channel");
        w.WriteElementString("title", channel.Title);
        w.WriteElementString("link", channel.PageUrl);
        w.WriteElementString("description", channel.Description);
        w.WriteElementString("language", channel.Language);
        w.WriteElementString("lastBuildDate", Rfc822(channel.Items.Count > 0 ? channel.Items.Max(i => i.Published) : now));
        w.WriteStartElement("atom", "link", AtomNs);
        w.WriteAttributeString("href", channel.SelfUrl);
        w.WriteAttributeString("rel", "self");
        w.WriteAttributeString("type", "application/rss+xml");
        w.WriteEndElement();
        foreach (var item in channel.Items)
        {
            w.WriteStartElement("item");
            Lang(w, item.Language);
            w.WriteElementString("title", item.Title);
            w.WriteElementString("link", item.Link);
            w.WriteStartElement("guid");
            w.WriteAttributeString("isPermaLink", "true");
            w.WriteString(item.Link);
            w.WriteEndElement();
            w.WriteElementString("description", item.Summary);
            w.WriteElementString("dc", "creator", "http://purl.org/dc/elements/1.1/", item.Author);
            w.WriteElementString("pubDate", Rfc822(item.Published));
            foreach (var category in item.Categories)
            {
                w.WriteElementString("category", category);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
    });

    public static string Atom(FeedChannel feed, DateTimeOffset now) => Write(w =>
    {
        var channel = Clean(feed);
        w.WriteStartElement("feed", AtomNs);
        Lang(w, channel.Language);
        w.WriteElementString("id", AtomNs, channel.SelfUrl);
        w.WriteElementString("title", AtomNs, channel.Title);
        w.WriteElementString("subtitle", AtomNs, channel.Description);
        w.WriteElementString("updated", AtomNs, Iso(channel.Items.Count > 0 ? channel.Items.Max(i => i.Published) : now));
        Link(w, "alternate", channel.PageUrl, "text/html");
        Link(w, "self", channel.SelfUrl, "application/atom+xml");
        w.WriteStartElement("generator", AtomNs);
        w.WriteString("Mekong");
        w.WriteEndElement();
        foreach (var item in channel.Items)
        {
            w.WriteStartElement("entry", AtomNs);
            Lang(w, item.Language);
            w.WriteElementString("id", AtomNs, "urn:uuid:" + item.Id.ToString("D", CultureInfo.InvariantCulture));
            w.WriteElementString("title", AtomNs, item.Title);
            Link(w, "alternate", item.Link, "text/html");
            w.WriteElementString("published", AtomNs, Iso(item.Published));
            w.WriteElementString("updated", AtomNs, Iso(item.Published));
            w.WriteStartElement("author", AtomNs);
            w.WriteElementString("name", AtomNs, item.Author);
            w.WriteEndElement();
            foreach (var category in item.Categories)
            {
                w.WriteStartElement("category", AtomNs);
                w.WriteAttributeString("term", category);
                w.WriteEndElement();
            }

            w.WriteStartElement("summary", AtomNs);
            w.WriteAttributeString("type", "text");
            w.WriteString(item.Summary);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();
    });

    /// <summary>Drops the characters XML 1.0 cannot carry (C0 controls, lone surrogates); the writer escapes the rest.</summary>
    public static string Clean(string text)
    {
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!Valid(text, i, out var width))
            {
                firstBad = i;
                break;
            }

            i += width - 1;
        }

        if (firstBad < 0)
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        clean.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (Valid(text, i, out var width))
            {
                clean.Append(text, i, width);
            }

            i += width - 1;
        }

        return clean.ToString();
    }

    private static bool Valid(string text, int i, out int width)
    {
        width = 1;
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return true;
        }

        return XmlConvert.IsXmlChar(c);
    }

    private static FeedChannel Clean(FeedChannel c) => c with
    {
        Title = Clean(c.Title),
        Description = Clean(c.Description),
        Items = [.. c.Items.Select(i => i with
        {
            Title = Clean(i.Title),
            Summary = Clean(i.Summary),
            Author = Clean(i.Author),
            Categories = [.. i.Categories.Select(Clean)],
        })],
    };

    /// <summary>Writes a UTF-8 XML document; the writer escapes every text and attribute.</summary>
    public static string Write(Action<XmlWriter> body)
    {
        var text = new Utf8StringWriter();
        using (var w = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            w.WriteStartDocument();
            body(w);
            w.WriteEndDocument();
        }

        return text.ToString();
    }

    private static void Lang(XmlWriter w, string language)
    {
        if (!string.IsNullOrEmpty(language) && language != Platform.Languages.Undetermined)
        {
            w.WriteAttributeString("xml", "lang", XmlNs, language);
        }
    }

    private static void Link(XmlWriter w, string rel, string href, string type)
    {
        w.WriteStartElement("link", AtomNs);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Rfc822(DateTimeOffset at) => at.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    private sealed class Utf8StringWriter() : StringWriter(CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
