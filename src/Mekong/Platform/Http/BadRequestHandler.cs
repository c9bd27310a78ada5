using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Mekong.Platform.Http;

/// <summary>
/// Turns the framework's binding failures (malformed JSON, invalid UTF-8, unknown enum names, wrong types,
/// oversized bodies) into problem details that name the offending field. Anything else is a bug: 500.
/// </summary>
internal sealed partial class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var problem = new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "Request body too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                _ => "Malformed request",
            },
            Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"Request bodies are limited to {Limits.RequestBodyBytes} bytes."
                : bad.Message,
        };

        if (FindJsonError(bad) is { } json)
        {
            var field = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
            problem.Detail = $"The JSON body could not be read at {field}: {FirstSentence(json.Message)}";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [FirstSentence(json.Message)] };
        }
        else if (UnboundParameter().Match(bad.Message) is { Success: true } unbound)
        {
            // A query, route or header value that does not parse as the parameter's type (limit=ten, kind=bogus).
            var field = unbound.Groups["name"].Value;
            problem.Detail = $"'{unbound.Groups["value"].Value}' is not a valid value for {field}.";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = ["The value has the wrong type or is not one of the allowed values."] };
        }

        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static JsonException? FindJsonError(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    // The framework's message for a value it cannot bind: Failed to bind parameter "Nullable<int> limit" from "ten".
    [GeneratedRegex("^Failed to bind parameter \"[^\"]* (?<name>[^\" ]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex UnboundParameter();

    private static string FirstSentence(string message)
    {
        // The serializer names our internal types ("could not be converted to Mekong.…"); say what the client can fix.
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "The value has the wrong type or is not one of the allowed values.";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
