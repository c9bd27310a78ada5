using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;

namespace Mekong.Platform.Content;

/// <summary>
/// Renders member-written Markdown to HTML that is safe to embed: raw HTML in the source is escaped by Markdig,
/// and the result still passes an allow-list sanitizer, so neither a parser quirk nor a crafted link
/// (javascript:, data:) reaches a reader. Links leave with rel="nofollow ugc noopener".
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UsePipeTables()
        .UseListExtras()
        .UseTaskLists()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string markdown)
    {
        string html;
        try
        {
            html = Markdown.ToHtml(markdown, _pipeline);
        }
        catch (ArgumentException) when (!string.IsNullOrEmpty(markdown))
        {
            // Markdig refuses nesting past its depth limit ("> > > …" two hundred deep). The member's words are kept,
            // shown as the plain text they typed rather than lost to an error.
            html = "<p>" + System.Net.WebUtility.HtmlEncode(markdown).ReplaceLineEndings("<br>") + "</p>";
        }

        return _sanitizer.Sanitize(html);
    }

    /// <summary>
    /// The text of member-written Markdown without its markup (excerpts, search, detection). Nesting past Markdig's
    /// depth limit gives the source as typed, like <see cref="ToHtml"/>.
    /// </summary>
    public static string ToPlainText(string markdown)
    {
        try
        {
            return Markdown.ToPlainText(markdown);
        }
        catch (ArgumentException) when (!string.IsNullOrEmpty(markdown))
        {
            return markdown;
        }
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", "nofollow ugc noopener");
                link.RemoveAttribute("target");
            }
        };
        return sanitizer;
    }
}
