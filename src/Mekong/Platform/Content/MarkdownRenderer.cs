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

    public string ToHtml(string markdown) => _sanitizer.Sanitize(Markdown.ToHtml(markdown, _pipeline));

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
