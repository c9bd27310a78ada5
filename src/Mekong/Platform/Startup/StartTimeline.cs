using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Mekong.Platform.Startup;

/// <summary>
/// Milliseconds since the process started at each step of the start path, logged once the site listens
/// ("Start timeline: host built 420 ms, database ready 610 ms, listening 700 ms"), so a slow start says where it went.
/// </summary>
public static class StartTimeline
{
    private static readonly List<(string Step, long Ms)> s_steps = [];

    /// <summary>Milliseconds since the process started.</summary>
    public static long Elapsed => (long)(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;

    public static void Mark(string step)
    {
        var ms = Elapsed;
        lock (s_steps)
        {
            s_steps.Add((step, ms));
        }
    }

    /// <summary>Logs the steps when the host has started listening.</summary>
    public static void LogWhenStarted(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            Mark("listening");
            var text = new StringBuilder();
            lock (s_steps)
            {
                foreach (var (step, ms) in s_steps)
                {
                    text.Append(text.Length == 0 ? "" : ", ").Append(step).Append(' ').Append(ms.ToString(CultureInfo.InvariantCulture)).Append(" ms");
                }

                s_steps.Clear(); // one line per start (tests start many apps in one process)
            }

            app.Logger.LogInformation("Start timeline: {Steps}", text.ToString());
        });
    }
}
