using System.Text.Json;
using System.Text.Json.Serialization;
using Mekong.Platform.Http;
using Mekong.Platform.Mail;
using Mekong.Platform.Outbox;
using Mekong.Platform.Telemetry;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Mekong.Platform;

/// <summary>What every feature stands on: HTTP conventions, errors, API description, pages, keys.</summary>
public static class PlatformModule
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            o.SerializerOptions.Converters.Add(new InputTextConverter());
        });
        services.AddRateLimits(builder.Configuration);
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = Limits.RequestBodyBytes);

        services.AddOpenApi(o => o.AddOperationTransformer(ApiDescription.DescribeOperation).AddDocumentTransformer((document, _, _) =>
        {
            ApiDescription.NameOperations(document);
            ApiDescription.DescribeDocument(document);
            document.Info.Title = "Mekong API";
            document.Info.Description = "Communities, posts and discussion across China and Southeast Asia. Errors are RFC 9457 problem details; lists page with opaque cursors.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiDescription.BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "accessToken from POST /api/v1/auth/login",
            };
            return Task.CompletedTask;
        }));

        var keys = builder.Configuration["DataProtection:KeysPath"] ?? Path.Combine("data", "keys");
        services.AddDataProtection().SetApplicationName("Mekong").PersistKeysToFileSystem(new DirectoryInfo(keys));

        services.AddRazorPages(o =>
        {
            // Pages live beside their feature's code (Communities/CommunityPage.cshtml), not in a Pages/ tree.
            o.RootDirectory = "/";
        });
        services.AddAntiforgery(o => o.Cookie.Name = "mekong.af");

        // Pages are mostly Thai, Chinese, Khmer…: emit them as UTF-8 text, not as numeric character references.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.AddMail();
        builder.AddTelemetry();
        builder.AddOutbox();
        return builder;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment() && app.Configuration.GetValue("Security:Hsts", true))
        {
            app.UseHsts(); // only ever sent over HTTPS
        }

        // Cookies (sign-in, antiforgery, language) are Secure whenever the site is served over HTTPS.
        app.UseCookiePolicy(new CookiePolicyOptions { Secure = CookieSecurePolicy.SameAsRequest, MinimumSameSitePolicy = SameSiteMode.Lax });
        app.UseExceptionHandler();

        // API clients get problem documents; a browser (asking for HTML) gets the site's own error page, on any path.
        app.UseWhen(
            ctx => IsApi(ctx.Request) && !Refusal.WantsHtml(ctx.Request),
            api => api.UseStatusCodePages());
        app.UseWhen(
            ctx => !IsApi(ctx.Request) || Refusal.WantsHtml(ctx.Request),
            web => web.UseStatusCodePagesWithReExecute("/status/{0}"));
        app.UseMiddleware<RequestLimits>();
        app.UseStaticFiles();

        // Routing after the status-code pages, so a re-executed /status/404 finds its page.
        app.UseRouting();
        return app;
    }

    /// <summary>After authentication: the endpoint-aware rules (proof of intent, finite numbers), then the rate limits.</summary>
    public static WebApplication UseEndpointGuards(this WebApplication app)
    {
        app.UseMiddleware<EndpointGuards>();
        app.UseRateLimiter();
        return app;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public static WebApplication MapPlatform(this WebApplication app)
    {
        app.MapOpenApi();
        // The reference page works offline and talks to no one but this site: Scalar's script is served from the
        // package's embedded assets, the CDN fonts, the AI agent, MCP, telemetry, the vendor client button and the
        // developer toolbar ("Generate SDK", "Deploy") are off. Protected operations show the bearer scheme.
        app.MapScalarApiReference("/api/reference", (o, context) => o
            .WithNonce(context.CspNonce()) // its script tags carry the response's CSP nonce: no 'unsafe-inline' scripts
            .WithTitle("Mekong API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .HideClientButton()
            .HideDeveloperTools()
            .AddPreferredSecuritySchemes([ApiDescription.BearerScheme]));
        app.MapHealthChecks("/api/v1/health", new HealthCheckOptions
        {
            ResponseWriter = (ctx, report) => ctx.Response.WriteAsJsonAsync(new
            {
                status = report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy",
                database = report.Entries.TryGetValue("database", out var db) && db.Status == HealthStatus.Healthy ? "reachable" : "unreachable",
                durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            }),
        }).WithTags("Platform").WithSummary("Health: is the site up and its database reachable");
        app.MapOutbox();
        app.MapRazorPages();
        app.MapTelemetry();
        return app;
    }
}
