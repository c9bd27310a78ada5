using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Accounts;

/// <summary>The Accounts feature's public face for other features.</summary>
public sealed class AccountQueries(MekongDb db, TimeProvider clock)
{
    /// <summary>Until when the member is silenced, or null when they may post and comment.</summary>
    /// <summary>A member's display name, or null when no member has that id.</summary>
    public Task<string?> DisplayNameAsync(Guid userId, CancellationToken ct = default) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);

    public async Task<DateTimeOffset?> SilencedUntilAsync(Guid userId, CancellationToken ct = default)
    {
        var until = await db.Users.Where(u => u.Id == userId).Select(u => u.SilencedUntil).FirstOrDefaultAsync(ct);
        return until is { } u && u > clock.GetUtcNow() ? u : null;
    }

    public static string SilencedMessage(DateTimeOffset until) =>
        $"A moderator has silenced your account until {until.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC; you can read but not post or comment.";
}
