using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Mekong.Platform.Http;

/// <summary>
/// The rules every request meets before any endpoint reads it, in one place:
/// declared-oversize bodies (413; Kestrel enforces the same limit on streamed ones), a charset other than UTF-8
/// (415: the framework's JSON reader would throw on an unknown one), U+0000 in the query string (PostgreSQL cannot
/// compare against it), and an API page size outside 1..<see cref="Limits.MaxPageSize"/> (400 naming <c>limit</c>).
/// </summary>
internal sealed class RequestLimits(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // A re-executed request (the site's error page for a refused request) was already judged.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(context);
            return;
        }

        var request = context.Request;
        if (request.ContentLength > Limits.RequestBodyBytes)
        {
            await Refusal.WriteAsync(context, problems, new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = $"Request bodies are limited to {Limits.RequestBodyBytes} bytes; this one declares {request.ContentLength}.",
            });
            return;
        }

        if (request.ContentType is { Length: > 0 } contentType && UnsupportedCharset(contentType) is { } charset)
        {
            await Refusal.WriteAsync(context, problems, new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "Unsupported media type",
                Detail = $"Request bodies are read as UTF-8; the charset '{charset}' is not accepted.",
            });
            return;
        }

        if (request.QueryString.HasValue)
        {
            if (request.Query.FirstOrDefault(q => q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)) is { Key: { } field })
            {
                await Refusal.WriteAsync(context, problems, Refusal.Field(field, "Must not contain the NUL character (U+0000)."));
                return;
            }

            if (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                && request.Query.TryGetValue("limit", out var limit)
                && (limit.Count != 1 || !int.TryParse(limit[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > Limits.MaxPageSize))
            {
                await Refusal.WriteAsync(context, problems, Refusal.Field("limit", $"A page holds 1 to {Limits.MaxPageSize} items; '{limit}' is not one of those."));
                return;
            }
        }

        await next(context);
    }

    /// <summary>The declared charset when it is not UTF-8 (JSON is UTF-8 by RFC 8259; forms and CSV are read as UTF-8).</summary>
    private static string? UnsupportedCharset(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null; // an unparsable type is refused by the endpoint that reads the body (415 or 400)
        }

        if (!media.Charset.HasValue)
        {
            return null;
        }

        // Named but empty (charset="") is as unreadable to the framework as an unknown name.
        var charset = media.Charset.Value!.Trim('"');
        return string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase) || string.Equals(charset, "utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : media.Charset.Value;
    }
}

/// <summary>
/// Writes a refusal as a problem document for clients that read one; a client that asked only for HTML gets the
/// status alone, which the site's error page (/status/{code}) then renders.
/// </summary>
public static class Refusal
{
    public static async Task WriteAsync(HttpContext context, IProblemDetailsService problems, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;

        // No writer for the client's Accept (text/html only) leaves the body empty: the status-code pages then answer
        // with the site's error page.
        await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    public static HttpValidationProblemDetails Field(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] }) { Status = StatusCodes.Status400BadRequest };

    /// <summary>A browser navigating (Accept: text/html and no JSON), as opposed to an API client.</summary>
    public static bool WantsHtml(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("text/html", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("json", StringComparison.OrdinalIgnoreCase);
    }
}
