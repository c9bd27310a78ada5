using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mekong.Browser.Tests;

/// <summary>The published platform as a real process on a free loopback port, with its own temporary SQLite file.</summary>
public sealed class MekongServer : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mekong-browser-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly StringBuilder _log = new();
    private Process? _process;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Environment variables for the process (e.g. Mail__Host), set before it starts.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

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

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            BaseUrl = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        }

        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "Mekong.dll")}\" --urls {BaseUrl}")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Mekong"] = $"Data Source={Path.Combine(_folder, "mekong.db")}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in Settings)
        {
            start.Environment[key] = value;
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Ready is a condition, not a clock: the process answers its health check (or exits, and the test says why).
        // A busy machine may take minutes to start it; only a hung start (no answer in 10 minutes) gives up.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var hung = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        hung.CancelAfter(TimeSpan.FromMinutes(10));
        while (!hung.IsCancellationRequested)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Mekong exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                if ((await http.GetAsync($"{BaseUrl}/api/v1/health", hung.Token)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!hung.IsCancellationRequested)
            {
                // the request itself timed out on a busy machine: ask again
            }

            await Task.WhenAny(_process.WaitForExitAsync(hung.Token), Task.Delay(250, hung.Token));
        }

        throw new TimeoutException($"Mekong did not start on {BaseUrl}:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
