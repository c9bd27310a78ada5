using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Mekong.Platform.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseModule
{
    public const string DefaultSqlite = "Data Source=./data/mekong.db";

    /// <summary>Registers <see cref="MekongDb"/> on the provider named by <c>Database:Provider</c>.</summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        var providerText = builder.Configuration["Database:Provider"] ?? "sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            throw new InvalidOperationException(
                $"Database:Provider is '{providerText}'; use 'sqlite' (the embedded default) or 'postgres'.");
        }

        var connectionString = builder.Configuration.GetConnectionString("Mekong");
        if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Database:Provider is 'postgres' but ConnectionStrings:Mekong is empty; set it, e.g. ConnectionStrings__Mekong='Host=…;Database=mekong;Username=…'.");
        }

        if (provider == DatabaseProvider.Sqlite)
        {
            var sqlite = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite : connectionString);
            var directory = Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            // Pragmas on every connection, and this process's writers queued in order (Platform/Data/SqliteTuning.cs).
            var synchronous = builder.Configuration.GetValue("Database:SqliteSynchronous", SqliteSynchronous.Normal);
            builder.Services.AddSingleton<SqliteWriteGate>();
            builder.Services.AddDbContext<MekongDb, SqliteMekongDb>((sp, o) => o.UseSqlite(sqlite.ConnectionString)
                .AddInterceptors(new SqliteConnectionSetup(synchronous), sp.GetRequiredService<SqliteWriteGate>()), optionsLifetime: OptionsLifetime);
        }
        else
        {
            builder.Services.AddDbContext<MekongDb, PostgresMekongDb>(o => o.UseNpgsql(connectionString), optionsLifetime: OptionsLifetime);
        }

        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>
    /// The context's options are built once for the process, not once per request (their interceptors are singletons);
    /// a request then only creates the context itself. <see cref="Caching.PageCache"/> configures with the same lifetime.
    /// </summary>
    public const ServiceLifetime OptionsLifetime = ServiceLifetime.Singleton;

    /// <summary>
    /// Creates or upgrades the schema; a fresh SQLite file is switched to WAL on the way. A site whose history already
    /// holds every migration of this build skips EF Core's migrator (a plain query instead of seconds of start-up).
    /// Returns whether migrations ran.
    /// </summary>
    public static async Task<bool> MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        if (!await StartChecks.HasPendingMigrationsAsync(db, cancellationToken))
        {
            return false;
        }

        await db.Database.MigrateAsync(cancellationToken);
        return true;
    }
}

/// <summary>Lets <c>dotnet ef migrations add X --context SqliteMekongDb</c> build the model without the host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMekongDb>
{
    public SqliteMekongDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMekongDb>().UseSqlite(DatabaseModule.DefaultSqlite).Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMekongDb>
{
    public PostgresMekongDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMekongDb>().UseNpgsql("Host=localhost;Database=mekong_design").Options);
}

/// <summary>Healthy when the database answers a round trip.</summary>
internal sealed class DatabaseHealthCheck(MekongDb db) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("The database does not answer.");
}
