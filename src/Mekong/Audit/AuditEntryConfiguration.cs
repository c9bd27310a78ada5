using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.Action).HasMaxLength(64).IsRequired();
        b.Property(e => e.Subject).HasMaxLength(128).IsRequired();
        b.Property(e => e.Reason).HasMaxLength(2000).IsRequired();
        b.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
        b.Property(e => e.Hash).HasMaxLength(64).IsRequired();
        b.HasIndex(e => e.Subject);
    }
}
