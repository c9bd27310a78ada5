using Mekong.Notifications;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Communities;

/// <summary>
/// The in-site notifications of the join queue: the owner and moderators hear of a request, the requester of the
/// decision. Each is stored as its kind and parameters and rendered in its reader's language when read.
/// </summary>
public sealed class CommunityNotices(MekongDb db, Notifier notifier)
{
    public const string JoinRequested = NotificationKinds.JoinRequested;
    public const string JoinAccepted = NotificationKinds.JoinAccepted;
    public const string JoinDeclined = NotificationKinds.JoinDeclined;

    public async Task RequestedAsync(Community community, Guid requesterId, IEnumerable<Guid> moderatorIds, CancellationToken ct = default)
    {
        var requester = await db.Users.Where(u => u.Id == requesterId).Select(u => u.DisplayName).FirstAsync(ct);
        foreach (var reader in moderatorIds.Distinct())
        {
            notifier.Notify(reader, JoinRequested, $"/c/{community.Slug}",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["actor"] = requester, ["community"] = community.Name });
        }
    }

    public Task DecidedAsync(Community community, Guid requesterId, bool accepted, CancellationToken ct = default)
    {
        notifier.Notify(requesterId, accepted ? JoinAccepted : JoinDeclined, $"/c/{community.Slug}",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["community"] = community.Name });
        return Task.CompletedTask;
    }
}
