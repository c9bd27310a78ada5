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

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Mekong exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                if ((await http.GetAsync($"{BaseUrl}/api/v1/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Mekong did not answer on {BaseUrl} within 60 s:\n{Log}");
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
