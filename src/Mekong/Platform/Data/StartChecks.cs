using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Mekong.Platform.Data;

/// <summary>
/// Cheap questions the start path asks before doing expensive work: plain SQL on the context's connection, so a
/// restarted site neither builds EF Core's migration pipeline nor compiles a LINQ query to learn there is nothing to do.
/// </summary>
public static class StartChecks
{
    private const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>True when some migration in this build is not in the database's history (a new or an older site).</summary>
    public static async Task<bool> HasPendingMigrationsAsync(MekongDb db, CancellationToken ct = default)
    {
        var known = db.Database.GetMigrations().ToList();
        if (!db.Database.IsSqlite() && !await db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            return true; // a new PostgreSQL site whose database is not created yet: the migrator creates it
        }

        var tableExists = db.Database.IsSqlite()
            ? $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{HistoryTable}'"
            : $"SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = '{HistoryTable}' AND schemaname = ANY (current_schemas(false))";
        if ((await ColumnAsync(db, tableExists, ct)) is not [var count] || count is "0")
        {
            return known.Count > 0;
        }

        var applied = (await ColumnAsync(db, $"""SELECT "MigrationId" FROM "{HistoryTable}" """, ct)).ToHashSet(StringComparer.Ordinal);
        return known.Any(m => !applied.Contains(m));
    }

    /// <summary>The first column of every row, as text (null as the empty string).</summary>
    public static async Task<List<string>> ColumnAsync(MekongDb db, string sql, CancellationToken ct = default)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            var values = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                values.Add(reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }

            return values;
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
