using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Mekong.Accounts;
using Mekong.Platform;
using Mekong.Platform.Content;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Fuzz;

/// <summary>A harness input broke an invariant that must hold for every input (not an exception the platform expects).</summary>
public sealed class FuzzFindingException(string message) : Exception(message);

/// <summary>
/// The entry points the fuzzer drives. Each takes raw bytes and throws only for a defect: an exception the
/// platform would turn into a 500, or output that breaks a safety invariant.
/// </summary>
public static class Harnesses
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["markdown"] = Markdown,
        ["json"] = Json,
    };

    private static readonly MarkdownRenderer Renderer = new();
    private static readonly HtmlParser Parser = new();
    private static readonly string[] SafeSchemes = ["http:", "https:", "mailto:"];

    /// <summary>The app's own serializer options (PlatformModule.AddPlatform), read from its service collection.</summary>
    private static readonly JsonSerializerOptions Options = AppJsonOptions();

    /// <summary>Every request record the endpoints bind from JSON: the types named *Input or *Request in the app (new ones join by name).</summary>
    public static readonly Type[] RequestTypes = typeof(MarkdownRenderer).Assembly.GetTypes()
        .Where(t => t.Name.EndsWith("Input", StringComparison.Ordinal) || t.Name.EndsWith("Request", StringComparison.Ordinal))
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && t.GetMethod("<Clone>$") is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Member-written Markdown to HTML: must not throw, and the HTML must carry no script, handler or unsafe link.</summary>
    public static void Markdown(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var html = Renderer.ToHtml(text);
        var document = Parser.ParseDocument("<body>" + html + "</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            if (element.LocalName is "script" or "style" or "iframe" or "object" or "embed" or "form" or "base" or "meta" or "link" or "svg" or "math")
            {
                throw new FuzzFindingException($"<{element.LocalName}> in rendered Markdown: {Cut(element.OuterHtml)}");
            }

            foreach (var attribute in element.Attributes)
            {
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || attribute.Name is "style" or "srcdoc" or "formaction")
                {
                    throw new FuzzFindingException($"attribute {attribute.Name} in rendered Markdown: {Cut(element.OuterHtml)}");
                }

                if (attribute.Name is "href" or "src" && !SafeAddress(attribute.Value))
                {
                    throw new FuzzFindingException($"unsafe {attribute.Name}=\"{Cut(attribute.Value)}\" in rendered Markdown");
                }
            }
        }
    }

    /// <summary>
    /// A JSON request body: the first byte picks the request type, the rest is the body. Deserialized with the app's
    /// options, then through the validation the endpoints run. A JsonException is the 400 the app answers; anything else
    /// thrown would be a 500.
    /// </summary>
    public static void Json(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var type = RequestTypes[input[0] % RequestTypes.Length];
        object? value;
        try
        {
            value = JsonSerializer.Deserialize(input.AsSpan(1), type, Options);
        }
        catch (JsonException)
        {
            return;
        }

        if (value is null)
        {
            return;
        }

        var errors = new Errors();
        foreach (var (name, text) in Strings(value, "", 0))
        {
            errors.Optional(name, text, 300);
            errors.Body(name, text, 100 * 1024);
        }

        if (value is ProfileInput profile)
        {
            profile.ApplyTo(new User(), errors);
        }

        _ = JsonSerializer.Serialize(value, type, Options); // and back: what the API writes must be writable
    }

    /// <summary>Tokens the mutation driver inserts, per harness.</summary>
    public static byte[][] Dictionary(string harness) => (harness switch
    {
        "markdown" => new[]
        {
            "[", "](", ")", "![", "javascript:", "JaVaScRiPt:", "data:text/html,", "<", ">", "<script>", "<img src=x onerror=", "*", "**", "_", "`", "```",
            "|", "|---|", "\n", "\r\n", "    ", "&#", "&#x6a;", "&amp;", "\u0000", "- [ ] ", "1. ", "> ", "# ", "http://", "www.", "mailto:", "\\", "\"", "'",
            "\u202E", "\uFEFF", "<!--", "-->", "<a href=\"", "<svg/onload=",
        },
        _ => new[]
        {
            "{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "0", "-1", "1e309", "2147483648", "-0", "\"NaN\"", "\"Infinity\"", "\\u0000", "\\ud800",
            "\\udc00", "\"\\u0000\"", "\"title\":", "\"body\":", "\"tags\":", "\"terms\":", "\"kind\":", "\"id\":", "\"readingLanguages\":", "\"post\"", "\"spam\"",
            "\"00000000-0000-0000-0000-000000000000\"", "\"$type\":", "\"$ref\":", "\"$id\":", "\xEF\xBB\xBF", "\\\"", "/*", "*/", "[[[[[[[[[[",
        },
    }).Select(Encoding.UTF8.GetBytes).ToArray();

    private static IEnumerable<(string Name, string Text)> Strings(object value, string path, int depth)
    {
        if (depth > 8)
        {
            yield break;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var item = property.GetValue(value);
            var name = path + property.Name;
            switch (item)
            {
                case string text:
                    yield return (name, text);
                    break;
                case IEnumerable list:
                    var i = 0;
                    foreach (var element in list)
                    {
                        if (element is string s)
                        {
                            yield return ($"{name}[{i}]", s);
                        }
                        else if (element is not null && element.GetType().GetMethod("<Clone>$") is not null)
                        {
                            foreach (var inner in Strings(element, $"{name}[{i}].", depth + 1))
                            {
                                yield return inner;
                            }
                        }

                        i++;
                    }

                    break;
            }
        }
    }

    private static bool SafeAddress(string address)
    {
        var trimmed = address.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var slash = trimmed.IndexOfAny(['/', '?', '#']);
        return colon < 0 || (slash >= 0 && slash < colon) || SafeSchemes.Any(s => trimmed.StartsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    private static string Cut(string text) => text.Length > 160 ? text[..160] + "…" : text;

    private static JsonSerializerOptions AppJsonOptions()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddPlatform();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
    }
}
