using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Glossary;

internal sealed class GlossaryConceptConfiguration : IEntityTypeConfiguration<GlossaryConcept>
{
    public void Configure(EntityTypeBuilder<GlossaryConcept> builder)
    {
        builder.ToTable("glossary_concepts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(GlossaryLimits.ConceptIdChars);
        builder.Property(c => c.Category).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Revision).IsConcurrencyToken();
        builder.HasMany(c => c.Terms).WithOne().HasForeignKey(t => t.ConceptId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.ConceptId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GlossaryNoteConfiguration : IEntityTypeConfiguration<GlossaryNote>
{
    public void Configure(EntityTypeBuilder<GlossaryNote> builder)
    {
        builder.ToTable("glossary_notes");
        builder.HasKey(n => new { n.ConceptId, n.Language });
        builder.Property(n => n.Language).HasMaxLength(10);
        builder.Property(n => n.Text).HasMaxLength(GlossaryLimits.NoteChars);
    }
}

internal sealed class GlossaryTermConfiguration : IEntityTypeConfiguration<GlossaryTerm>
{
    public void Configure(EntityTypeBuilder<GlossaryTerm> builder)
    {
        builder.ToTable("glossary_terms");
        builder.HasKey(t => new { t.ConceptId, t.Language });
        builder.Property(t => t.Language).HasMaxLength(10);
        builder.Property(t => t.Preferred).HasMaxLength(GlossaryLimits.TermChars);
        builder.Property(t => t.Allowed).HasMaxLength((GlossaryLimits.TermChars + 1) * GlossaryLimits.AllowedPerTerm);
        builder.Ignore(t => t.AllowedList);
        builder.HasIndex(t => t.Language);
    }
}

internal sealed class GlossaryStateConfiguration : IEntityTypeConfiguration<GlossaryState>
{
    public void Configure(EntityTypeBuilder<GlossaryState> builder)
    {
        builder.ToTable("glossary_state");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
    }
}

/// <summary>Glossary size limits; docs/api.md lists them.</summary>
public static class GlossaryLimits
{
    public const int ConceptIdChars = 60;
    public const int NoteChars = 2000;
    public const int TermChars = 200;
    public const int AllowedPerTerm = 20;
    public const int ImportBytes = 1024 * 1024;
    public const int ImportRows = 20_000;
    public const int Concepts = 10_000;
}
