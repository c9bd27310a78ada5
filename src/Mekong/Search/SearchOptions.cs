using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;

namespace Mekong.Search;

/// <summary>Search settings (section <c>Search</c>).</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>
    /// Facets are counted over at most this many matches: when a query matches more index entries, the counts are
    /// made over the newest <see cref="FacetCap"/> of them, are lower bounds, and the answer says so
    /// (<c>facetsCapped: true</c>). Keeps a common word's search bounded on a big site.
    /// </summary>
    [Range(1, 1_000_000)]
    public int FacetCap { get; set; } = 1_000;
}

/// <summary>How results are ordered: <c>relevance</c> (the default) or <c>newest</c>.</summary>
public enum SearchSort
{
    Relevance,
    Newest,
}

internal static class SearchTelemetry
{
    public static readonly Histogram<double> Duration = Platform.Telemetry.MekongTelemetry.Meter.CreateHistogram<double>(
        "mekong.search.duration", "s", "Time to answer one search (match, rank, visibility, facets, snippets).");
}
