using Mekong.Platform.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Search;

[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Platform.Http.RateLimits.Search)]
public sealed class SearchPage(SearchQueries search, Microsoft.Extensions.Options.IOptions<SearchOptions> options) : PageModel
{
    public int FacetCap => options.Value.FacetCap;

    public string? Query { get; private set; }
    public string? Language { get; private set; }
    public string? Community { get; private set; }

    /// <summary>"newest", or null for the default order (relevance).</summary>
    public string? Sort { get; private set; }
    public SearchResult? Result { get; private set; }

    public async Task OnGetAsync(string? q, string? lang, string? community, string? cursor, string? sort, CancellationToken ct)
    {
        Query = q;
        Language = string.IsNullOrWhiteSpace(lang) ? null : lang;
        Community = string.IsNullOrWhiteSpace(community) ? null : community;
        Sort = string.IsNullOrWhiteSpace(sort) || string.Equals(sort.Trim(), "relevance", StringComparison.OrdinalIgnoreCase) ? null : sort.Trim();
        if (string.IsNullOrWhiteSpace(q))
        {
            return; // the empty form
        }

        var errors = new Errors();
        Result = await search.SearchAsync(q, Language, Community, cursor, Sort, User, errors, ct);
        errors.CopyTo(ModelState);
    }
}
