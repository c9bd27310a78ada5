using System.Diagnostics;

namespace Mekong.Tests.Platform;

/// <summary>
/// Defect 11 of issue 9: README says `dotnet run --project src/Mekong` keeps its database in ./data/mekong.db, so the
/// process must run in the folder the command is typed in, not in the project's folder (the Web SDK's default).
/// </summary>
public sealed class DataFolderTests
{
    [Fact]
    public async Task Dotnet_run_keeps_data_under_the_folder_it_was_started_in()
    {
        var ct = TestContext.Current.CancellationToken;
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Mekong.slnx")))
        {
            repository = repository.Parent;
        }

        Assert.NotNull(repository);
        var folder = Directory.CreateTempSubdirectory("mekong-run-");
        try
        {
#if DEBUG
            const string Configuration = "Debug";
#else
            const string Configuration = "Release";
#endif
            // `audit verify` opens the default database and exits: enough to see where ./data lands.
            var start = new ProcessStartInfo("dotnet", ["run", "--no-build", "-c", Configuration, "--project", Path.Combine(repository.FullName, "src", "Mekong"), "--", "audit", "verify"])
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ConnectionStrings__Mekong"] = null;
            start.Environment["DataProtection__KeysPath"] = null;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);

            Assert.True(File.Exists(Path.Combine(folder.FullName, "data", "mekong.db")), $"no ./data/mekong.db under {folder.FullName}: {await output} {await error}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
