using System.Data.Common;
using System.Globalization;
using Mekong.Platform.Data;

namespace Mekong.Audit;

/// <summary>
/// <c>audit verify</c>: checks the hash chain of the configured database's audit log (the site's configuration:
/// appsettings.json, environment, and <c>--Key=value</c> options such as <c>--ConnectionStrings:Mekong=…</c>).
/// Exit 0 when intact, 1 at the first broken link, 2 when the log cannot be read.
/// </summary>
public static class AuditCommands
{
    public static async Task<int> VerifyAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args[Math.Min(2, args.Length)..], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        AuditVerification result;
        try
        {
            builder.AddDatabase();
            await using var app = builder.Build();
            await using var scope = app.Services.CreateAsyncScope();
            result = await AuditLog.VerifyAsync(scope.ServiceProvider.GetRequiredService<MekongDb>());
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            await error.WriteLineAsync("cannot read the audit log: " + e.Message);
            return 2;
        }

        if (result.Intact)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"audit log intact: {result.Entries} entries"));
            return 0;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"audit log broken at sequence {result.FirstBrokenSequence}: {result.Problem} ({result.Detail}); {result.Entries} entries before it are intact"));
        return 1;
    }
}
