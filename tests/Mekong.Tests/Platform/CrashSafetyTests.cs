using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mekong.Platform.Data;

namespace Mekong.Tests.Platform;

/// <summary>
/// The real server as a child process, writing continuously (sign-ups, a community, posts) when it is killed
/// hard mid-stream; restarted on the same database, it must still hold every write it acknowledged with a 2xx.
/// </summary>
public sealed class CrashSafetyTests(PostgresServer postgres)
{
    private const string Password = "correct horse battery";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Every_acknowledged_write_survives_a_hard_kill(DatabaseProvider provider)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mekong-crash-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var connection = provider == DatabaseProvider.Postgres
            ? await postgres.CreateDatabaseAsync()
            : $"Data Source={Path.Combine(folder, "mekong.db")}";
        try
        {
            var acknowledged = new ConcurrentBag<(string Kind, string Key, string Value)>();
            string email;
            using (var server = await Server.StartAsync(provider, connection, folder))
            {
                using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
                email = $"writer-{Guid.NewGuid():N}@test.mekong";
                var token = await RegisterAndSignInAsync(http, email);
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var community = await (await http.PostAsJsonAsync("/api/v1/communities", new { name = "Crash " + Guid.NewGuid().ToString("N")[..8], kind = "interestClub" }, Ct))
                    .ExpectAsync(HttpStatusCode.Created);
                acknowledged.Add(("community", community.Id().ToString(), community.GetProperty("name").GetString()!));

                // Four writers post, one signs people up, until the kill cuts them off mid-request.
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() => PostUntilStoppedAsync(http, community.Id(), w, acknowledged, stop.Token), Ct))
                    .Append(Task.Run(() => RegisterUntilStoppedAsync(server.BaseAddress, acknowledged, stop.Token), Ct))
                    .ToList();
                var deadline = Stopwatch.StartNew();
                while (deadline.Elapsed < TimeSpan.FromSeconds(20) && (acknowledged.Count(a => a.Kind == "post") < 30 || deadline.Elapsed < TimeSpan.FromSeconds(2)))
                {
                    await Task.Delay(50, Ct);
                }

                server.KillHard();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }

            Assert.True(acknowledged.Count(a => a.Kind == "post") >= 3, $"too few writes before the kill to prove anything: {acknowledged.Count}");

            using (var restarted = await Server.StartAsync(provider, connection, folder))
            {
                using var http = new HttpClient { BaseAddress = restarted.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                var token = await SignInAsync(http, email);
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var missing = new List<string>();
                foreach (var (kind, key, value) in acknowledged)
                {
                    var present = kind switch
                    {
                        "community" => (await http.GetAsync($"/api/v1/communities/{key}", Ct)).StatusCode == HttpStatusCode.OK,
                        "post" => await TitleAsync(http, key) == value,
                        "account" => (await http.PostAsJsonAsync("/api/v1/auth/login", new { email = key, password = Password }, Ct)).StatusCode == HttpStatusCode.OK,
                        _ => false,
                    };
                    if (!present)
                    {
                        missing.Add($"{kind} {key}");
                    }
                }

                Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged writes are gone after the kill: {string.Join(", ", missing.Take(20))}");
                TestContext.Current.TestOutputHelper?.WriteLine(
                    $"{provider}: {acknowledged.Count(a => a.Kind == "post")} posts and {acknowledged.Count(a => a.Kind == "account")} accounts acknowledged before the kill, all present after restart");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task PostUntilStoppedAsync(HttpClient http, Guid community, int writer, ConcurrentBag<(string, string, string)> acknowledged, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var title = $"Crash {writer}-{i} {Guid.NewGuid():N}";
            try
            {
                using var response = await http.PostAsJsonAsync($"/api/v1/communities/{community}/posts", new { title, body = "Written before the kill." }, stop);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var post = await response.Content.ReadFromJsonAsync<JsonElement>(stop);
                    acknowledged.Add(("post", post.Id().ToString(), title));
                }
                else if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    await Task.Delay(100, stop);
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException)
            {
                // The kill cut this request off: it was never acknowledged.
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    private static async Task RegisterUntilStoppedAsync(Uri server, ConcurrentBag<(string, string, string)> acknowledged, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        while (!stop.IsCancellationRequested)
        {
            var email = $"crash-{Guid.NewGuid():N}@test.mekong";
            try
            {
                using var response = await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = Password, displayName = "Crash", homeCountry = "VN", readingLanguages = new[] { "vi" } }, stop);
                if (response.IsSuccessStatusCode)
                {
                    acknowledged.Add(("account", email, ""));
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    private static async Task<string?> TitleAsync(HttpClient http, string id)
    {
        using var response = await http.GetAsync($"/api/v1/posts/{id}", Ct);
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString() : null;
    }

    private static async Task<string> RegisterAndSignInAsync(HttpClient http, string email)
    {
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = Password, displayName = "Writer", homeCountry = "TH", readingLanguages = new[] { "th" } }, Ct))
            .EnsureSuccessStatusCode();
        return await SignInAsync(http, email);
    }

    private static async Task<string> SignInAsync(HttpClient http, string email)
    {
        var login = await (await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password }, Ct)).ExpectAsync(HttpStatusCode.OK);
        return login.GetProperty("accessToken").GetString()!;
    }

    /// <summary>The built Mekong.dll as a child process on a free loopback port.</summary>
    private sealed class Server : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _log = new();

        private Server(Process process, Uri address)
        {
            _process = process;
            BaseAddress = address;
        }

        public Uri BaseAddress { get; }

        public static async Task<Server> StartAsync(DatabaseProvider provider, string connection, string folder)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            var address = new Uri($"http://127.0.0.1:{port}");
            var start = new ProcessStartInfo("dotnet", $"\"{AppDll()}\" --urls {address.OriginalString.TrimEnd('/')}")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["Database__Provider"] = provider.ToString();
            start.Environment["ConnectionStrings__Mekong"] = connection;
            start.Environment["DataProtection__KeysPath"] = Path.Combine(folder, "keys");
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var server = new Server(Process.Start(start)!, address);
            server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
            server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                if (server._process.HasExited)
                {
                    throw new InvalidOperationException($"Mekong exited with {server._process.ExitCode}:\n{server.Log}");
                }

                try
                {
                    if ((await http.GetAsync(new Uri(address, "/api/v1/health"), Ct)).IsSuccessStatusCode)
                    {
                        return server;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // not listening yet
                }

                await Task.Delay(200, Ct);
            }

            server.KillHard();
            throw new TimeoutException($"Mekong did not answer on {address} within 90 s:\n{server.Log}");
        }

        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        /// <summary>SIGKILL to the process and its children: no shutdown hooks, no flush.</summary>
        public void KillHard()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }

        public void Dispose()
        {
            KillHard();
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_log)
                {
                    _log.AppendLine(line);
                }
            }
        }

        /// <summary>The app's own build output beside the tests' (artifacts/bin/Mekong/{config}/Mekong.dll), else the copy in the test folder.</summary>
        private static string AppDll()
        {
            var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var own = Path.Combine(tests.Parent!.Parent!.FullName, "Mekong", tests.Name, "Mekong.dll");
            var copy = Path.Combine(AppContext.BaseDirectory, "Mekong.dll");
            return File.Exists(own) ? own : File.Exists(copy) ? copy : throw new FileNotFoundException($"Mekong.dll not found at {own} or {copy}: build the app first");
        }
    }
}
