using Mekong.Platform;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Posts;

/// <summary>Erases posts whose 30-day restore window has passed, once an hour.</summary>
internal sealed class PurgeDeletedPosts(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PurgeDeletedPosts> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Purging deleted posts failed; will retry in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task<int> PurgeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        var cutoff = clock.GetUtcNow() - Limits.PostRestoreWindow;
        var purged = await db.Posts.Where(p => p.DeletedAt != null && p.DeletedAt < cutoff).ExecuteDeleteAsync(ct);
        if (purged > 0)
        {
            log.LogInformation("Purged {Count} posts deleted before {Cutoff}", purged, cutoff);
        }

        return purged;
    }
}
