using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Mekong.Tests.Platform;

/// <summary>
/// A throw-away PostgreSQL server for the whole test run: initdb into a temp folder, pg_ctl start on a free
/// loopback port, as the postgres user when the tests run as root (initdb refuses root). Stopped and deleted
/// at the end. Each test app gets its own database on it.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mekong-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private string _bin = "";
    private int _port;

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Pooling=true;Include Error Detail=true";

    public async ValueTask InitializeAsync()
    {
        _bin = FindBinaries();
        _port = FreePort();
        Directory.CreateDirectory(_root);
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(data);
        if (Environment.UserName == "root")
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
            }

            await RunAsync("chown", $"-R postgres:postgres {_root}", asPostgres: false);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), $"-D {data} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync", asPostgres: true);
        await RunAsync(
            Path.Combine(_bin, "pg_ctl"),
            $"-D {data} -l {Path.Combine(_root, "log.txt")} -o \"-p {_port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" -w start",
            asPostgres: true);
    }

    public async Task<string> CreateDatabaseAsync()
    {
        var name = "mekong_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), $"-D {Path.Combine(_root, "data")} -m immediate -w stop", asPostgres: true);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending(StringComparer.Ordinal).Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL 15 binaries (initdb, pg_ctl) not found: apt-get install postgresql-15, or run .ci/run.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string arguments, bool asPostgres)
    {
        var start = asPostgres && Environment.UserName == "root"
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}
