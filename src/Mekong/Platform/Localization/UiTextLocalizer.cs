using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;

namespace Mekong.Platform.Localization;

/// <summary>
/// The interface strings (<see cref="UiText"/>) for every page, one singleton. ASP.NET Core's resource-manager
/// localizer looks each key up through <see cref="ResourceManager"/>, which takes a lock per lookup: a member's post
/// page with fifty comments asks for ~400 strings, and under load the threads queued on that lock (measured with
/// dotnet-trace, docs/benchmarks.md). Here each culture's table is read once (the culture's strings over its parents'
/// over the English defaults) into a frozen dictionary that every thread reads without a lock. Missing keys answer
/// with the key itself (the English text), marked not found, as the resource-manager localizer does.
/// </summary>
public sealed class UiTextLocalizer : IStringLocalizer<UiText>
{
    private static readonly ResourceManager Resources = new(typeof(UiText).FullName!, typeof(UiText).Assembly);

    private readonly ConcurrentDictionary<string, FrozenDictionary<string, string>> _tables = new(StringComparer.Ordinal);

    public LocalizedString this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            var found = Table(CultureInfo.CurrentUICulture).TryGetValue(name, out var value);
            return new LocalizedString(name, found ? value! : name, resourceNotFound: !found, Resources.BaseName);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var text = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, text.Value, arguments), text.ResourceNotFound, text.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
    {
        var culture = CultureInfo.CurrentUICulture;
        var strings = includeParentCultures ? Table(culture) : Own(culture).ToFrozenDictionary(StringComparer.Ordinal);
        return strings.Select(s => new LocalizedString(s.Key, s.Value, resourceNotFound: false, Resources.BaseName));
    }

    private FrozenDictionary<string, string> Table(CultureInfo culture) =>
        _tables.GetOrAdd(culture.Name, static (_, culture) => Build(culture), culture);

    private static FrozenDictionary<string, string> Build(CultureInfo culture)
    {
        // From the neutral (English) strings down the parent chain to the culture itself: the nearest one wins.
        var chain = new List<CultureInfo>();
        for (var c = culture; !Equals(c, CultureInfo.InvariantCulture); c = c.Parent)
        {
            chain.Add(c);
        }

        var strings = new Dictionary<string, string>(Own(CultureInfo.InvariantCulture), StringComparer.Ordinal);
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            foreach (var (key, value) in Own(chain[i]))
            {
                strings[key] = value;
            }
        }

        return strings.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The strings the culture's own resource file holds (none when it has no file).</summary>
    private static Dictionary<string, string> Own(CultureInfo culture)
    {
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false) is { } set)
        {
            foreach (System.Collections.DictionaryEntry entry in set)
            {
                if (entry is { Key: string key, Value: string value })
                {
                    strings[key] = value;
                }
            }
        }

        return strings;
    }
}
