using Mekong.Accounts;
using Mekong.Communities;
using Mekong.Platform.Content;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Notifications;

/// <summary>
/// @mentions in posts and comments: the links they become in the rendered text, and the notification each newly
/// mentioned member gets. A handle nobody has stays plain text and tells no one anything; a member who cannot read
/// the community (members-only, not a member) is not told either, so a mention never leaks a title.
/// </summary>
public sealed class MentionNotices(MekongDb db, MarkdownRenderer markdown, MemberHandles handles, Notifier notifier)
{
    /// <summary>The text as HTML, with mentions of existing members linked to their profiles.</summary>
    public async Task<string> HtmlAsync(string body, CancellationToken ct = default) =>
        markdown.ToHtml(body, await ResolveAsync(body, ct));

    /// <summary>The existing members a text mentions: handle → id.</summary>
    public Task<Dictionary<string, Guid>> ResolveAsync(string body, CancellationToken ct = default) =>
        handles.ResolveAsync(MemberHandles.MentionsIn(body), ct);

    /// <summary>Notifies the members <paramref name="body"/> mentions and <paramref name="previousBody"/> did not.</summary>
    public async Task NotifyAsync(MentionContext where, string body, string? previousBody = null, CancellationToken ct = default)
    {
        var before = MemberHandles.MentionsIn(previousBody).ToHashSet(StringComparer.Ordinal);
        var added = MemberHandles.MentionsIn(body).Where(h => !before.Contains(h)).ToList();
        if (added.Count == 0)
        {
            return;
        }

        var ids = (await handles.ResolveAsync(added, ct)).Values.Where(id => id != where.ActorId).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var community = await db.Communities.AsNoTracking().Where(c => c.Id == where.CommunityId).Select(c => c.Visibility).FirstAsync(ct);
        if (community != CommunityVisibility.Public)
        {
            var members = await db.Memberships.AsNoTracking().Where(m => m.CommunityId == where.CommunityId && ids.Contains(m.UserId)).Select(m => m.UserId).ToListAsync(ct);
            ids = [.. ids.Intersect(members)];
        }

        var args = await ArgsAsync(where, ct);
        foreach (var id in ids)
        {
            notifier.Notify(id, NotificationKinds.Mention, where.Link, args);
        }
    }

    /// <summary>The parameters every discussion notification carries: who acted, on which post, which comment.</summary>
    public async Task<Dictionary<string, string>> ArgsAsync(MentionContext where, CancellationToken ct = default)
    {
        var actor = await db.Users.AsNoTracking().Where(u => u.Id == where.ActorId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        var args = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["actor"] = actor,
            ["actorId"] = where.ActorId.ToString(), // lets erasure find what names the member in others' notifications
            ["post"] = where.PostTitle,
        };
        if (where.CommentId is { } comment)
        {
            args["comment"] = comment.ToString();
        }

        return args;
    }
}

/// <summary>Where a text was written: by whom, in which community, on which post (and comment), and its link.</summary>
public sealed record MentionContext(Guid ActorId, Guid CommunityId, string PostTitle, string Link, Guid? CommentId = null);
