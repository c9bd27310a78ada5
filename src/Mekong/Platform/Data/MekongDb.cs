using Mekong.Accounts;
using Mekong.Audit;
using Mekong.Communities;
using Mekong.Discussion;
using Mekong.Glossary;
using Mekong.Notifications;
using Mekong.Platform.Content;
using Mekong.Posts;
using Mekong.Review;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mekong.Platform.Data;

/// <summary>
/// The one database of the application. Each provider has a sealed subclass so that each keeps its own
/// migrations (SQLite and PostgreSQL differ in types); features only ever see <see cref="MekongDb"/>.
/// </summary>
public abstract class MekongDb(DbContextOptions options) : IdentityDbContext<User, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<PostRevision> PostRevisions => Set<PostRevision>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<Reaction> Reactions => Set<Reaction>();
    public DbSet<Follow> Follows => Set<Follow>();
    public DbSet<Bookmark> Bookmarks => Set<Bookmark>();
    public DbSet<PostFollow> PostFollows => Set<PostFollow>();
    public DbSet<PostVisit> PostVisits => Set<PostVisit>();
    public DbSet<WatchedTerm> WatchedTerms => Set<WatchedTerm>();
    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<Decision> Decisions => Set<Decision>();
    public DbSet<Appeal> Appeals => Set<Appeal>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationSettings> NotificationSettings => Set<NotificationSettings>();
    public DbSet<SiteText> SiteTexts => Set<SiteText>();
    public DbSet<Search.SearchEntry> SearchEntries => Set<Search.SearchEntry>();
    public DbSet<GlossaryConcept> GlossaryConcepts => Set<GlossaryConcept>();
    public DbSet<GlossaryTerm> GlossaryTerms => Set<GlossaryTerm>();
    public DbSet<GlossaryState> GlossaryStates => Set<GlossaryState>();
    public DbSet<Translation.TranslationEntry> TranslationEntries => Set<Translation.TranslationEntry>();
    public DbSet<Translation.TranslationLink> TranslationLinks => Set<Translation.TranslationLink>();
    public DbSet<Translation.TranslationProposal> TranslationProposals => Set<Translation.TranslationProposal>();
    public DbSet<Translation.TranslationVote> TranslationVotes => Set<Translation.TranslationVote>();
    public DbSet<Translation.TranslationPreference> TranslationPreferences => Set<Translation.TranslationPreference>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AuditEntry.RefuseRewrites(ChangeTracker);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AuditEntry.RefuseRewrites(ChangeTracker);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MekongDb).Assembly);

        // Ids are UUIDv7 made by the application when an entity is created; EF must never treat an entity added
        // through a navigation (a post's new revision) as an existing row just because its key is set.
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (entity.FindPrimaryKey()?.Properties is [{ ClrType: var type } key] && type == typeof(Guid))
            {
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }
}

public sealed class SqliteMekongDb(DbContextOptions<SqliteMekongDb> options) : MekongDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no timestamp type: store UTC ticks so ORDER BY and range filters work in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresMekongDb(DbContextOptions<PostgresMekongDb> options) : MekongDb(options);
