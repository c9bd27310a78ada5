using System.Security.Claims;
using Mekong.Platform;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Communities;

internal static class CommunityEndpoints
{
    public sealed record CommunityInput(
        string? Slug,
        string? Name,
        string? Description,
        CommunityKind? Kind,
        CommunityVisibility? Visibility,
        string? Language);

    public sealed record MemberView(Guid UserId, string DisplayName, string HomeCountry, MemberRole Role, DateTimeOffset JoinedAt);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/communities").WithTags("Communities");
        group.MapGet("/", List);
        group.MapPost("/", Create).RequireAuthorization();
        group.MapGet("/{id}", Get);
        group.MapPut("/{id}", Update).RequireAuthorization();
        group.MapPost("/{id}/membership", Join).RequireAuthorization();
        group.MapDelete("/{id}/membership", Leave).RequireAuthorization();
        group.MapGet("/{id}/members", Members);
    }

    private static async Task<Results<Ok<Page<CommunityView>>, ValidationProblem>> List(
        string? cursor, int? limit, string? kind, string? q, ClaimsPrincipal reader, MekongDb db)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return Problems.Invalid("cursor", "Not a cursor this API issued.");
        }

        // By name as the JSON spells it (diasporaNetwork), in any case; the framework's enum binding wants PascalCase.
        CommunityKind? filter = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            filter = Enum.GetValues<CommunityKind>().Select(k => (CommunityKind?)k)
                .FirstOrDefault(k => string.Equals(k.ToString(), kind.Trim(), StringComparison.OrdinalIgnoreCase));
            if (filter is null)
            {
                return Problems.Invalid("kind", $"'{kind}' is not a kind; use interestClub, hometownAssociation, universityExchange, industryGroup, diasporaNetwork or culturalOrganization.");
            }
        }

        var size = Cursor.Size(limit);
        var query = db.Communities.AsNoTracking();
        if (after is { } a)
        {
            query = query.Where(c => c.Id.CompareTo(a) < 0);
        }

        if (filter is { } k)
        {
            query = query.Where(c => c.Kind == k);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(c => c.Name.Contains(term) || c.Description.Contains(term));
        }

        var rows = await query.OrderByDescending(c => c.Id).Take(size + 1).ToListAsync();
        var roles = await RolesOfAsync(db, reader.Id(), rows.Select(c => c.Id));
        var page = Cursor.ToPage(rows, size, c => c.Id);
        return TypedResults.Ok(new Page<CommunityView>(
            [.. page.Items.Select(c => CommunityQueries.View(c, roles.GetValueOrDefault(c.Id)))], page.NextCursor));
    }

    private static async Task<Results<Created<CommunityView>, ValidationProblem>> Create(
        CommunityInput input, ClaimsPrincipal user, CommunityCommands commands)
    {
        var errors = new Errors();
        var community = await commands.FoundAsync(input.Slug, input.Name, input.Description, input.Kind, input.Visibility, input.Language, user.RequiredId(), errors);
        return community is null
            ? Problems.Invalid(errors)
            : TypedResults.Created($"/api/v1/communities/{community.Id}", CommunityQueries.View(community, MemberRole.Owner));
    }

    private static async Task<Results<Ok<CommunityView>, ProblemHttpResult>> Get(string id, ClaimsPrincipal reader, CommunityQueries communities)
    {
        var access = await communities.AccessAsync(id, reader);
        return access is null ? Problems.NotFound("community") : TypedResults.Ok(CommunityQueries.View(access.Community, access.Role));
    }

    private static async Task<Results<Ok<CommunityView>, ProblemHttpResult, ValidationProblem>> Update(
        string id, CommunityInput input, ClaimsPrincipal user, CommunityQueries communities, MekongDb db)
    {
        var access = await communities.AccessAsync(id, user);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        if (access.Role != MemberRole.Owner && !user.IsInRole(Accounts.Roles.Admin))
        {
            return Problems.Forbidden("Only the community's owner or a site admin may change it.");
        }

        var c = access.Community;
        var errors = new Errors();
        var name = input.Name is null ? c.Name : errors.Required("name", input.Name, Limits.CommunityNameChars);
        var description = input.Description is null ? c.Description : errors.Optional("description", input.Description, Limits.CommunityDescriptionChars);
        var language = errors.Language("language", input.Language, c.Language);
        if (input.Slug is not null && !string.Equals(input.Slug, c.Slug, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("slug", "A community's address does not change once created.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        c.Describe(name!, description, input.Kind ?? c.Kind, input.Visibility ?? c.Visibility, language);
        await db.SaveChangesAsync();
        return TypedResults.Ok(CommunityQueries.View(c, access.Role));
    }

    private static async Task<Results<Ok<CommunityView>, ProblemHttpResult>> Join(
        string id, ClaimsPrincipal user, CommunityQueries communities, CommunityCommands commands)
    {
        var access = await communities.AccessAsync(id, user);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        var role = await commands.JoinAsync(access, user.RequiredId());
        return TypedResults.Ok(CommunityQueries.View(access.Community, role));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Leave(
        string id, ClaimsPrincipal user, CommunityQueries communities, CommunityCommands commands)
    {
        var access = await communities.AccessAsync(id, user);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        return await commands.LeaveAsync(access, user.RequiredId())
            ? TypedResults.NoContent()
            : Problems.Conflict("The owner cannot leave the community they own.");
    }

    private static async Task<Results<Ok<Page<MemberView>>, ProblemHttpResult, ValidationProblem>> Members(
        string id, string? cursor, int? limit, ClaimsPrincipal reader, CommunityQueries communities, MekongDb db)
    {
        var access = await communities.AccessAsync(id, reader);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        if (!access.CanRead)
        {
            return Problems.Forbidden("Only members see who belongs to a members-only community.");
        }

        if (!Cursor.TryDecode(cursor, out var after))
        {
            return Problems.Invalid("cursor", "Not a cursor this API issued.");
        }

        var size = Cursor.Size(limit);
        var communityId = access.Community.Id;
        var memberships = db.Memberships.Where(m => m.CommunityId == communityId);
        if (after is { } a)
        {
            memberships = memberships.Where(m => m.UserId.CompareTo(a) < 0);
        }

        // Order and filter on the entities, then project: EF cannot translate members of a record built by its constructor.
        var rows = await (from m in memberships.OrderByDescending(m => m.UserId).Take(size + 1)
                          join u in db.Users on m.UserId equals u.Id
                          orderby m.UserId descending
                          select new { u.Id, u.DisplayName, u.HomeCountry, m.Role, m.JoinedAt }).ToListAsync();
        var page = Cursor.ToPage(rows, size, m => m.Id);
        return TypedResults.Ok(new Page<MemberView>(
            [.. page.Items.Select(m => new MemberView(m.Id, m.DisplayName, m.HomeCountry, m.Role, m.JoinedAt))], page.NextCursor));
    }

    internal static async Task<Dictionary<Guid, MemberRole>> RolesOfAsync(MekongDb db, Guid? userId, IEnumerable<Guid> communityIds)
    {
        if (userId is null)
        {
            return [];
        }

        var ids = communityIds.ToList();
        return await db.Memberships.Where(m => m.UserId == userId && ids.Contains(m.CommunityId))
            .ToDictionaryAsync(m => m.CommunityId, m => m.Role);
    }
}
