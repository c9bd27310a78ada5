using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Notifications;
using Mekong.Platform.Data;
using Mekong.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Platform;

/// <summary>
/// The event outbox: what a write raises commits with it, is handled behind the acknowledgement (soon, by the woken
/// dispatcher), survives a restart, retries, dies after its last attempt, and comes back when an admin replays it.
/// </summary>
public sealed class OutboxTests(Apps apps)
    : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Others_find_a_new_comment_in_search_right_after_the_write(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("writer");
        var community = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
        var post = (await author.CreatePostAsync(community, "Riverside", "Boats at dawn.")).Id();
        var word = Word();

        // A plain client: its write returns at the acknowledgement, without waiting for the outbox.
        using var writer = app.CreateClient();
        writer.DefaultRequestHeaders.Authorization = author.Client.DefaultRequestHeaders.Authorization;
        (await writer.PostAsJsonAsync($"/api/v1/posts/{post}/comments", new { body = $"The {word} boat leaves at six." }, Ct)).EnsureSuccessStatusCode();

        using var reader = app.CreateClient();
        Assert.True(await EventuallyAsync(() => FindsAsync(reader, word)), $"search did not find '{word}'");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task An_event_committed_but_not_handled_is_handled_after_a_restart(DatabaseProvider provider)
    {
        // A node that writes events and never handles them stands for one that stopped right after acknowledging.
        var first = await MekongApp.StartAsync(provider, apps.Postgres, new Dictionary<string, string?> { ["Outbox:Dispatch"] = "false" });
        first.KeepDatabase = true;
        var word = Word();
        await using (first)
        {
            var author = await first.RegisterAsync("writer");
            var community = (await author.CreateCommunityAsync()).GetProperty("slug").GetString()!;
            var post = (await author.CreatePostAsync(community, "Ferry times", "Ask here.")).Id();
            await author.CommentAsync(post, $"The {word} ferry is late.");

            using var reader = first.CreateClient();
            Assert.False(await FindsAsync(reader, word));
            var pending = await (await first.Admin.Client.GetAsync("/api/v1/admin/outbox?state=pending", Ct)).ExpectAsync(HttpStatusCode.OK);
            Assert.Contains(pending.GetProperty("items").EnumerateArray(), e => e.GetProperty("type").GetString() == "CommentAdded");
        }

        await using var second = MekongApp.Open(provider, first.ConnectionString);
        using var client = second.CreateClient();
        Assert.True(await EventuallyAsync(() => FindsAsync(client, word)), $"search did not find '{word}' after the restart");

        // Handled by the restarted node's dispatcher (not only found by the search start-up backfill).
        using var admin = second.CreateClient();
        var login = await (await admin.PostAsJsonAsync("/api/v1/auth/login", new { email = first.Admin.Email, password = "correct horse battery" }, Ct))
            .ExpectAsync(HttpStatusCode.OK);
        admin.DefaultRequestHeaders.Authorization = new("Bearer", login.GetProperty("accessToken").GetString());
        Assert.True(await EventuallyAsync(async () =>
        {
            var done = await (await admin.GetAsync("/api/v1/admin/outbox?state=done", Ct)).ExpectAsync(HttpStatusCode.OK);
            return done.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("type").GetString() == "CommentAdded");
        }));
        if (provider == DatabaseProvider.Sqlite)
        {
            second.KeepDatabase = false;
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_failing_event_dies_after_its_last_attempt_alone_and_an_admin_replays_it(DatabaseProvider provider)
    {
        await using var app = await MekongApp.StartAsync(provider, apps.Postgres, new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "1" },
            services => services.AddOutboxHandler<OutboxTestPing, PingHandler>());
        var member = await app.RegisterAsync("pinged");
        var bad = Guid.NewGuid();
        var good = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        PingHandler.Failing[bad] = true;

        // Five events in one commit: the batch fails on the bad one, the others are handled once each all the same.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            foreach (var id in good.Take(2).Append(bad).Concat(good.Skip(2)))
            {
                outbox.Add(new OutboxTestPing(id, member.Id));
            }

            await scope.ServiceProvider.GetRequiredService<MekongDb>().SaveChangesAsync(Ct);
        }

        await app.DrainOutboxAsync();
        foreach (var id in good)
        {
            Assert.Equal(1, await NotificationsAsync(app, id));
        }

        Assert.Equal(0, await NotificationsAsync(app, bad));
        var dead = await (await app.Admin.Client.GetAsync("/api/v1/admin/outbox?state=dead", Ct)).ExpectAsync(HttpStatusCode.OK);
        var item = Assert.Single(dead.GetProperty("items").EnumerateArray());
        Assert.Equal("OutboxTestPing", item.GetProperty("type").GetString());
        Assert.Contains(bad.ToString(), item.GetProperty("payload").GetString(), StringComparison.Ordinal);
        Assert.Contains("ping refused", item.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, item.GetProperty("attempts").GetInt32());

        // Only admins see and replay; a replay hands it to the handlers again.
        await (await member.Client.GetAsync("/api/v1/admin/outbox?state=dead", Ct)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.Admin.Client.GetAsync("/api/v1/admin/outbox?state=sleeping", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "state");
        await (await app.Admin.Client.PostAsync($"/api/v1/admin/outbox/{Guid.NewGuid()}/replay", null, Ct)).ExpectProblemAsync(HttpStatusCode.NotFound);
        PingHandler.Failing[bad] = false;
        await (await app.Admin.Client.PostAsync($"/api/v1/admin/outbox/{item.GetProperty("id").GetGuid()}/replay", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(1, await NotificationsAsync(app, bad));
        dead = await (await app.Admin.Client.GetAsync("/api/v1/admin/outbox", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(dead.GetProperty("items").EnumerateArray());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_failed_event_waits_out_its_backoff_with_its_error(DatabaseProvider provider)
    {
        await using var app = await MekongApp.StartAsync(provider, apps.Postgres, new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "5" },
            services => services.AddOutboxHandler<OutboxTestPing, PingHandler>());
        var bad = Guid.NewGuid();
        PingHandler.Failing[bad] = true;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Outbox>().Add(new OutboxTestPing(bad, app.Admin.Id));
            await scope.ServiceProvider.GetRequiredService<MekongDb>().SaveChangesAsync(Ct);
        }

        await app.DrainOutboxAsync(); // the failed event is not due again for 30 s: draining does not wait for it
        var pending = await (await app.Admin.Client.GetAsync("/api/v1/admin/outbox?state=pending", Ct)).ExpectAsync(HttpStatusCode.OK);
        var item = Assert.Single(pending.GetProperty("items").EnumerateArray(), e => e.GetProperty("payload").GetString()!.Contains(bad.ToString(), StringComparison.Ordinal));
        Assert.Equal(1, item.GetProperty("attempts").GetInt32());
        Assert.True(item.GetProperty("dueAt").GetDateTimeOffset() > item.GetProperty("createdAt").GetDateTimeOffset().AddSeconds(20));
        Assert.Contains("ping refused", item.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    private static string Word() => "kayak" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6).ToArray());

    private static async Task<bool> FindsAsync(HttpClient client, string word)
    {
        var result = await client.GetFromJsonAsync<JsonElement>($"/api/v1/search?q={word}", Ct);
        return result.GetProperty("hits").GetArrayLength() > 0;
    }

    /// <summary>Polls until true or 15 s have passed (a bounded deadline, not a fixed sleep).</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(20, Ct);
        }

        return false;
    }

    private static async Task<int> NotificationsAsync(MekongApp app, Guid ping)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var link = "/outbox-test/" + ping;
        return await scope.ServiceProvider.GetRequiredService<MekongDb>().Notifications.CountAsync(n => n.Link == link, Ct);
    }
}

/// <summary>A test event: its handler notifies <paramref name="MemberId"/>, or fails while the ping is marked failing.</summary>
public sealed record OutboxTestPing(Guid Id, Guid MemberId);

internal sealed class PingHandler(Notifier notifier) : IOutboxHandler<OutboxTestPing>
{
    public static readonly ConcurrentDictionary<Guid, bool> Failing = new();

    public Task HandleAsync(OutboxTestPing @event, OutboxContext context, CancellationToken ct)
    {
        // A database change: it commits with the event being marked handled, or not at all.
        notifier.Notify(@event.MemberId, NotificationKinds.ModerationDecision, "/outbox-test/" + @event.Id, new Dictionary<string, string>(StringComparer.Ordinal));
        return Failing.GetValueOrDefault(@event.Id) ? throw new InvalidOperationException("ping refused") : Task.CompletedTask;
    }
}
