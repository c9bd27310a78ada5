using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Translation;

internal sealed class TranslationEntryConfiguration : IEntityTypeConfiguration<TranslationEntry>
{
    public void Configure(EntityTypeBuilder<TranslationEntry> e)
    {
        e.ToTable("TranslationEntries");
        e.HasKey(x => x.Id);
        e.Property(x => x.Key).HasMaxLength(64);
        e.HasIndex(x => x.Key).IsUnique();
        e.Property(x => x.SourceLanguage).HasMaxLength(16);
        e.Property(x => x.TargetLanguage).HasMaxLength(16);
        e.Property(x => x.Provider).HasMaxLength(32);
        e.Property(x => x.Model).HasMaxLength(200);
        e.Property(x => x.Concepts).HasMaxLength(4000);
        e.Property(x => x.MissingConcepts).HasMaxLength(4000);
        e.HasIndex(x => new { x.SourceLanguage, x.TargetLanguage, x.CreatedAt });
    }
}

internal sealed class TranslationLinkConfiguration : IEntityTypeConfiguration<TranslationLink>
{
    public void Configure(EntityTypeBuilder<TranslationLink> e)
    {
        e.ToTable("TranslationLinks");
        e.HasKey(x => x.Id);
        e.Property(x => x.TargetLanguage).HasMaxLength(16);
        e.HasIndex(x => new { x.Kind, x.ContentId, x.TargetLanguage }).IsUnique();
        e.HasOne<TranslationEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TranslationProposalConfiguration : IEntityTypeConfiguration<TranslationProposal>
{
    public void Configure(EntityTypeBuilder<TranslationProposal> e)
    {
        e.ToTable("TranslationProposals");
        e.HasKey(x => x.Id);
        e.Property(x => x.TargetLanguage).HasMaxLength(16);
        e.HasIndex(x => new { x.PostId, x.TargetLanguage, x.State });
        e.HasOne<Posts.Post>().WithMany().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.ProposerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TranslationVoteConfiguration : IEntityTypeConfiguration<TranslationVote>
{
    public void Configure(EntityTypeBuilder<TranslationVote> e)
    {
        e.ToTable("TranslationVotes");
        e.HasKey(x => new { x.ProposalId, x.UserId });
        e.HasOne<TranslationProposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TranslationPreferenceConfiguration : IEntityTypeConfiguration<TranslationPreference>
{
    public void Configure(EntityTypeBuilder<TranslationPreference> e)
    {
        e.ToTable("TranslationPreferences");
        e.HasKey(x => x.UserId);
        e.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
