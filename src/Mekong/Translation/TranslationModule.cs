using Mekong.Glossary;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mekong.Translation;

public static class TranslationModule
{
    public static WebApplicationBuilder AddTranslation(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<TranslationOptions>(builder.Configuration.GetSection("Translation"));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IGlossary, EmptyGlossary>();
        // Timeouts are the gateway's (per call, configurable); the client itself never gives up first.
        builder.Services.AddHttpClient(TranslationGateway.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<TranslationGateway>();
        builder.Services.AddSingleton<TranslationFlights>();
        builder.Services.AddScoped<Translator>();
        builder.Services.AddScoped<PostEditing>();
        builder.Services.AddScoped<ReaderTranslation>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTranslation(this IEndpointRouteBuilder app)
    {
        TranslationEndpoints.Map(app);
        return app;
    }
}
