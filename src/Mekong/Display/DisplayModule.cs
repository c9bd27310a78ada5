using Mekong.Platform.Http;

namespace Mekong.Display;

/// <summary>How pages look to each reader: theme (light, dark, system), time zone, relative times.</summary>
public static class DisplayModule
{
    public static WebApplicationBuilder AddDisplay(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ReaderDisplay>();
        return builder;
    }

    public static WebApplication MapDisplay(this WebApplication app)
    {
        app.MapPost("/theme", ThemeEndpoint.Switch).ExcludeFromDescription().ProvedBySameOriginOrToken();
        return app;
    }
}
