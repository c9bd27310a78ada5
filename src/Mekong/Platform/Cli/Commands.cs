using Mekong.Audit;
using Mekong.Review;

namespace Mekong.Platform.Cli;

/// <summary>One command of the application's command line: the words that name it, what it does, and how it runs.</summary>
public sealed record Command(IReadOnlyList<string> Words, string Summary, Func<string[], TextWriter, TextWriter, Task<int>>? Run)
{
    public string Name => string.Join(' ', Words);

    public bool Matches(IReadOnlyList<string> args) => args.Count >= Words.Count && Words.Select((w, i) => args[i] == w).All(m => m);
}

/// <summary>What the command line asks for: a command to run, or the site to serve with these arguments.</summary>
public sealed record Invocation(Func<TextWriter, TextWriter, Task<int>>? Run, string[] SiteArgs)
{
    public bool Serves => Run is null;
}

/// <summary>
/// The application's command table. The first word that is not an option names the command; with none (only
/// options such as <c>--demo</c>, <c>--urls …</c>, <c>--Key=value</c>) or with <c>serve</c>, the site is served.
/// Anything else is refused with the list of commands and exit code 2, never by starting the web server.
/// </summary>
public static class Commands
{
    public const int Refused = 2;

    public static IReadOnlyList<Command> All { get; } =
    [
        new(["serve"], "serve the site (the default; options such as --demo, --urls URL, --Key=value)", null),
        new(["moderation", "train"], "train the moderation classifier from a CSV file", ClassifierAsync),
        new(["moderation", "retrain"], "retrain the moderation classifier from the moderators' decisions", ClassifierAsync),
        new(["eval", "moderation"], "measure the moderation classifier and the rules on a labelled CSV file", ClassifierAsync),
        new(["audit", "verify"], "check the audit log's hash chain; exit 1 at the first broken link", AuditCommands.VerifyAsync),
    ];

    /// <summary>Reads the command line: the command it names, the site to serve, or a refusal.</summary>
    public static Invocation Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || IsOption(args[0]))
        {
            return new Invocation(null, args);
        }

        var command = All.FirstOrDefault(c => c.Matches(args));
        if (command is null)
        {
            var named = string.Join(' ', args.TakeWhile(a => !IsOption(a)).Take(2));
            return new Invocation((_, error) => RefuseAsync(named, error), []);
        }

        return command.Run is { } run
            ? new Invocation((output, error) => run(args, output, error), [])
            : new Invocation(null, args[command.Words.Count..]);
    }

    /// <summary>An option for the host (<c>--demo</c>, <c>-x</c>, <c>--urls</c>) or a configuration value (<c>Key=value</c>).</summary>
    private static bool IsOption(string arg) => arg.StartsWith('-') || arg.Contains('=', StringComparison.Ordinal);

    private static async Task<int> RefuseAsync(string named, TextWriter error)
    {
        await error.WriteLineAsync($"unknown command '{named}'");
        await error.WriteLineAsync("commands:");
        foreach (var command in All)
        {
            await error.WriteLineAsync($"  {command.Name,-20} {command.Summary}");
        }

        return Refused;
    }

    private static Task<int> ClassifierAsync(string[] args, TextWriter output, TextWriter error) => ClassifierCommands.RunAsync(args, output);
}
