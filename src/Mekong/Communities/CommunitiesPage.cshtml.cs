using Mekong.Platform.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Communities;

public sealed class CommunitiesPage(MekongDb db) : PageModel
{
    public string? Query { get; private set; }

    public IReadOnlyList<Community> Communities { get; private set; } = [];

    public async Task OnGetAsync(string? q)
    {
        Query = q;
        var query = db.Communities.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(c => c.Name.Contains(term) || c.Description.Contains(term));
        }

        Communities = await query.OrderByDescending(c => c.MemberCount).ThenBy(c => c.Name).Take(100).ToListAsync();
    }
}

/// <summary>English keys for community labels, translated through the interface resources.</summary>
public static class CommunityText
{
    public static string Kind(CommunityKind kind) => kind switch
    {
        CommunityKind.InterestClub => "Interest club",
        CommunityKind.HometownAssociation => "Hometown association",
        CommunityKind.UniversityExchange => "University / student exchange",
        CommunityKind.IndustryGroup => "Industry group",
        CommunityKind.DiasporaNetwork => "Diaspora network",
        CommunityKind.CulturalOrganization => "Cultural organization",
        _ => kind.ToString(),
    };
}
