using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Mekong.Platform.Content;

/// <summary>
/// Renders member-written Markdown to HTML that is safe to embed: raw HTML in the source is escaped by Markdig,
/// and the result still passes an allow-list sanitizer, so neither a parser quirk nor a crafted link
/// (javascript:, data:) reaches a reader. Links leave with rel="nofollow ugc noopener".
/// </summary>
public sealed class MarkdownRenderer
{
    private const string MentionsKey = "mekong.mentions";

    private readonly MarkdownPipeline _pipeline = CreatePipeline();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string markdown) => ToHtml(markdown, null);

    /// <summary>
    /// As <see cref="ToHtml(string)"/>, and each <c>@handle</c> of a member in <paramref name="mentions"/> (lower-case
    /// handle → member id) becomes a link to their profile; any other @word stays the text it was.
    /// </summary>
    public string ToHtml(string markdown, IReadOnlyDictionary<string, Guid>? mentions)
    {
        string html;
        try
        {
            var context = new MarkdownParserContext();
            if (mentions is { Count: > 0 })
            {
                context.Properties[MentionsKey] = mentions;
            }

            html = Markdown.ToHtml(markdown, _pipeline, context);
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
    /// One line of plain text for excerpts and previews: each block (paragraph, heading, list item, quote, code) keeps
    /// its own words, consecutive list items are separated by " · " and other blocks by a space, so "- rice\n- fish" never reads "ricefish".
    /// </summary>
    public static string ToExcerptText(string markdown)
    {
        Markdig.Syntax.MarkdownDocument document;
        try
        {
            document = Markdown.Parse(markdown);
        }
        catch (ArgumentException) when (!string.IsNullOrEmpty(markdown))
        {
            return markdown.ReplaceLineEndings(" ").Trim();
        }

        var text = new System.Text.StringBuilder();
        var previousInList = false;
        foreach (var leaf in document.Descendants<Markdig.Syntax.LeafBlock>())
        {
            var block = new System.Text.StringBuilder();
            if (leaf.Inline is { } inline)
            {
                foreach (var node in inline.Descendants())
                {
                    switch (node)
                    {
                        case Markdig.Syntax.Inlines.LiteralInline literal:
                            block.Append(literal.Content.AsSpan());
                            break;
                        case Markdig.Syntax.Inlines.CodeInline code:
                            block.Append(code.Content);
                            break;
                        case Markdig.Syntax.Inlines.LineBreakInline:
                            block.Append(' ');
                            break;
                        case Markdig.Syntax.Inlines.HtmlEntityInline entity:
                            block.Append(entity.Transcoded.AsSpan());
                            break;
                        case Markdig.Syntax.Inlines.AutolinkInline link:
                            block.Append(link.Url);
                            break;
                    }
                }
            }
            else if (leaf is Markdig.Syntax.CodeBlock)
            {
                block.Append(leaf.Lines.ToString());
            }

            var words = block.ToString().ReplaceLineEndings(" ").Trim();
            if (words.Length == 0)
            {
                continue;
            }

            var inList = InList(leaf);
            if (text.Length > 0)
            {
                text.Append(inList && previousInList ? " · " : " ");
            }

            text.Append(words);
            previousInList = inList;
        }

        return text.ToString();
    }

    private static bool InList(Markdig.Syntax.Block block)
    {
        for (var parent = block.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is Markdig.Syntax.ListItemBlock)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The text of member-written Markdown without its markup (excerpts, search, detection). Nesting past Markdig's
    /// depth limit gives the source as typed, like <see cref="ToHtml(string)"/>.
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

    private static MarkdownPipeline CreatePipeline()
    {
        var builder = new MarkdownPipelineBuilder()
            .UseEmphasisExtras()
            .UseAutoLinks()
            .UsePipeTables()
            .UseListExtras()
            .UseTaskLists()
            .DisableHtml();
        builder.InlineParsers.Add(new MentionParser());
        return builder.Build();
    }

    /// <summary>
    /// <c>@handle</c> → a link to the member's profile, for the handles the caller resolved; not after a word
    /// character (e-mail addresses) and never inside code, where Markdig does not look for inlines.
    /// </summary>
    private sealed class MentionParser : InlineParser
    {
        public MentionParser() => OpeningCharacters = ['@'];

        public override bool Match(InlineProcessor processor, ref StringSlice slice)
        {
            if (processor.Context?.Properties.TryGetValue(MentionsKey, out var value) != true || value is not IReadOnlyDictionary<string, Guid> mentions)
            {
                return false;
            }

            var previous = slice.PeekCharExtra(-1);
            if (IsHandleChar(previous) || previous is '@' or '.' or '/')
            {
                return false;
            }

            var start = slice.Start + 1;
            var end = start;
            while (end <= slice.End && IsHandleChar(slice.Text[end]))
            {
                end++;
            }

            var length = end - start;
            if (length is < 3 or > 30 || !mentions.TryGetValue(slice.Text.Substring(start, length).ToLowerInvariant(), out var id))
            {
                return false;
            }

            var handle = slice.Text.Substring(start, length).ToLowerInvariant();
            var spanStart = processor.GetSourcePosition(slice.Start, out var line, out var column);
            var link = new LinkInline($"/u/{id}", "")
            {
                IsClosed = true,
                Span = new Markdig.Syntax.SourceSpan(spanStart, spanStart + length),
                Line = line,
                Column = column,
            };
            link.AppendChild(new LiteralInline("@" + handle));
            processor.Inline = link;
            slice.Start = end;
            return true;
        }

        private static bool IsHandleChar(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_';
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
