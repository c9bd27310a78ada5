using Microsoft.AspNetCore.Mvc;

namespace Mekong.Platform.Http;

/// <summary>
/// Refuses declared-oversize bodies before anything reads them; Kestrel enforces the same limit on streamed ones.
/// Also refuses U+0000 in the query string, which PostgreSQL cannot compare against (a search would fail with 500).
/// </summary>
internal sealed class RequestLimits(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > Limits.RequestBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"Request bodies are limited to {Limits.RequestBodyBytes} bytes; this one declares {context.Request.ContentLength}.",
                },
            });
            return;
        }

        if (context.Request.QueryString.HasValue
            && context.Request.Query.FirstOrDefault(q => q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)) is { Key: { } field })
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [field] = ["Must not contain the NUL character (U+0000)."],
                })
                {
                    Status = StatusCodes.Status400BadRequest,
                },
            });
            return;
        }

        await next(context);
    }
}
