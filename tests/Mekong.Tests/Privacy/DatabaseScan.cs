using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Tests.Privacy;

/// <summary>
/// Searches every column of every table the database holds (from its own catalog, so tables EF does not map —
/// Identity's, the SQLite FTS5 index and its shadow tables, the migrations history — are searched too) for text.
/// </summary>
public static class DatabaseScan
{
    /// <summary>"table.column" for each column where <paramref name="needle"/> occurs, case-insensitively.</summary>
    public static async Task<List<string>> FindAsync(MekongDb db, DatabaseProvider provider, string needle, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(ct);
        }

        var columns = new List<(string Table, string Column)>();
        await using (var catalog = connection.CreateCommand())
        {
            catalog.CommandText = provider == DatabaseProvider.Sqlite
                ? "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
                : "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'";
            await using var reader = await catalog.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.True(columns.Count > 50, $"the catalog lists only {columns.Count} columns");
        var found = new List<string>();
        foreach (var (table, column) in columns)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = provider == DatabaseProvider.Sqlite
                ? $"SELECT count(*) FROM \"{table}\" WHERE instr(lower(CAST(\"{column}\" AS TEXT)), lower(@needle)) > 0"
                : $"SELECT count(*) FROM \"{table}\" WHERE strpos(lower(CAST(\"{column}\" AS text)), lower(@needle)) > 0";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@needle";
            parameter.Value = needle;
            command.Parameters.Add(parameter);
            if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                found.Add($"{table}.{column}");
            }
        }

        return found;
    }

    /// <summary>Tables the SQLite full-text index keeps: they hold tokens only, and all of them are searched as well.</summary>
    public static bool IsFullTextShadow(string hit) => hit.StartsWith("search_fts", StringComparison.Ordinal);
}
