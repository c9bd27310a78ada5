using Microsoft.AspNetCore.Mvc;

namespace Mekong.Platform.Http;

/// <summary>Refuses declared-oversize bodies before anything reads them; Kestrel enforces the same limit on streamed ones.</summary>
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

        await next(context);
    }
}
