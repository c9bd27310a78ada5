using Mekong.Platform.Data;

namespace Mekong.Tests.Platform;

/// <summary>Every database test runs once per provider: the embedded default and production PostgreSQL.</summary>
public static class Databases
{
    public static TheoryData<DatabaseProvider> Both => new(DatabaseProvider.Sqlite, DatabaseProvider.Postgres);
}

/// <summary>One running app per provider, shared by the tests of a class; each test makes its own users and data.</summary>
public sealed class Apps(PostgresServer postgres) : IAsyncDisposable
{
    private readonly Dictionary<DatabaseProvider, Task<MekongApp>> _apps = [];

    /// <summary>The test run's PostgreSQL server, for a test that needs an app of its own.</summary>
    public PostgresServer Postgres => postgres;
    private readonly Lock _gate = new();

    public Task<MekongApp> For(DatabaseProvider provider)
    {
        lock (_gate)
        {
            if (!_apps.TryGetValue(provider, out var app))
            {
                _apps[provider] = app = MekongApp.StartAsync(provider, postgres);
            }

            return app;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await (await app).DisposeAsync();
        }
    }
}
