using Mekong.Platform.Data;
using Mekong.Search;
using Mekong.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Glossary;

/// <summary>
/// Upgrading a site across the Polish migration: each concept's one note becomes its English note (notes are per
/// language now), and comment rows of the search index, which carried their post's title, are dropped to be indexed
/// again without it. An app of its own, because the test takes the schema back.
/// </summary>
public sealed class GlossaryNotesMigrationTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Existing_notes_become_english_notes_and_comment_index_rows_are_rebuilt(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("upgrade");
        var slug = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = await author.CreatePostAsync(slug, "Bánh mì", "Tiệm bánh mì đầu ngõ mở cửa từ năm giờ sáng.", language: "vi");
        var comment = await author.CommentAsync(post.Id(), "Pate ở đó ngon lắm.");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        var migrations = db.Database.GetMigrations().ToList();
        var polish = migrations.FindIndex(m => m.EndsWith("_Polish", StringComparison.Ordinal));
        Assert.True(polish > 0, "no Polish migration after another: " + string.Join(", ", migrations));
        var migrator = db.GetService<IMigrator>();

        await migrator.MigrateAsync(migrations[polish - 1], Ct);
        var id = "upgrade-" + Guid.NewGuid().ToString("N")[..8];
        object at = provider == DatabaseProvider.Sqlite ? 0L : DateTimeOffset.UtcNow;
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO glossary_concepts ("Id", "Category", "Note", "CreatedAt", "UpdatedAt", "Revision")
            VALUES ({id}, 'Food', 'A note written before notes were per language.', {at}, {at}, 1)
            """, Ct);
        await db.Database.ExecuteSqlAsync($"""INSERT INTO glossary_terms ("ConceptId", "Language", "Preferred", "Allowed") VALUES ({id}, 'vi', 'bánh mì', '')""", Ct);
        Assert.True(await db.SearchEntries.AnyAsync(e => e.SourceId == comment.Id(), Ct));

        await migrator.MigrateAsync(cancellationToken: Ct);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        var concept = await db.GlossaryConcepts.AsNoTracking().Include(c => c.Notes).SingleAsync(c => c.Id == id, Ct);
        var note = Assert.Single(concept.Notes);
        Assert.Equal(("en", "A note written before notes were per language."), (note.Language, note.Text));
        Assert.False(await db.SearchEntries.AnyAsync(e => e.Kind == SearchKind.Comment, Ct));

        Assert.True(await SearchStore.BackfillAsync(db, Ct) >= 1);
        var entry = await db.SearchEntries.AsNoTracking().SingleAsync(e => e.SourceId == comment.Id(), Ct);
        Assert.Equal(SearchText.Prepare("Pate ở đó ngon lắm."), entry.Tokens); // its own words, not its post's title
    }
}
