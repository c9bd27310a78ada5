using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Search;

/// <summary>
/// Creates the full-text structures over <c>search_entries</c> (see docs/adr/0005-search.md): an external-content
/// FTS5 table kept in step by triggers on SQLite, a GIN index on <c>to_tsvector('simple', "Tokens")</c> on
/// PostgreSQL. Idempotent; runs at startup after the migrations.
/// </summary>
public static class SearchStore
{
    public static async Task EnsureAsync(MekongDb db, CancellationToken ct = default)
    {
        if (db.Database.IsSqlite())
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var check = connection.CreateCommand();
                check.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'";
                var exists = Convert.ToInt64(await check.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
                await db.Database.ExecuteSqlRawAsync(
                    """
                    CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
                        Tokens, content='search_entries', content_rowid='Id', tokenize='unicode61 remove_diacritics 0');
                    CREATE TRIGGER IF NOT EXISTS search_entries_ai AFTER INSERT ON search_entries BEGIN
                        INSERT INTO search_fts(rowid, Tokens) VALUES (new.Id, new.Tokens);
                    END;
                    CREATE TRIGGER IF NOT EXISTS search_entries_ad AFTER DELETE ON search_entries BEGIN
                        INSERT INTO search_fts(search_fts, rowid, Tokens) VALUES ('delete', old.Id, old.Tokens);
                    END;
                    CREATE TRIGGER IF NOT EXISTS search_entries_au AFTER UPDATE OF Tokens ON search_entries BEGIN
                        INSERT INTO search_fts(search_fts, rowid, Tokens) VALUES ('delete', old.Id, old.Tokens);
                        INSERT INTO search_fts(rowid, Tokens) VALUES (new.Id, new.Tokens);
                    END;
                    """, ct);
                if (!exists)
                {
                    // Rows written before the index existed (an upgraded site) are indexed once.
                    await db.Database.ExecuteSqlRawAsync("INSERT INTO search_fts(search_fts) VALUES ('rebuild');", ct);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync(
                """CREATE INDEX IF NOT EXISTS ix_search_entries_tsv ON search_entries USING GIN (to_tsvector('simple', "Tokens"));""", ct);
        }
    }
}
