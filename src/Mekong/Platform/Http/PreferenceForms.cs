using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Mekong.Platform.Http;

/// <summary>
/// The preference switches in every page's header (interface language, theme). A member's page carries the antiforgery
/// token and a member's switch must send it back. A visitor's page carries none, so that it can be cached and shared
/// (<see cref="Caching.PageCache"/>); a visitor's switch proves intent instead by coming from a page of this site: the browser's
/// <c>Sec-Fetch-Site: same-origin</c> or an <c>Origin</c> naming this host (OWASP's origin check). A valid token is
/// accepted from anyone. A request with neither is refused as before.
/// </summary>
internal static class PreferenceForms
{
    public static RouteHandlerBuilder ProvedBySameOriginOrToken(this RouteHandlerBuilder endpoint) => endpoint
        .DisableAntiforgery()
        .AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            var member = http.User.Identity?.IsAuthenticated == true;
            if ((!member && SameOrigin(http.Request)) || await antiforgery.IsRequestValidAsync(http))
            {
                return await next(invocation);
            }

            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Missing or invalid antiforgery token",
                Detail = "Send the form from this site's page: a member's form carries the antiforgery token.",
            });
        });

    private static bool SameOrigin(HttpRequest request)
    {
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "same-origin", StringComparison.Ordinal))
        {
            return true;
        }

        return Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
            && request.Host.HasValue
            && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
