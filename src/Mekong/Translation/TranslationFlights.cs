using System.Collections.Concurrent;

namespace Mekong.Translation;

/// <summary>
/// Single flight: concurrent readers of the same translation-memory key share one provider call. The first
/// caller starts the work; the others await the same task; the key is released when it completes.
/// </summary>
public sealed class TranslationFlights
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TranslationEntry>>> _flights = new(StringComparer.Ordinal);

    public async Task<TranslationEntry> RunAsync(string key, Func<Task<TranslationEntry>> work, CancellationToken ct)
    {
        var lazy = _flights.GetOrAdd(key, _ => new Lazy<Task<TranslationEntry>>(async () =>
        {
            try
            {
                return await work();
            }
            finally
            {
                _flights.TryRemove(key, out Lazy<Task<TranslationEntry>>? _);
            }
        }));
        return await lazy.Value.WaitAsync(ct);
    }
}
