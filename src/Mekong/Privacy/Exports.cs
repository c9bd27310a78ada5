using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Privacy;

/// <summary>An export as the member sees it; <c>DownloadUrl</c> only while it is ready (a fresh single-use link each time).</summary>
public sealed record ExportView(Guid Id, ExportStatus Status, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, DateTimeOffset? ExpiresAt, long? Bytes, string? DownloadUrl);

/// <summary>Why a download link does not open.</summary>
public enum DownloadRefusal
{
    None,
    Unknown,
    Gone,
}

/// <summary>Export jobs waiting for the worker; the job rows in the database are the durable queue.</summary>
public sealed class ExportQueue
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<Guid> Reader => _channel.Reader;

    public void Enqueue(Guid job) => _channel.Writer.TryWrite(job);
}

/// <summary>Requests, reports and hands out a member's data exports.</summary>
public sealed class Exports(MekongDb db, ExportQueue queue, IOptionsMonitor<PrivacyOptions> options, TimeProvider clock, ILogger<Exports> log)
{
    internal const string DownloadRoute = "/api/v1/me/export/";

    /// <summary>Starts an export, or returns the one already being built.</summary>
    public async Task<ExportView> RequestAsync(Guid member, CancellationToken ct = default)
    {
        var pending = await db.Set<ExportJob>().Where(e => e.UserId == member && (e.Status == ExportStatus.Queued || e.Status == ExportStatus.Running))
            .OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        if (pending is not null)
        {
            return View(pending, null);
        }

        // A new export replaces a finished one that was not downloaded.
        foreach (var ready in await db.Set<ExportJob>().Where(e => e.UserId == member && e.Status == ExportStatus.Ready).ToListAsync(ct))
        {
            ready.Expire();
            DeleteFile(FileOf(ready.Id), log);
        }

        var job = new ExportJob(member, clock.GetUtcNow());
        db.Set<ExportJob>().Add(job);
        await db.SaveChangesAsync(ct);
        queue.Enqueue(job.Id);
        return View(job, null);
    }

    /// <summary>The member's newest export; a ready one gets a new download link (the previous link stops working).</summary>
    public async Task<ExportView?> LatestAsync(Guid member, CancellationToken ct = default)
    {
        var job = await db.Set<ExportJob>().Where(e => e.UserId == member).OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        if (job is null)
        {
            return null;
        }

        string? url = null;
        if (job.Status == ExportStatus.Ready && job.HasExpired(clock.GetUtcNow()))
        {
            job.Expire();
            DeleteFile(FileOf(job.Id), log);
            await db.SaveChangesAsync(ct);
        }
        else if (job.Status == ExportStatus.Ready)
        {
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            job.IssueToken(Hash(token));
            await db.SaveChangesAsync(ct);
            url = DownloadRoute + token;
        }

        return View(job, url);
    }

    /// <summary>
    /// Opens the export the token names, once: the job is marked downloaded before the file is handed out and the
    /// file is deleted when the response closes it. Another member's token is as unknown as a made-up one.
    /// </summary>
    public async Task<(FileStream? File, DownloadRefusal Refusal)> OpenAsync(Guid member, string token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return (null, DownloadRefusal.Unknown);
        }

        var hash = Hash(token);
        var job = await db.Set<ExportJob>().FirstOrDefaultAsync(e => e.TokenHash == hash && e.UserId == member, ct);
        if (job is null)
        {
            return (null, DownloadRefusal.Unknown);
        }

        var path = FileOf(job.Id);
        if (job.Status != ExportStatus.Ready || job.HasExpired(clock.GetUtcNow()) || !File.Exists(path))
        {
            if (job.Status == ExportStatus.Ready)
            {
                job.Expire();
                DeleteFile(path, log);
                await db.SaveChangesAsync(ct);
            }

            return (null, DownloadRefusal.Gone);
        }

        // Claim the download first: a second request with the same link finds it taken, even while this one streams.
        var claimed = await db.Set<ExportJob>().Where(e => e.Id == job.Id && e.Status == ExportStatus.Ready)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExportStatus.Downloaded), ct);
        if (claimed == 0)
        {
            return (null, DownloadRefusal.Gone);
        }

        return (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous), DownloadRefusal.None);
    }

    /// <summary>Files of the member's exports, for erasure to delete after the rows are gone.</summary>
    internal async Task<List<string>> FilesOfAsync(Guid member, CancellationToken ct) =>
        (await db.Set<ExportJob>().Where(e => e.UserId == member).Select(e => e.Id).ToListAsync(ct)).Select(FileOf).ToList();

    /// <summary>Expires ready exports whose link time has passed and deletes their files.</summary>
    internal async Task<int> ExpireAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Set<ExportJob>().Where(e => e.Status == ExportStatus.Ready && e.ExpiresAt != null && e.ExpiresAt <= now).ToListAsync(ct);
        foreach (var job in due)
        {
            job.Expire();
            DeleteFile(FileOf(job.Id), log);
        }

        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    internal string FileOf(Guid job) => Path.Combine(options.CurrentValue.ExportPath, job.ToString("N") + ".zip");

    internal static void DeleteFile(string path, ILogger log)
    {
        try
        {
            File.Delete(path);
            File.Delete(path + ".partial");
        }
        catch (IOException e)
        {
            log.LogWarning(e, "Could not delete export file {Path}", path);
        }
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static ExportView View(ExportJob job, string? url) =>
        new(job.Id, job.Status, job.RequestedAt, job.CompletedAt, job.ExpiresAt, job.Bytes, url);
}

/// <summary>Builds queued exports one at a time, and expires old ones every few minutes.</summary>
internal sealed class ExportWorker(ExportQueue queue, IServiceScopeFactory scopes, IOptionsMonitor<PrivacyOptions> options, TimeProvider clock, ILogger<ExportWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            // Jobs a stopped process left behind are built now.
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
                foreach (var id in await db.Set<ExportJob>().Where(e => e.Status == ExportStatus.Queued || e.Status == ExportStatus.Running)
                    .OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(stoppingToken))
                {
                    queue.Enqueue(id);
                }
            }

            await Task.WhenAll(BuildLoopAsync(stoppingToken), ExpireLoopAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task BuildLoopAsync(CancellationToken ct)
    {
        await foreach (var id in queue.Reader.ReadAllAsync(ct))
        {
            try
            {
                await BuildAsync(id, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Export {Job} failed", id);
            }
        }
    }

    internal async Task BuildAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MekongDb>();
        var job = await db.Set<ExportJob>().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (job is null || job.Status is not (ExportStatus.Queued or ExportStatus.Running))
        {
            return;
        }

        job.Start();
        await db.SaveChangesAsync(ct);
        var o = options.CurrentValue;
        var path = scope.ServiceProvider.GetRequiredService<Exports>().FileOf(id);
        try
        {
            Directory.CreateDirectory(o.ExportPath);
            var bytes = await scope.ServiceProvider.GetRequiredService<ExportBuilder>().WriteAsync(job.UserId, path, ct);
            job.Finish(bytes, clock.GetUtcNow(), TimeSpan.FromHours(o.ExportLinkHours));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or DbUpdateException)
        {
            log.LogError(e, "Export {Job} failed", id);
            Exports.DeleteFile(path, log);
            job.Fail(clock.GetUtcNow());
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The member was erased while their export was built: nothing of it may stay.
            Exports.DeleteFile(path, log);
        }
    }

    private async Task ExpireLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5), clock);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Exports>().ExpireAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Expiring exports failed; will retry");
            }
        }
    }
}
