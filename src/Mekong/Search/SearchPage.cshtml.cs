using Mekong.Platform.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Search;

[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Platform.Http.RateLimits.Search)]
public sealed class SearchPage(SearchQueries search) : PageModel
{
    public string? Query { get; private set; }
    public string? Language { get; private set; }
    public string? Community { get; private set; }
    public SearchResult? Result { get; private set; }

    public async Task OnGetAsync(string? q, string? lang, string? community, string? cursor, CancellationToken ct)
    {
        Query = q;
        Language = string.IsNullOrWhiteSpace(lang) ? null : lang;
        Community = string.IsNullOrWhiteSpace(community) ? null : community;
        if (string.IsNullOrWhiteSpace(q))
        {
            return; // the empty form
        }

        var errors = new Errors();
        Result = await search.SearchAsync(q, Language, Community, cursor, User, errors, ct);
        errors.CopyTo(ModelState);
    }
}
