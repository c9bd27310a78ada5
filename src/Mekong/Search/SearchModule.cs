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

/// <summary>
/// Creates the full-text structures before the site serves (the schema is migrated by then: a few milliseconds), then
/// indexes whatever was never indexed in the background: a repair step that finds nothing on a healthy site, and that
/// took half a second of a restart's path to the first page when it ran before the site listened.
/// </summary>
internal sealed class SearchStartup(IServiceScopeFactory scopes, ILogger<SearchStartup> log) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _backfill = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            await SearchStore.EnsureAsync(scope.ServiceProvider.GetRequiredService<MekongDb>(), cancellationToken);
        }

        _backfill = Task.Run(BackfillAsync, CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _backfill.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task BackfillAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var indexed = await SearchStore.BackfillAsync(scope.ServiceProvider.GetRequiredService<MekongDb>(), _stopping.Token);
            if (indexed > 0)
            {
                log.LogInformation("Search: indexed {Count} posts and comments that were missing from the index", indexed);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "Search: indexing what was missing from the index failed; it is tried again at the next start");
        }
    }
}
