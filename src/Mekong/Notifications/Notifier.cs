using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Notifications;

/// <summary>Sends notifications; other features call this, never the table.</summary>
public sealed class Notifier(MekongDb db, TimeProvider clock, IHttpContextAccessor http)
{
    /// <summary>
    /// Adds a notification of <paramref name="kind"/> (see <see cref="NotificationKinds"/>) with the parameters its
    /// message needs; it is rendered in the reader's language when read, and saved with the caller's other changes.
    /// Within one unit of work a member hears of one event once (the most specific kind wins), and nobody is told
    /// of what they wrote themselves.
    /// </summary>
    public void Notify(Guid userId, string kind, string? link, IReadOnlyDictionary<string, string> args)
    {
        if (NotificationKinds.IsSocial(kind))
        {
            if (http.HttpContext?.User.Id() == userId)
            {
                return;
            }

            var key = EventKey(link, args);
            foreach (var pending in db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList())
            {
                if (pending.UserId != userId || !NotificationKinds.IsSocial(pending.Kind) || EventKey(pending.Link, pending.Args) != key)
                {
                    continue;
                }

                if (NotificationKinds.Priority(pending.Kind) >= NotificationKinds.Priority(kind))
                {
                    return;
                }

                db.Notifications.Remove(pending);
            }
        }

        db.Notifications.Add(new Notification(userId, kind, link, args, clock.GetUtcNow()));
    }

    /// <summary>What the notification is about: the comment when there is one, else the linked page.</summary>
    private static string EventKey(string? link, IReadOnlyDictionary<string, string> args) =>
        args.TryGetValue("comment", out var comment) ? "comment:" + comment : "link:" + link;
}
