using System.Globalization;
using System.Text;
using Mekong.Platform;
using Mekong.Platform.Content;
using Mekong.Platform.Http;

namespace Mekong.Posts;

/// <summary>Checks what an author wrote and renders it: the one door into <see cref="PostContent"/>.</summary>
public sealed class PostComposer(MarkdownRenderer markdown)
{
    public const int ExcerptChars = 280;

    public PostContent? Compose(string? title, string? body, IReadOnlyList<string>? tags, string? language, Errors errors)
    {
        var t = errors.Required("title", title, Limits.TitleChars);
        var b = errors.Body("body", body, Limits.PostBodyBytes);
        var tagList = Tags(tags, errors);
        var lang = errors.Language("language", language, Languages.Undetermined);
        if (errors.Any)
        {
            return null;
        }

        return new PostContent(t!, b!, markdown.ToHtml(b!), Excerpt(b!), tagList, lang);
    }

    public static string Excerpt(string markdownText)
    {
        var plain = MarkdownRenderer.ToExcerptText(markdownText);
        if (plain.Length <= ExcerptChars)
        {
            return plain;
        }

        // Cut on a text element so a Thai vowel or an emoji is never split from its base.
        var cut = StringInfo.ParseCombiningCharacters(plain).LastOrDefault(i => i <= ExcerptChars - 1);
        return plain[..cut] + "…";
    }

    private static List<string> Tags(IReadOnlyList<string>? tags, Errors errors)
    {
        var result = new List<string>();
        if (tags is null)
        {
            return result;
        }

        if (tags.Count > Limits.TagsPerPost)
        {
            errors.Add("tags", $"At most {Limits.TagsPerPost} tags.");
            return result;
        }

        for (var i = 0; i < tags.Count; i++)
        {
            var tag = (tags[i] ?? "").Trim().TrimStart('#').Normalize(NormalizationForm.FormC).ToLowerInvariant();
            if (tag.Length == 0 || tag.Length > Limits.TagChars || !tag.All(c => char.IsLetterOrDigit(c) || c == '-' || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
            {
                errors.Add($"tags[{i}]", $"Tags are 1 to {Limits.TagChars} letters, digits or hyphens.");
            }
            else if (!result.Contains(tag))
            {
                result.Add(tag);
            }
        }

        return result;
    }
}
