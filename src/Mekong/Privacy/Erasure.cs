using Mekong.Accounts;
using Mekong.Audit;
using Mekong.Platform.Data;
using Mekong.Review;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Privacy;

/// <summary>
/// Erases a member: the account and everything personal goes; public contributions are either deleted or kept
/// under the "deleted member" tombstone account (<see cref="DeletedMemberId"/>). One transaction, so a failure
/// leaves the member as they were. The audit log keeps its entries (it is hash-chained and holds ids, never
/// emails or names) and records the erasure itself by id only.
/// </summary>
public sealed class Erasure(
    MekongDb db,
    UserManager<User> users,
    AuditLog audit,
    Exports exports,
    ErasedMembers erased,
    TimeProvider clock,
    ILogger<Erasure> log)
{
    public const string Anonymize = "anonymize";
    public const string Delete = "delete";

    /// <summary>The account anonymized contributions, communities and moderation records are kept under.</summary>
    public static readonly Guid DeletedMemberId = new("00000000-0000-7000-8000-00000000dead");

    /// <summary>What the tombstone account is called in the database; pages show the localized "Deleted member".</summary>
    public const string DeletedMemberName = "Deleted member";

    public static bool IsDeletedMember(Guid id) => id == DeletedMemberId;

    public async Task EraseAsync(Guid member, string contributions, CancellationToken ct = default)
    {
        if (member == DeletedMemberId)
        {
            throw new InvalidOperationException("The tombstone account cannot be erased.");
        }

        var t = DeletedMemberId;
        var now = clock.GetUtcNow();
        var files = await exports.FilesOfAsync(member, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await EnsureTombstoneAsync(ct);

        // Counters kept on posts and communities are recounted for what changes under them.
        var reacted = await db.Reactions.Where(r => r.UserId == member).Select(r => r.PostId).Distinct().ToListAsync(ct);
        var joined = await db.Memberships.Where(m => m.UserId == member).Select(m => m.CommunityId).ToListAsync(ct);
        var commentedOn = await db.Comments.Where(c => c.AuthorId == member).Select(c => c.PostId).Distinct().ToListAsync(ct);
        var postedIn = await db.Posts.Where(p => p.AuthorId == member).Select(p => p.CommunityId).Distinct().ToListAsync(ct);

        // Only about them: gone whatever happens to their contributions.
        await db.Reactions.Where(r => r.UserId == member).ExecuteDeleteAsync(ct);
        await db.Follows.Where(f => f.FollowerId == member || f.FolloweeId == member).ExecuteDeleteAsync(ct);
        await db.Bookmarks.Where(b => b.UserId == member).ExecuteDeleteAsync(ct);
        await db.PostFollows.Where(f => f.UserId == member).ExecuteDeleteAsync(ct);

        // Others' notifications about what the member did name them (args "actor", keyed by "actorId"): gone too.
        var actorKey = "\"actorId\":\"" + member.ToString() + "\"";
        await db.Notifications.Where(n => n.StoredArgs.Contains(actorKey)).ExecuteDeleteAsync(ct);
        await db.PostVisits.Where(v => v.UserId == member).ExecuteDeleteAsync(ct);
        await db.Memberships.Where(m => m.UserId == member).ExecuteDeleteAsync(ct);
        await db.TranslationVotes.Where(v => v.UserId == member).ExecuteDeleteAsync(ct);
        await db.TranslationPreferences.Where(p => p.UserId == member).ExecuteDeleteAsync(ct);
        await db.Notifications.Where(n => n.UserId == member).ExecuteDeleteAsync(ct);
        var email = await db.Users.Where(u => u.Id == member).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (email is not null)
        {
            await db.Set<Platform.Mail.OutboxMail>().Where(m => m.To == email).ExecuteDeleteAsync(ct);
        }

        // Events about what they did carry their id in the payload (the author of a comment, the editor of a post):
        // handled or not, they go. Their handlers only index and notify, which nothing needs for an erased member.
        var memberText = member.ToString();
        await db.Set<Platform.Outbox.OutboxEvent>().Where(e => e.Payload.Contains(memberText)).ExecuteDeleteAsync(ct);
        await db.Set<ConsentRecord>().Where(c => c.UserId == member).ExecuteDeleteAsync(ct);
        await db.Set<ExportJob>().Where(e => e.UserId == member).ExecuteDeleteAsync(ct);
        await db.Reports.Where(r => r.ReporterId == member).ExecuteDeleteAsync(ct);

        // Their profile as moderators saw it (the snapshot holds the display name and bio).
        await db.ReviewItems.Where(i => i.Kind == ContentKind.Profile && i.ContentId == member).ExecuteDeleteAsync(ct);

        var posts = db.Posts.Where(p => p.AuthorId == member).Select(p => p.Id);
        var comments = db.Comments.Where(c => c.AuthorId == member).Select(c => c.Id);
        if (contributions == Delete)
        {
            // Derived copies of their text first: search rows, translation memory and links, review snapshots.
            await db.SearchEntries.Where(e => posts.Contains(e.PostId) || comments.Contains(e.SourceId)).ExecuteDeleteAsync(ct);
            await db.TranslationEntries.Where(e => db.TranslationLinks.Any(l => l.EntryId == e.Id && (posts.Contains(l.ContentId) || comments.Contains(l.ContentId))))
                .ExecuteDeleteAsync(ct);
            await db.TranslationLinks.Where(l => posts.Contains(l.ContentId) || comments.Contains(l.ContentId)).ExecuteDeleteAsync(ct);
            await db.ReviewItems.Where(i => i.AuthorId == member).ExecuteDeleteAsync(ct);
            await db.Appeals.Where(a => a.AuthorId == member).ExecuteDeleteAsync(ct);
            await db.TranslationProposals.Where(p => p.ProposerId == member).ExecuteDeleteAsync(ct);

            // A comment keeps its place in a thread others replied in, without text or author.
            await db.Comments.Where(c => c.AuthorId == member).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Body, "")
                .SetProperty(c => c.BodyHtml, "")
                .SetProperty(c => c.DeletedAt, c => c.DeletedAt ?? now)
                .SetProperty(c => c.AuthorId, t), ct);

            // Notifications about their posts name the post (its title): they go with it.
            foreach (var postId in await db.Posts.Where(p => p.AuthorId == member).Select(p => p.Id).ToListAsync(ct))
            {
                var link = "/p/" + postId.ToString() + "#";
                await db.Notifications.Where(n => n.Link != null && n.Link.Contains(link)).ExecuteDeleteAsync(ct);
            }

            // Their posts, with revisions, the comments under them, reactions, bookmarks and proposals (cascade).
            await db.Posts.Where(p => p.AuthorId == member).ExecuteDeleteAsync(ct);
        }
        else
        {
            await db.Posts.Where(p => p.AuthorId == member).ExecuteUpdateAsync(s => s.SetProperty(p => p.AuthorId, t), ct);
            await db.Comments.Where(c => c.AuthorId == member).ExecuteUpdateAsync(s => s.SetProperty(c => c.AuthorId, t), ct);
            await db.TranslationProposals.Where(p => p.ProposerId == member).ExecuteUpdateAsync(s => s.SetProperty(p => p.ProposerId, t), ct);
            await db.ReviewItems.Where(i => i.AuthorId == member).ExecuteUpdateAsync(s => s.SetProperty(i => i.AuthorId, t), ct);
            await db.Appeals.Where(a => a.AuthorId == member).ExecuteUpdateAsync(s => s.SetProperty(a => a.AuthorId, t), ct);
        }

        // What they did as an editor, moderator or owner stays, under the tombstone.
        await db.PostRevisions.Where(r => r.EditorId == member).ExecuteUpdateAsync(s => s.SetProperty(r => r.EditorId, t), ct);
        await db.Decisions.Where(d => d.AuthorId == member).ExecuteUpdateAsync(s => s.SetProperty(d => d.AuthorId, t), ct);
        await db.Decisions.Where(d => d.ModeratorId == member).ExecuteUpdateAsync(s => s.SetProperty(d => d.ModeratorId, t), ct);
        await db.Appeals.Where(a => a.DeciderId == member).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeciderId, t), ct);
        await db.TranslationProposals.Where(p => p.AcceptedBy == member).ExecuteUpdateAsync(s => s.SetProperty(p => p.AcceptedBy, t), ct);
        await db.Communities.Where(c => c.OwnerId == member).ExecuteUpdateAsync(s => s.SetProperty(c => c.OwnerId, t), ct);
        await db.WatchedTerms.Where(w => w.CreatedBy == member).ExecuteUpdateAsync(s => s.SetProperty(w => w.CreatedBy, t), ct);
        await db.SiteTexts.Where(x => x.UpdatedBy == member).ExecuteUpdateAsync(s => s.SetProperty(x => x.UpdatedBy, t), ct);

        await RecountAsync(reacted.Concat(commentedOn).Distinct().ToList(), joined.Concat(postedIn).Distinct().ToList(), ct);

        // The account: email, name, password hash, security stamp, roles, claims, logins and tokens.
        var user = await users.FindByIdAsync(member.ToString());
        if (user is not null)
        {
            var deleted = await users.DeleteAsync(user);
            if (!deleted.Succeeded)
            {
                throw new InvalidOperationException("Deleting the account failed: " + string.Join("; ", deleted.Errors.Select(e => e.Code)));
            }
        }

        await audit.AppendAsync(member, "member.erase", $"user:{member}", contributions, ct: ct);
        await tx.CommitAsync(ct);
        erased.Add(member);

        foreach (var file in files)
        {
            Exports.DeleteFile(file, log);
        }

        log.LogInformation("Erased member {Member} ({Contributions})", member, contributions);
    }

    private async Task RecountAsync(List<Guid> postIds, List<Guid> communityIds, CancellationToken ct)
    {
        await db.Posts.Where(p => postIds.Contains(p.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.ReactionCount, p => db.Reactions.Count(r => r.PostId == p.Id))
            .SetProperty(p => p.CommentCount, p => db.Comments.Count(c => c.PostId == p.Id && c.DeletedAt == null && c.Moderation == ModerationState.Published)), ct);
        await db.Communities.Where(c => communityIds.Contains(c.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.MemberCount, c => db.Memberships.Count(m => m.CommunityId == c.Id))
            .SetProperty(c => c.PostCount, c => db.Posts.Count(p => p.CommunityId == c.Id && p.DeletedAt == null && p.Moderation == ModerationState.Published)), ct);
    }

    /// <summary>The tombstone is an account no one can sign in to: no email and no password.</summary>
    private async Task EnsureTombstoneAsync(CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.Id == DeletedMemberId, ct))
        {
            return;
        }

        db.Users.Add(new User
        {
            Id = DeletedMemberId,
            UserName = "deleted-member",
            NormalizedUserName = "DELETED-MEMBER",
            DisplayName = DeletedMemberName,
            HomeCountry = "other",
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }
}
