using Mekong.Platform.Data;

namespace Mekong.Search;

public static class SearchModule
{
    public static WebApplicationBuilder AddSearch(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ISearchIndexer, SearchIndexer>();
        builder.Services.AddScoped<SearchQueries>();
        builder.Services.AddHostedService<SearchStartup>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        SearchEndpoints.Map(app);
        return app;
    }
}

/// <summary>Creates the full-text structures before the site serves (the schema is migrated by then).</summary>
internal sealed class SearchStartup(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        await SearchStore.EnsureAsync(db, cancellationToken);
        await SearchStore.BackfillAsync(db, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
