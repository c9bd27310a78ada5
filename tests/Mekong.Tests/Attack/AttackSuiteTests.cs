using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Attack;

/// <summary>
/// Every operation the app describes at /openapi/v1.json, and every page it routes, under every hostile family,
/// on SQLite and PostgreSQL. Each answer must be no 5xx, leave no Error line in the server log, leak no internals,
/// and show no attack success (payload live in a page, write accepted without proof of intent, another member's
/// data read or changed, a privileged field taken). The operations are read at test time, so an endpoint is
/// attacked the day it lands. By default a seeded sample per operation and family runs (a few seconds);
/// MEKONG_ATTACK_FULL=1 runs every probe, MEKONG_ATTACK_FAMILIES=xss,csrf only some families, and
/// MEKONG_ATTACK_REPORT=FILE appends the table of requests per family to FILE.
/// </summary>
public sealed class AttackSuiteTests(Apps apps) : IClassFixture<Apps>
{
    /// <summary>Probes per operation and family in the default run.</summary>
    private const int Sample = 1;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Every_operation_holds_under_every_hostile_family(DatabaseProvider provider)
    {
        var full = Environment.GetEnvironmentVariable("MEKONG_ATTACK_FULL") == "1";
        var families = AttackFamilies.Select(Environment.GetEnvironmentVariable("MEKONG_ATTACK_FAMILIES"));
        var app = await apps.For(provider);
        var world = await AttackWorld.BuildAsync(app, Ct);
        var api = ApiDescription.Parse(await (await world.Client(Who.Anonymous).GetAsync("/openapi/v1.json", Ct)).Content.ReadAsStringAsync(Ct));
        Assert.NotEmpty(api.Operations);
        var plan = new AttackPlan(world, api);

        var probes = new List<Probe>();
        foreach (var family in families)
        {
            foreach (var op in api.Operations)
            {
                probes.AddRange(Pick(plan.For(op, family).ToList(), op.Name + family, full));
            }

            foreach (var page in world.Pages)
            {
                probes.AddRange(Pick(plan.ForPage(page, family).ToList(), page + family, full));
            }

            if (family == AttackFamilies.HeaderInjection)
            {
                probes.AddRange(plan.Redirects());
            }
        }

        var failures = new List<string>();
        var tally = new SortedDictionary<string, (int Sent, int Failed)>(StringComparer.Ordinal);
        Snapshot? before = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Erasing one's own account (DELETE /api/v1/me with the right password) ends that principal: it goes last,
        // with the sign-outs, so the probes before it still act as the fixture's members.
        static bool ErasesSelf(Probe p) => p.Method == "DELETE" && p.Url.Split('?')[0] == "/api/v1/me";
        foreach (var probe in probes.OrderBy(p => ErasesSelf(p) ? Math.Max(p.Order, 4) : p.Order))
        {
            if (probe.Order >= 1 && before is null)
            {
                before = await Snapshot.TakeAsync(world);
            }

            if (probe.Order >= 2 && before is not null && !before.Checked)
            {
                failures.AddRange(await before.CompareAsync(world));
            }

            var problems = await RunAsync(app, world, probe);
            failures.AddRange(problems.Select(p => $"{probe}: {p}"));
            var (sent, failed) = tally.GetValueOrDefault(probe.Family);
            tally[probe.Family] = (sent + 1, failed + (problems.Count > 0 ? 1 : 0));
        }

        if (before is { Checked: false })
        {
            failures.AddRange(await before.CompareAsync(world));
        }

        if (families.Contains(AttackFamilies.Xss))
        {
            var (pages, found) = await SweepPagesAsync(world, probes);
            tally["xss (pages rendered)"] = (pages, found.Count);
            failures.AddRange(found);
        }

        if (families.Contains(AttackFamilies.MassAssignment))
        {
            failures.AddRange(await PrivilegedRolesUnchangedAsync(app, world));
        }

        var table = Table(provider, full, tally, clock.Elapsed);
        TestContext.Current.TestOutputHelper?.WriteLine(table);
        if (Environment.GetEnvironmentVariable("MEKONG_ATTACK_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, table + Environment.NewLine, Ct);
        }

        if (families.Count == AttackFamilies.All.Count)
        {
            Assert.True(probes.Count >= 300, $"only {probes.Count} probes: the sample is too small to mean anything");
        }

        if (Environment.GetEnvironmentVariable("MEKONG_ATTACK_FAILURES") is { Length: > 0 } dump)
        {
            await File.AppendAllLinesAsync(dump, failures.Prepend($"== {provider}"), Ct);
        }

        // A few of each family, so one family's many failures cannot hide another's.
        var shown = failures.GroupBy(f => f[..Math.Max(0, f.IndexOf(']', StringComparison.Ordinal) + 1)], StringComparer.Ordinal).SelectMany(g => g.Take(12));
        Assert.True(
            failures.Count == 0,
            $"{failures.Count} failures in {probes.Count} probes on {provider}:\n" + string.Join('\n', shown) + "\n" + table);
    }

    /// <summary>A deterministic sample: the same probes for the same operation and family on every run and machine.</summary>
    private static IEnumerable<Probe> Pick(List<Probe> candidates, string cell, bool full)
    {
        if (full || candidates.Count <= Sample)
        {
            return candidates;
        }

        var random = new Random(StableHash(cell));
        return candidates.OrderBy(_ => random.Next()).Take(Sample);
    }

    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static async Task<List<string>> RunAsync(MekongApp app, AttackWorld world, Probe probe)
    {
        var mark = app.Errors.Count;
        HttpResponseMessage response;
        try
        {
            if (probe.Send is not null)
            {
                response = await probe.Send(world, Ct);
            }
            else
            {
                using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Url) { Content = probe.Content?.Invoke() };
                foreach (var (name, value) in probe.Headers)
                {
                    if (!request.Headers.TryAddWithoutValidation(name, value))
                    {
                        request.Content?.Headers.TryAddWithoutValidation(name, value);
                    }
                }

                response = await world.Client(probe.Who).SendAsync(request, Ct);
            }
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or FormatException)
        {
            // The client itself refused to send it (a header with CR/LF, say): nothing reached the server.
            return [];
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            var outcome = new Outcome((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response);
            var problems = new List<string>();
            if (outcome.Status >= 500)
            {
                problems.Add($"answered {outcome.Status}: {body[..Math.Min(200, body.Length)]}");
            }

            problems.AddRange(app.Errors.Since(mark).Select(line => "server log: " + line[..Math.Min(400, line.Length)]));
            // The Prometheus text an admin reads names exception types by design (OpenTelemetry's error.type on the
            // request-duration series); every other answer must name none.
            var metricsText = outcome.MediaType == "text/plain" && probe.Url.StartsWith("/metrics", StringComparison.Ordinal);
            if (!metricsText && AttackPlan.NoLeak(outcome) is { } leak)
            {
                problems.Add(leak);
            }

            if (response.Headers.Contains("X-Injected") || response.Content.Headers.Contains("X-Injected"))
            {
                problems.Add("a request header was split into the answer (X-Injected)");
            }

            if (response.Headers.Location is { } location && !SafeRedirect(location))
            {
                problems.Add($"redirects off the site to {location}");
            }

            if (probe.Check?.Invoke(outcome) is { } failed)
            {
                problems.Add(failed);
            }

            return problems;
        }
    }

    /// <summary>A redirect stays on the site: a path that a browser cannot read as another host.</summary>
    private static bool SafeRedirect(Uri location)
    {
        var text = location.OriginalString;
        if (location.IsAbsoluteUri)
        {
            return location.Host is "localhost" && location.Scheme is "http" or "https";
        }

        return text.StartsWith('/') && !text.StartsWith("//", StringComparison.Ordinal) && !text.StartsWith("/\\", StringComparison.Ordinal)
            && !text.Any(c => c is '\r' or '\n' or '\t' or '\0');
    }

    /// <summary>Renders every page where the XSS payloads may now appear (each community, post and profile made, every routed page) and looks for live copies.</summary>
    private static async Task<(int Pages, List<string> Found)> SweepPagesAsync(AttackWorld world, List<Probe> probes)
    {
        var urls = new SortedSet<string>(StringComparer.Ordinal) { "/", "/communities", "/search?q=31337", "/glossary?q=31337", "/moderation?status=open" };
        foreach (var page in world.Pages.Where(p => !p.Contains("signout", StringComparison.Ordinal) && !p.Contains("/language", StringComparison.Ordinal)))
        {
            urls.Add(string.Join('/', page.Split('/').Select(s => s.StartsWith('{') ? world.Fixture(page, new ApiParameter(s.Trim('{', '}'), "path", "string", null, true)) : s)));
        }

        // Whatever the XSS probes created: their communities, posts and the accounts that wrote them.
        foreach (var client in new[] { Who.Owner, Who.Admin })
        {
            var mine = await world.Client(client).GetFromJsonAsync<JsonElement>("/api/v1/posts?limit=100", Ct);
            foreach (var post in mine.GetProperty("items").EnumerateArray())
            {
                urls.Add($"/p/{post.GetProperty("id").GetGuid()}");
            }

            var communities = await world.Client(client).GetFromJsonAsync<JsonElement>("/api/v1/communities?limit=100", Ct);
            foreach (var community in communities.GetProperty("items").EnumerateArray())
            {
                urls.Add($"/c/{community.GetProperty("slug").GetString()}");
            }
        }

        urls.Add($"/u/{world.Owner.Id}");
        urls.Add($"/u/{world.Other.Id}");
        urls.Add($"/p/{world.PrivatePost}");
        _ = probes;

        var found = new List<string>();
        var rendered = 0;
        foreach (var url in urls)
        {
            foreach (var who in new[] { Who.AdminCookie, Who.OwnerCookie, Who.Anonymous })
            {
                using var response = await world.Client(who).GetAsync(url, Ct);
                rendered++;
                var html = await response.Content.ReadAsStringAsync(Ct);
                if ((int)response.StatusCode >= 500)
                {
                    found.Add($"[xss sweep] {who} GET {url}: answered {(int)response.StatusCode}");
                }

                if (AttackPlan.LiveXss(html) is { } live)
                {
                    found.Add($"[xss sweep] {who} GET {url}: {live}");
                }
            }
        }

        return (rendered, found);
    }

    /// <summary>No mass-assignment probe made anyone staff: the admin and the moderator are still the only ones.</summary>
    private static async Task<List<string>> PrivilegedRolesUnchangedAsync(MekongApp app, AttackWorld world)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var staff = (await users.GetUsersInRoleAsync(Roles.Admin)).Concat(await users.GetUsersInRoleAsync(Roles.Moderator)).Select(u => u.Id).Distinct().Count();
        // The owner may have erased their own account as the run's last probe: then only the staff count speaks.
        using var answer = await world.Client(Who.Owner).GetAsync("/api/v1/me", Ct);
        var roles = answer.IsSuccessStatusCode
            ? (await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList()
            : [];
        var failures = new List<string>();
        if (staff != 2)
        {
            failures.Add($"[massAssignment] {staff} staff accounts after the run, not 2: a privileged role was taken");
        }

        if (roles.Any(r => r is Roles.Admin or Roles.Moderator))
        {
            failures.Add($"[massAssignment] the owner holds roles [{string.Join(", ", roles)}]");
        }

        return failures;
    }

    private static string Table(DatabaseProvider provider, bool full, SortedDictionary<string, (int Sent, int Failed)> tally, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Attack suite on {provider} ({(full ? "full set" : $"sample of {Sample} per operation and family")}), {elapsed.TotalSeconds:F1} s");
        text.AppendLine("| family | requests | failed |");
        text.AppendLine("|---|---:|---:|");
        foreach (var (family, (sent, failed)) in tally)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {family} | {sent} | {failed} |");
        }

        text.Append(CultureInfo.InvariantCulture, $"| total | {tally.Values.Sum(t => t.Sent)} | {tally.Values.Sum(t => t.Failed)} |");
        return text.ToString();
    }

