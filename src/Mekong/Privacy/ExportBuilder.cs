using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Privacy;

/// <summary>
/// Writes everything the site keeps about one member as a ZIP of JSON files: what they wrote (posts with their
/// revisions, comments, translation proposals), what they did (reactions, follows, bookmarks, memberships, votes,
/// reports), what was decided about them, what they were told, and the consents they gave.
/// </summary>
internal sealed class ExportBuilder(MekongDb db, Consent consent)
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>Writes the ZIP to <paramref name="path"/> (through a temporary file) and returns its size.</summary>
    public async Task<long> WriteAsync(Guid member, string path, CancellationToken ct)
    {
        var partial = path + ".partial";
        var files = await CollectAsync(member, ct);
        using (var zip = ZipFile.Open(partial, ZipArchiveMode.Create))
        {
            foreach (var (name, content) in files)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                JsonSerializer.Serialize(stream, content, content.GetType(), Json);
            }
        }

        File.Move(partial, path, overwrite: true);
        return new FileInfo(path).Length;
    }

    private async Task<List<(string Name, object Content)>> CollectAsync(Guid me, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == me, ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == me select r.Name).ToListAsync(ct);
        var logins = await db.UserLogins.AsNoTracking().Where(l => l.UserId == me).Select(l => new { l.LoginProvider, l.ProviderDisplayName }).ToListAsync(ct);
        var profile = new
        {
            user.Id,
            user.Email,
            user.EmailConfirmed,
            user.DisplayName,
            user.Handle,
            user.HomeCountry,
            ReadingLanguages = user.ReadingLanguageList,
            user.InterfaceLanguage,
            user.TimeZone,
            user.Theme,
            user.Bio,
            user.CreatedAt,
            user.SilencedUntil,
            user.TwoFactorEnabled,
            user.LockoutEnd,
            Roles = roles.Order(StringComparer.Ordinal).ToList(),
            ExternalLogins = logins,
            NotificationEmail = (await db.Set<Notifications.NotificationSettings>().AsNoTracking().FirstOrDefaultAsync(n => n.UserId == me, ct))?.Choices,
            TranslationPreference = await db.TranslationPreferences.AsNoTracking().Where(p => p.UserId == me).Select(p => (bool?)p.Automatic).FirstOrDefaultAsync(ct),
        };

        var posts = await db.Posts.AsNoTracking().Include(p => p.Revisions).Where(p => p.AuthorId == me).OrderBy(p => p.Id).ToListAsync(ct);
        var postsOut = posts.Select(p => new
        {
            p.Id,
            p.CommunityId,
            p.Title,
            p.Body,
            Tags = p.TagList,
            p.Language,
            p.Origin,
            p.Revision,
            Moderation = p.Moderation.ToString(),
            p.CreatedAt,
            p.UpdatedAt,
            p.DeletedAt,
            Revisions = p.Revisions.OrderBy(r => r.Number).Select(r => new { r.Number, r.Title, r.Body, r.Tags, r.Language, r.EditorId, r.WrittenAt }),
        }).ToList();
        var comments = await db.Comments.AsNoTracking().Where(c => c.AuthorId == me).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.PostId, c.ParentId, c.Body, c.Language, Moderation = c.Moderation.ToString(), c.CreatedAt, c.DeletedAt }).ToListAsync(ct);
        var reactions = await db.Reactions.AsNoTracking().Where(r => r.UserId == me)
            .Select(r => new { r.PostId, Kind = r.Kind.ToString(), r.CreatedAt }).ToListAsync(ct);
        var following = await db.Follows.AsNoTracking().Where(f => f.FollowerId == me).Select(f => new { Member = f.FolloweeId, f.CreatedAt }).ToListAsync(ct);
        var followers = await db.Follows.AsNoTracking().Where(f => f.FolloweeId == me).Select(f => new { Member = f.FollowerId, f.CreatedAt }).ToListAsync(ct);
        var followedPosts = await db.PostFollows.AsNoTracking().Where(f => f.UserId == me).OrderBy(f => f.CreatedAt).Select(f => new { f.PostId, f.CreatedAt }).ToListAsync(ct);
        var visits = await db.PostVisits.AsNoTracking().Where(v => v.UserId == me).OrderBy(v => v.VisitedAt).Select(v => new { v.PostId, v.VisitedAt }).ToListAsync(ct);
        var bookmarks = await db.Bookmarks.AsNoTracking().Where(b => b.UserId == me).OrderBy(b => b.Id).Select(b => new { b.PostId, b.CreatedAt }).ToListAsync(ct);
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == me).Select(m => new { m.CommunityId, Role = m.Role.ToString(), m.JoinedAt }).ToListAsync(ct);
        var consents = (await consent.HistoryAsync(me, ct)).Select(c => new { c.Choice, c.Granted, c.PolicyVersion, c.At }).ToList();
        var reports = await db.Reports.AsNoTracking().Where(r => r.ReporterId == me).OrderBy(r => r.Id)
            .Join(db.ReviewItems, r => r.ReviewItemId, i => i.Id, (r, i) => new { r.Id, Kind = i.Kind.ToString(), i.ContentId, Reason = r.Reason.ToString(), r.Note, r.CreatedAt })
            .ToListAsync(ct);
        var decisions = await db.Decisions.AsNoTracking().Where(d => d.AuthorId == me).OrderBy(d => d.Id)
            .Join(db.ReviewItems, d => d.ReviewItemId, i => i.Id, (d, i) => new { d.Id, Kind = i.Kind.ToString(), i.ContentId, Action = d.Action.ToString(), d.Days, d.Rule, d.Note, d.CreatedAt })
            .ToListAsync(ct);
        var appeals = await db.Appeals.AsNoTracking().Where(a => a.AuthorId == me).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.DecisionId, a.Statement, Status = a.Status.ToString(), a.Outcome, a.CreatedAt, a.DecidedAt }).ToListAsync(ct);
        var notifications = (await db.Notifications.AsNoTracking().Where(n => n.UserId == me).OrderBy(n => n.Id).ToListAsync(ct))
            .Select(n => new { n.Id, n.Kind, n.Args, n.Link, n.CreatedAt, n.ReadAt }).ToList();
        var proposals = await db.TranslationProposals.AsNoTracking().Where(p => p.ProposerId == me).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.PostId, p.Revision, p.TargetLanguage, p.Text, State = p.State.ToString(), p.CreatedAt }).ToListAsync(ct);
        var votes = await db.TranslationVotes.AsNoTracking().Where(v => v.UserId == me).Select(v => new { v.ProposalId, v.Value, v.At }).ToListAsync(ct);

        return
        [
            ("README.json", new
            {
                About = "Everything Mekong keeps about this account, one JSON file per kind of data. Times are UTC (ISO 8601).",
                Member = me,
                Files = new[]
                {
                    "profile.json", "posts.json", "comments.json", "reactions.json", "follows.json", "bookmarks.json", "memberships.json",
                    "consents.json", "reports.json", "moderation.json", "notifications.json", "translations.json",
                },
            }),
            ("profile.json", profile),
            ("posts.json", postsOut),
            ("comments.json", comments),
            ("reactions.json", reactions),
            ("follows.json", new { Following = following, Followers = followers, Posts = followedPosts, PostVisits = visits }),
            ("bookmarks.json", bookmarks),
            ("memberships.json", memberships),
            ("consents.json", consents),
            ("reports.json", reports),
            ("moderation.json", new { Decisions = decisions, Appeals = appeals }),
            ("notifications.json", notifications),
            ("translations.json", new { Proposals = proposals, Votes = votes }),
        ];
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        return options;
    }
}
