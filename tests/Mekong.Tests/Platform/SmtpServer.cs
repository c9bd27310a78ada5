using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mekong.Platform.Data;
using MimeKit;

namespace Mekong.Tests.Platform;

/// <summary>
/// A real SMTP server for the suite: maildev (npm, installed into tests/tools by .ci/prerequisites) on free ports,
/// started once on first use and stopped when the test process exits. Its HTTP API says what it received; each
/// message is read back as MIME, headers included. Tests use their own recipient addresses, so they share it.
/// </summary>
public sealed class SmtpServer
{
    private static readonly Lazy<Task<SmtpServer>> Shared = new(StartAsync);
    private readonly HttpClient _api;

    private SmtpServer(int port, HttpClient api)
    {
        Port = port;
        _api = api;
    }

    public int Port { get; }

    /// <summary>The settings that point the app at this server.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Security"] = "None",
        ["Mail:From"] = "Mekong <noreply@mekong.test>",
    };

    public static Task<SmtpServer> SharedAsync() => Shared.Value;

    /// <summary>
    /// The messages received for <paramref name="address"/>, oldest first, once there are at least
    /// <paramref name="atLeast"/> (mail is delivered in the background); throws after <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesToAsync(string address, int atLeast = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var messages = await ReadAsync(address);
            if (messages.Count >= atLeast)
            {
                return messages;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{messages.Count} message(s) to {address}, expected at least {atLeast}.");
            }

            await Task.Delay(100);
        }
    }

    private async Task<List<MimeMessage>> ReadAsync(string address)
    {
        using var list = JsonDocument.Parse(await _api.GetStringAsync("/api/email"));
        var result = new List<(DateTime Time, MimeMessage Message)>();
        foreach (var mail in list.RootElement.EnumerateArray())
        {
            var to = mail.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString());
            if (!to.Any(t => string.Equals(t, address, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var id = mail.GetProperty("id").GetString();
            await using var source = await _api.GetStreamAsync($"/api/email/{id}/source");
            using var buffer = new MemoryStream();
            await source.CopyToAsync(buffer);
            buffer.Position = 0;
            result.Add((mail.GetProperty("time").GetDateTime(), await MimeMessage.LoadAsync(buffer)));
        }

        return result.OrderBy(r => r.Time).Select(r => r.Message).ToList();
    }

    private static async Task<SmtpServer> StartAsync()
    {
        var tools = Path.Combine(RepositoryRoot(), "tests", "tools");
        var maildev = Path.Combine(tools, "node_modules", "maildev", "dist", "bin", "maildev.js");
        if (!File.Exists(maildev))
        {
            throw new InvalidOperationException($"maildev is not installed at {maildev}: run .ci/prerequisites (npm ci in tests/tools).");
        }

        var (smtp, web) = (FreePort(), FreePort());
        var folder = Path.Combine(Path.GetTempPath(), "mekong-maildev-" + Guid.NewGuid().ToString("N")[..8]);
        var process = Process.Start(new ProcessStartInfo("node")
        {
            ArgumentList = { maildev, "--smtp", $"{smtp}", "--web", $"{web}", "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--mail-directory", folder, "--silent" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // Already gone.
            }
        };

        var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"maildev exited with {process.ExitCode}");
            }

            try
            {
                using var health = await api.GetAsync("/api/healthz");
                if (health.IsSuccessStatusCode && await SmtpAnswersAsync(smtp))
                {
                    return new SmtpServer(smtp, api);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("maildev did not start within 60 s");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<bool> SmtpAnswersAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mekong.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Mekong.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Like <see cref="Apps"/>, but each app sends its mail to the shared <see cref="SmtpServer"/>.</summary>
public sealed class MailApps(PostgresServer postgres) : IAsyncDisposable
{
    private readonly Dictionary<DatabaseProvider, Task<MekongApp>> _apps = [];
    private readonly Lock _gate = new();

    public Task<SmtpServer> Smtp => SmtpServer.SharedAsync();

    public PostgresServer Postgres => postgres;

    public Task<MekongApp> For(DatabaseProvider provider)
    {
        lock (_gate)
        {
            if (!_apps.TryGetValue(provider, out var app))
            {
                _apps[provider] = app = StartAsync(provider);
            }

            return app;
        }
    }

    private async Task<MekongApp> StartAsync(DatabaseProvider provider) =>
        await MekongApp.StartAsync(provider, postgres, (await Smtp).Settings);

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await (await app).DisposeAsync();
        }
    }
}