    /// <summary>The owner's things the IDOR probes aim at, before they run; compared after.</summary>
    private sealed class Snapshot
    {
        private string _post = "";
        private string _comments = "";
        private bool _unread;

        public bool Checked { get; private set; }

        public static async Task<Snapshot> TakeAsync(AttackWorld world)
        {
            var snapshot = new Snapshot();
            (snapshot._post, snapshot._comments, snapshot._unread) = await ReadAsync(world);
            return snapshot;
        }

        public async Task<List<string>> CompareAsync(AttackWorld world)
        {
            Checked = true;
            var (post, comments, unread) = await ReadAsync(world);
            var failures = new List<string>();
            if (post != _post)
            {
                failures.Add($"[idor] the owner's post changed under another member's requests: {_post} → {post}");
            }

            if (comments != _comments)
            {
                failures.Add($"[idor] the owner's comment changed under another member's requests: {_comments} → {comments}");
            }

            if (unread != _unread)
            {
                failures.Add("[idor] the owner's notification was marked read by another member");
            }

            return failures;
        }

        private static async Task<(string Post, string Comments, bool Unread)> ReadAsync(AttackWorld world)
        {
            var owner = world.Client(Who.Owner);
            var post = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/posts/{world.Post}", Ct);
            var comments = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/posts/{world.Post}/comments?limit=100", Ct);
            var notifications = await owner.GetFromJsonAsync<JsonElement>("/api/v1/me/notifications?limit=100", Ct);
            var unread = notifications.GetProperty("items").EnumerateArray().Any(n => n.GetProperty("id").GetGuid() == world.Notification && !n.GetProperty("read").GetBoolean());
            // Others may comment on a public post; the owner's own comment must stay as written.
            var ids = string.Join(",", comments.GetProperty("items").EnumerateArray().Where(c => c.GetProperty("id").GetGuid() == world.Comment).Select(c => c.GetProperty("body").ToString()));
            return ($"{post.GetProperty("title").GetString()}|{post.GetProperty("revision")}|{post.GetProperty("deletedAt")}", ids, unread);
        }
    }
}
