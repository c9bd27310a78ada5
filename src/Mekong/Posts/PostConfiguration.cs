using Mekong.Accounts;
using Mekong.Communities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Posts;

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> b)
    {
        b.ToTable("posts");
        b.HasKey(p => p.Id);
        b.HasIndex(p => new { p.CommunityId, p.Id });
        b.HasIndex(p => new { p.AuthorId, p.Id });
        // The few posts readers must not see: search excludes them by this small partial index.
        b.HasIndex(p => p.Id, "ix_posts_hidden").HasFilter("\"DeletedAt\" IS NOT NULL OR \"Moderation\" <> 'Published'");
        b.Property(p => p.Title).HasMaxLength(Platform.Limits.TitleChars).IsRequired();
        b.Property(p => p.Body).IsRequired();
        b.Property(p => p.BodyHtml).IsRequired();
        b.Property(p => p.Excerpt).HasMaxLength(PostComposer.ExcerptChars + 1).IsRequired();
        b.Property(p => p.Tags).HasMaxLength(Platform.Limits.TagsPerPost * (Platform.Limits.TagChars + 1) + 1).IsRequired();
        b.Property(p => p.Language).HasMaxLength(16).IsRequired();
        b.Property(p => p.LanguageSource).HasMaxLength(16).IsRequired();
        b.Property(p => p.Origin).HasMaxLength(8).IsRequired();
        b.Ignore(p => p.TagList);
        b.Ignore(p => p.IsDeleted);
        b.Ignore(p => p.IsPublished);
        b.Property(p => p.Moderation).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Community>().WithMany().HasForeignKey(p => p.CommunityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Revisions).WithOne().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PostRevisionConfiguration : IEntityTypeConfiguration<PostRevision>
{
    public void Configure(EntityTypeBuilder<PostRevision> b)
    {
        b.ToTable("post_revisions");
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.PostId, r.Number }).IsUnique();
        b.Property(r => r.Title).HasMaxLength(Platform.Limits.TitleChars).IsRequired();
        b.Property(r => r.Tags).HasMaxLength(Platform.Limits.TagsPerPost * (Platform.Limits.TagChars + 1) + 1);
        b.Property(r => r.Language).HasMaxLength(16);
    }
}
