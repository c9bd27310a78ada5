using Mekong.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Communities;

internal sealed class CommunityConfiguration : IEntityTypeConfiguration<Community>
{
    public void Configure(EntityTypeBuilder<Community> b)
    {
        b.ToTable("communities");
        b.HasKey(c => c.Id);
        b.HasIndex(c => c.Slug).IsUnique();
        b.Property(c => c.Slug).HasMaxLength(Platform.Limits.SlugChars).IsRequired();
        b.Property(c => c.Name).HasMaxLength(Platform.Limits.CommunityNameChars).IsRequired();
        b.Property(c => c.Description).HasMaxLength(Platform.Limits.CommunityDescriptionChars).IsRequired();
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Visibility).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.JoinPolicy).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Language).HasMaxLength(16);
        b.HasOne<User>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.CommunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.ToTable("memberships");
        b.HasKey(m => new { m.CommunityId, m.UserId });
        b.HasIndex(m => m.UserId);
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        b.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JoinRequestConfiguration : IEntityTypeConfiguration<JoinRequest>
{
    public void Configure(EntityTypeBuilder<JoinRequest> b)
    {
        b.ToTable("community_join_requests");
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.CommunityId, r.Status });
        b.HasIndex(r => r.UserId);
        b.Property(r => r.Message).HasMaxLength(JoinRequest.MessageChars).IsRequired();
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Community>().WithMany().HasForeignKey(r => r.CommunityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);

        // The decider's id goes with their account: nothing keeps a deleted member's id.
        b.HasOne<User>().WithMany().HasForeignKey(r => r.DecidedBy).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class CommunityInviteConfiguration : IEntityTypeConfiguration<CommunityInvite>
{
    public void Configure(EntityTypeBuilder<CommunityInvite> b)
    {
        b.ToTable("community_invites");
        b.HasKey(i => i.Code);
        b.Property(i => i.Code).HasMaxLength(32);
        b.HasIndex(i => i.CommunityId);
        b.Property(i => i.Uses).IsConcurrencyToken();
        b.HasOne<Community>().WithMany().HasForeignKey(i => i.CommunityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(i => i.CreatedBy).OnDelete(DeleteBehavior.Cascade);
    }
}
