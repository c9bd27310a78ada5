namespace Mekong.Glossary;

public static class GlossaryModule
{
    public static WebApplicationBuilder AddGlossary(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Glossary>();
        builder.Services.AddSingleton<IGlossary>(s => s.GetRequiredService<Glossary>());
        builder.Services.AddScoped<GlossaryStore>();
        builder.Services.AddHostedService<GlossaryStartup>();
        return builder;
    }

    public static IEndpointRouteBuilder MapGlossary(this IEndpointRouteBuilder app)
    {
        GlossaryEndpoints.Map(app);
        return app;
    }
}
