using System.Security.Cryptography;

namespace Mekong.Platform.Http;

/// <summary>
/// Headers every response carries — pages, API and static files alike: a strict Content-Security-Policy (scripts only
/// from this site or with the request's nonce, no inline event handlers, no framing), <c>nosniff</c>, a referrer policy.
/// HSTS is added by <c>UseHsts</c> outside Development; cookies are <c>Secure</c> whenever the request came over HTTPS.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "mekong.csp-nonce";

    /// <summary>The nonce that lets one inline script of this response run (<c>&lt;script nonce="…"&gt;</c>).</summary>
    public static string CspNonce(this HttpContext context)
    {
        if (context.Items[NonceKey] is not string nonce)
        {
            context.Items[NonceKey] = nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)); // no character HTML would escape
        }

        return nonce;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Drawn before anything renders, so the header and the page's script tag always agree.
        var nonce = context.CspNonce();
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = Policy(context.Request.Path, nonce);
            return Task.CompletedTask;
        });
        await next(context);
    });

    private static string Policy(PathString path, string nonce)
    {
        // The API reference page (Scalar): its script tags carry the nonce; its components set inline styles. Every
        // source is this site alone (its fonts from the CDN are turned off), so it works offline and leaks no visit.
        if (path.StartsWithSegments("/api/reference", StringComparison.OrdinalIgnoreCase))
        {
            return $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        }

        return $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data: https:; media-src 'self' https:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }
}
