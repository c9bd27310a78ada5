using Mekong.Glossary;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Glossary;

/// <summary>The glossary service on a real database: seeded at startup, versioned, and reflecting edits at once.</summary>
public sealed class GlossaryStoreTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Starter_glossary_is_seeded_once_and_loaded_for_matching(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var glossary = app.Service<IGlossary>();
        Assert.True(glossary.Version >= 1);
        Assert.NotEmpty(glossary.Match("Chúc mừng năm mới! Tết này về quê.", "vi"));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        Assert.True(await db.GlossaryConcepts.CountAsync(Ct) >= 60);
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<GlossaryStore>().SeedStarterAsync(Ct)); // idempotent
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Every_edit_bumps_the_persisted_version_and_the_matcher_reflects_it_at_once(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var glossary = app.Service<IGlossary>();
        var id = "test-" + Guid.NewGuid().ToString("N")[..8];
        await using var scope = app.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<GlossaryStore>();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        var errors = new Mekong.Platform.Http.Errors();

        var before = glossary.Version;
        var input = new ConceptInput(id, "food", "A test dish.", [new("th", "ขนมครกสิงคโปร์", null), new("en", "Singapore kanom krok", ["kanom krok"])]);
        Assert.NotNull(await store.CreateAsync(GlossaryStore.Validate(input, errors)!, errors, Ct));
        Assert.False(errors.Any);
        var created = glossary.Version;
        Assert.True(created > before);
        Assert.Equal(created, await db.GlossaryStates.Select(s => s.Version).SingleAsync(Ct));
        Assert.Contains(glossary.Match("วันนี้กินขนมครกสิงคโปร์อร่อยมาก", "th"), m => m.ConceptId == id);

        var changed = input with { Terms = [new("th", "ขนมครกญวน", null), new("en", "Vietnamese kanom krok", null)] };
        var (view, stale) = await store.UpdateAsync(GlossaryStore.Validate(changed, errors)!, 1, Ct);
        Assert.False(stale);
        Assert.Equal(2, view!.Revision);
        Assert.True(glossary.Version > created);
        Assert.DoesNotContain(glossary.Match("วันนี้กินขนมครกสิงคโปร์อร่อยมาก", "th"), m => m.ConceptId == id);
        Assert.Contains(glossary.Match("วันนี้กินขนมครกญวนอร่อยมาก", "th"), m => m.ConceptId == id);
        Assert.True((await store.UpdateAsync(GlossaryStore.Validate(changed, errors)!, 1, Ct)).Stale); // revision 1 is gone

        var updated = glossary.Version;
        Assert.True(await store.DeleteAsync(id, Ct));
        Assert.True(glossary.Version > updated);
        Assert.Empty(glossary.Match("ขนมครกญวน", "th"));
    }
}
