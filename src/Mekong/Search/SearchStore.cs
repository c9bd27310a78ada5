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

    /// <summary>
    /// Indexes every post when no post is indexed, and every comment when no comment is indexed, but the site has
    /// some (the demo seeder, a site that existed before search, a restored backup, an upgrade that re-indexes one
    /// kind). Runs in batches; a no-op on every later start.
    /// </summary>
    public static async Task<int> BackfillAsync(MekongDb db, CancellationToken ct = default)
    {
        const int batch = 500;
        var count = 0;
        var sources = new List<IQueryable<SearchDocument>>();
        if (!await db.SearchEntries.AnyAsync(e => e.Kind == SearchKind.Post, ct) && await db.Posts.AnyAsync(ct))
        {
            sources.Add(db.Posts.AsNoTracking().Where(p => p.DeletedAt == null)
                .Select(p => new SearchDocument(SearchKind.Post, p.Id, p.Id, p.CommunityId, p.Language, p.Title, p.Body, p.CreatedAt)));
        }

        if (!await db.SearchEntries.AnyAsync(e => e.Kind == SearchKind.Comment, ct) && await db.Comments.AnyAsync(ct))
        {
            sources.Add(db.Comments.AsNoTracking().Where(c => c.DeletedAt == null)
                .Join(db.Posts, c => c.PostId, p => p.Id, (c, p) => new SearchDocument(SearchKind.Comment, c.Id, p.Id, p.CommunityId, c.Language, p.Title, c.Body, c.CreatedAt)));
        }

        foreach (var source in sources)
        {
            var documents = await source.ToListAsync(ct);
            foreach (var chunk in documents.Chunk(batch))
            {
                db.SearchEntries.AddRange(chunk.Select(SearchIndexer.Entry));
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                count += chunk.Length;
            }
        }

        return count;
    }
}
