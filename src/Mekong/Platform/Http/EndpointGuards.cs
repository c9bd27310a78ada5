using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Mekong.Platform.Http;

/// <summary>
/// Rules that need to know the endpoint a request reached, checked once for all of them:
/// <list type="bullet">
/// <item>A write must prove intent. A browser sends the sign-in cookie with any request, so a write authenticated by
/// the cookie alone (no bearer token) needs the antiforgery token (form field or <c>RequestVerificationToken</c>
/// header) — on the API as on the pages. Bearer-token clients prove intent by holding the token.</item>
/// <item>Floating-point query and route values must be finite: NaN and ±Infinity parse as numbers, but no field means
/// them (and SQLite cannot store NaN).</item>
/// </list>
/// </summary>
internal sealed class EndpointGuards(RequestDelegate next, IAntiforgery antiforgery, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(context);
            return;
        }

        if (NonFinite(context, endpoint) is { } field)
        {
            await Refusal.WriteAsync(context, problems, Refusal.Field(field, "Must be a finite number (NaN and Infinity are not accepted)."));
            return;
        }

        if (NeedsProofOfIntent(context, endpoint) && !await antiforgery.IsRequestValidAsync(context))
        {
            await Refusal.WriteAsync(context, problems, new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Missing or invalid antiforgery token",
                Detail = "A write signed in by cookie must carry the antiforgery token (form field or RequestVerificationToken header); API clients may use a bearer token instead.",
            });
            return;
        }

        await next(context);
    }

    private static bool NeedsProofOfIntent(HttpContext context, Endpoint endpoint)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
        {
            return false;
        }

        // An endpoint that asks for the token (a form endpoint) gets it checked here for everyone, signed in or not:
        // left to form binding, a missing token would surface as an exception.
        var metadata = endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>();
        if (metadata is { RequiresValidation: true })
        {
            return true;
        }

        if (context.User.Identity?.IsAuthenticated != true || IsBearer(context.Request))
        {
            return false;
        }

        // An endpoint that opts out explicitly ([IgnoreAntiforgeryToken]) keeps its choice.
        return metadata is not { RequiresValidation: false };
    }

    /// <summary>The same test Identity's combined scheme makes: a bearer token, when present, is what authenticated.</summary>
    private static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static string? NonFinite(HttpContext context, Endpoint endpoint)
    {
        foreach (var parameter in endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>())
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterInfo.ParameterType) ?? parameter.ParameterInfo.ParameterType;
            if (type != typeof(double) && type != typeof(float) && type != typeof(decimal))
            {
                continue;
            }

            var values = context.Request.RouteValues.TryGetValue(parameter.Name, out var route) && route is string r
                ? [r]
                : context.Request.Query.TryGetValue(parameter.Name, out var query) ? query.ToArray() : [];
            foreach (var value in values)
            {
                if (double.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number) && !double.IsFinite(number))
                {
                    return parameter.Name;
                }
            }
        }

        return null;
    }
}
