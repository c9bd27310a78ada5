using System.Diagnostics;
using Mekong.Platform.Cli;

namespace Mekong.Tests.Platform.Cli;

/// <summary>The command table: known commands run, options alone serve the site, anything else is refused with exit 2.</summary>
public sealed class CommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("evaluate", "evaluate")]
    [InlineData("eval nosuch", "eval nosuch")]
    [InlineData("audit", "audit")]
    [InlineData("audit erase --force", "audit erase")]
    [InlineData("moderation", "moderation")]
    public async Task An_unknown_command_is_refused_with_the_list_of_commands(string line, string named)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var invocation = Commands.Parse(line.Split(' '));

        Assert.False(invocation.Serves);
        Assert.Equal(2, await invocation.Run!(output, error));
        var message = error.ToString();
        Assert.StartsWith($"unknown command '{named}'", message, StringComparison.Ordinal);
        foreach (var command in new[] { "serve", "moderation train", "moderation retrain", "eval moderation", "audit verify" })
        {
            Assert.Contains(command, message, StringComparison.Ordinal);
        }

        Assert.Equal("", output.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("--demo")]
    [InlineData("--urls http://127.0.0.1:5080")]
    [InlineData("--Translation:Provider=none --demo")]
    [InlineData("Database:Provider=sqlite")]
    public void Options_alone_serve_the_site_with_them(string line)
    {
        var args = line.Length == 0 ? [] : line.Split(' ');

        var invocation = Commands.Parse(args);

        Assert.True(invocation.Serves);
        Assert.Equal(args, invocation.SiteArgs);
    }

    [Fact]
    public void Serve_names_the_default_and_known_commands_run()
    {
        var serve = Commands.Parse(["serve", "--demo"]);
        Assert.True(serve.Serves);
        Assert.Equal(["--demo"], serve.SiteArgs);
        foreach (var line in new[] { "audit verify", "moderation train --data x.csv", "moderation retrain", "eval moderation --data x.csv" })
        {
            Assert.False(Commands.Parse(line.Split(' ')).Serves);
        }
    }

    [Fact]
    public async Task The_built_application_refuses_an_unknown_command_instead_of_starting_the_server()
    {
        var dll = typeof(Program).Assembly.Location;
        Assert.SkipUnless(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), "the application's runtimeconfig is not beside the test build");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("evaluate");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(Ct);
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the application did not exit: it started serving. " + await output);
        }

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("unknown command 'evaluate'", await error, StringComparison.Ordinal);
    }
}
