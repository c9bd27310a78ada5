using Mekong.Accounts;
using Mekong.Posts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Discussion;

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> b)
    {
        b.ToTable("comments");
        b.HasKey(c => c.Id);
        b.HasIndex(c => new { c.PostId, c.Id });
        b.Property(c => c.Body).IsRequired();
        b.Property(c => c.BodyHtml).IsRequired();
        b.Property(c => c.Language).HasMaxLength(16).IsRequired();
        b.Property(c => c.LanguageSource).HasMaxLength(16).IsRequired();
        b.Property(c => c.Moderation).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Post>().WithMany().HasForeignKey(c => c.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Comment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<User>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReactionConfiguration : IEntityTypeConfiguration<Reaction>
{
    public void Configure(EntityTypeBuilder<Reaction> b)
    {
        b.ToTable("reactions");
        b.HasKey(r => new { r.PostId, r.UserId, r.Kind });
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Post>().WithMany().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FollowConfiguration : IEntityTypeConfiguration<Follow>
{
    public void Configure(EntityTypeBuilder<Follow> b)
    {
        b.ToTable("follows");
        b.HasKey(f => new { f.FollowerId, f.FolloweeId });
        b.HasIndex(f => f.FolloweeId);
        b.HasOne<User>().WithMany().HasForeignKey(f => f.FollowerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(f => f.FolloweeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BookmarkConfiguration : IEntityTypeConfiguration<Bookmark>
{
    public void Configure(EntityTypeBuilder<Bookmark> b)
    {
        b.ToTable("bookmarks");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.UserId, x.PostId }).IsUnique();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Post>().WithMany().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PostFollowConfiguration : IEntityTypeConfiguration<PostFollow>
{
    public void Configure(EntityTypeBuilder<PostFollow> b)
    {
        b.ToTable("post_follows");
        b.HasKey(x => new { x.PostId, x.UserId });
        b.HasIndex(x => x.UserId);
        b.HasOne<Post>().WithMany().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PostVisitConfiguration : IEntityTypeConfiguration<PostVisit>
{
    public void Configure(EntityTypeBuilder<PostVisit> b)
    {
        b.ToTable("post_visits");
        b.HasKey(x => new { x.UserId, x.PostId });
        b.HasOne<Post>().WithMany().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
