using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Mekong.Accounts;

/// <summary>
/// Counts failed sign-ins (wrong password, wrong second factor, unknown email alike) per client and per
/// client-and-account in a sliding window, in this process's memory. A client over either limit is answered
/// 429 before its guess is checked, so anonymous guessing is slowed without locking the real member out.
/// Several nodes each keep their own counts: the limits then hold per node.
/// </summary>
public sealed class SignInThrottle(IOptionsMonitor<AccountsOptions> options, TimeProvider clock)
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the client must wait before trying this account again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string client, string account)
    {
        var o = options.CurrentValue.SignInThrottle;
        var now = clock.GetUtcNow();
        var wait = Wait(ClientKey(client), o.PerClientFailures, o.Window, now);
        var accountWait = Wait(AccountKey(client, account), o.PerAccountFailures, o.Window, now);
        return (wait, accountWait) switch
        {
            (null, null) => null,
            ({ } a, null) => a,
            (null, { } b) => b,
            ({ } a, { } b) => a > b ? a : b,
        };
    }

    public void Failed(string client, string account)
    {
        var now = clock.GetUtcNow();
        Add(ClientKey(client), now);
        Add(AccountKey(client, account), now);
        if (_failures.Count > PruneAbove)
        {
            Prune(now - options.CurrentValue.SignInThrottle.Window);
        }
    }

    /// <summary>A successful sign-in forgets the client's failures against that account (not its failures elsewhere).</summary>
    public void Succeeded(string client, string account) => _failures.TryRemove(AccountKey(client, account), out _);

    private static string ClientKey(string client) => "c\n" + client;

    private static string AccountKey(string client, string account) => "a\n" + client + "\n" + account.ToUpperInvariant();

    private TimeSpan? Wait(string key, int limit, TimeSpan window, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var times))
        {
            return null;
        }

        lock (times)
        {
            while (times.Count > 0 && times.Peek() <= now - window)
            {
                times.Dequeue();
            }

            if (times.Count < limit)
            {
                return null;
            }

            // The window slides: the client may try again when enough of its oldest failures have aged out.
            var freeing = times.ElementAt(times.Count - limit);
            var wait = freeing + window - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
        }
    }

    private void Add(string key, DateTimeOffset now)
    {
        var o = options.CurrentValue.SignInThrottle;
        var keep = Math.Max(o.PerClientFailures, o.PerAccountFailures);
        var times = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            times.Enqueue(now);

            // Bounded: more failures than the largest limit are never needed to answer.
            while (times.Count > keep)
            {
                times.Dequeue();
            }
        }
    }

    private void Prune(DateTimeOffset before)
    {
        foreach (var (key, times) in _failures)
        {
            bool empty;
            lock (times)
            {
                while (times.Count > 0 && times.Peek() <= before)
                {
                    times.Dequeue();
                }

                empty = times.Count == 0;
            }

            if (empty)
            {
                _failures.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(key, times));
            }
        }
    }
}
