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
        string? Language,
        CommunityJoinPolicy? JoinPolicy = null);

    public sealed record MemberView(Guid UserId, string DisplayName, string HomeCountry, MemberRole Role, DateTimeOffset JoinedAt);

    public sealed record JoinRequestInput(string? Message);


    public sealed record InviteInput(int? MaxUses, int? ExpiresInHours);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/communities").WithTags("Communities");
        group.MapGet("/", List).WithSummary("List communities");
        group.MapPost("/", Create).WithSummary("Create a community").RequireAuthorization();
        group.MapGet("/{id}", Get).WithSummary("Get a community by id or slug");
        group.MapPut("/{id}", Update).WithSummary("Update a community").RequireAuthorization();
        group.MapPost("/{id}/membership", Join).RequireAuthorization();
        group.MapDelete("/{id}/membership", Leave).RequireAuthorization();
        group.MapGet("/{id}/members", Members);

        // Admission: the join queue of approval communities, invite links, and the moderators who work both.
        group.MapPost("/{id}/join-requests", RequestToJoin).RequireAuthorization();
        group.MapGet("/{id}/join-requests", JoinRequests).RequireAuthorization();
        group.MapPost("/{id}/join-requests/{requestId:guid}/accept", (string id, Guid requestId, ClaimsPrincipal user, CommunityQueries communities, CommunityCommands commands, MekongDb db)
            => Decide(id, requestId, accept: true, user, communities, commands, db)).WithSummary("Accept a join request").RequireAuthorization();
        group.MapPost("/{id}/join-requests/{requestId:guid}/decline", (string id, Guid requestId, ClaimsPrincipal user, CommunityQueries communities, CommunityCommands commands, MekongDb db)
            => Decide(id, requestId, accept: false, user, communities, commands, db)).WithSummary("Decline a join request").RequireAuthorization();
        group.MapPost("/{id}/invites", CreateInvite).RequireAuthorization();
        group.MapGet("/{id}/invites", Invites).RequireAuthorization();
        group.MapDelete("/{id}/invites/{code}", RevokeInvite).RequireAuthorization();
        group.MapPut("/{id}/moderators/{userId:guid}", (string id, Guid userId, ClaimsPrincipal user, CommunityQueries communities, CommunityCommands commands)
            => Appoint(id, userId, moderator: true, user, communities, commands)).WithSummary("Appoint a community moderator").RequireAuthorization();
        group.MapDelete("/{id}/moderators/{userId:guid}", (string id, Guid userId, ClaimsPrincipal user, CommunityQueries communities, CommunityCommands commands)
            => Appoint(id, userId, moderator: false, user, communities, commands)).WithSummary("Remove a community moderator").RequireAuthorization();
        app.MapPost("/api/v1/invites/{code}/accept", AcceptInvite).WithTags("Communities").RequireAuthorization();
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
        var community = await commands.FoundAsync(input.Slug, input.Name, input.Description, input.Kind, input.Visibility, input.Language, user.RequiredId(), errors, input.JoinPolicy);
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

        // Turning a public community members-only without naming a policy closes the door too (approval), never leaves it open.
        var visibility = input.Visibility ?? c.Visibility;
        var joinPolicy = input.JoinPolicy
            ?? (visibility != c.Visibility && c.JoinPolicy == Community.DefaultJoinPolicy(c.Visibility) ? Community.DefaultJoinPolicy(visibility) : c.JoinPolicy);
        c.Describe(name!, description, input.Kind ?? c.Kind, visibility, joinPolicy, language);
        await db.SaveChangesAsync();
        return TypedResults.Ok(CommunityQueries.View(c, access.Role));
    }

    /// <summary>Joins an open community (200); in an approval community files a join request instead (202); invite-only refuses (403).</summary>
    private static async Task<Results<Ok<CommunityView>, Accepted<JoinRequestView>, ProblemHttpResult, ValidationProblem>> Join(
        string id, ClaimsPrincipal user, CommunityQueries communities, CommunityCommands commands, MekongDb db)
    {
        var access = await communities.AccessAsync(id, user);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        var result = await commands.JoinAsync(access, user.RequiredId());
        return await JoinAnswerAsync(access, result, communities);
    }

    /// <summary>Asks to join an approval community, with an optional message to its owner and moderators.</summary>
    private static async Task<Results<Ok<CommunityView>, Accepted<JoinRequestView>, ProblemHttpResult, ValidationProblem>> RequestToJoin(
        string id, JoinRequestInput input, ClaimsPrincipal user, CommunityQueries communities, CommunityCommands commands, MekongDb db)
    {
        var access = await communities.AccessAsync(id, user);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        var errors = new Errors();
        var message = errors.Optional("message", input.Message, JoinRequest.MessageChars);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        if (access.Role is not null)
        {
            return Problems.Conflict("You are already a member of this community.");
        }

        var result = await commands.RequestAsync(access, user.RequiredId(), message);
        return result.Outcome == JoinOutcome.Open
            ? Problems.Conflict("This community is open: join it directly with POST /api/v1/communities/{id}/membership; it takes no join requests.")
            : await JoinAnswerAsync(access, result, communities);
    }

    private static async Task<Results<Ok<CommunityView>, Accepted<JoinRequestView>, ProblemHttpResult, ValidationProblem>> JoinAnswerAsync(CommunityAccess access, JoinResult result, CommunityQueries communities)
    {
        var c = access.Community;
        switch (result.Outcome)
        {
            case JoinOutcome.Requested:
                var view = (await communities.RequestViewsAsync([result.Request!]))[0];
                return TypedResults.Accepted($"/api/v1/communities/{c.Id}/join-requests/{view.Id}", view);
            case JoinOutcome.AlreadyRequested:
                return Problems.Conflict("You have already asked to join; the owner or a moderator will answer your request.");
            case JoinOutcome.InviteOnly:
                return Problems.Forbidden("This community is invite-only: ask a member of it for an invite link.");
            default:
                return TypedResults.Ok(CommunityQueries.View(c, result.Role));
        }
    }

    /// <summary>The pending join requests, oldest first, for the owner, the community's moderators and site staff.</summary>
    private static async Task<Results<Ok<Page<JoinRequestView>>, ProblemHttpResult, ValidationProblem>> JoinRequests(
        string id, string? cursor, int? limit, ClaimsPrincipal user, CommunityQueries communities)
    {
        var access = await communities.AccessAsync(id, user);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        if (!access.CanAdmit)
        {
            return Problems.Forbidden("Only the community's owner and moderators see its join requests.");
        }

        if (!Cursor.TryDecode(cursor, out var after))
        {
            return Problems.Invalid("cursor", "Not a cursor this API issued.");
        }

        return TypedResults.Ok(await communities.PendingJoinRequestsAsync(access.Community.Id, after, Cursor.Size(limit)));
    }

    private static async Task<Results<Ok<JoinRequestView>, ProblemHttpResult>> Decide(
        string id, Guid requestId, bool accept, ClaimsPrincipal user, CommunityQueries communities, CommunityCommands commands, MekongDb db)
    {
        var access = await communities.AccessAsync(id, user);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        if (!access.CanAdmit)
        {
            return Problems.Forbidden("Only the community's owner and moderators answer its join requests.");
        }

        // A request of another community is not found here, whoever asks.
        var communityId = access.Community.Id;
        var request = await db.Set<JoinRequest>().FirstOrDefaultAsync(r => r.Id == requestId && r.CommunityId == communityId);
        if (request is null)
        {
            return Problems.NotFound("join request");
        }

        var refusal = await commands.DecideAsync(access, request, accept, user.RequiredId());
        return refusal is null ? TypedResults.Ok((await communities.RequestViewsAsync([request]))[0]) : Problems.Conflict(refusal);
    }

    private static async Task<Results<Created<InviteView>, ProblemHttpResult, ValidationProblem>> CreateInvite(
        string id, InviteInput input, ClaimsPrincipal user, HttpRequest http, CommunityQueries communities, CommunityCommands commands, TimeProvider clock)
    {
        var access = await communities.AccessAsync(id, user);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        if (!access.CanAdmit)
        {
            return Problems.Forbidden("Only the community's owner and moderators make invite links.");
        }

        var errors = new Errors();
        var invite = await commands.InviteAsync(access, user.RequiredId(), input.MaxUses, input.ExpiresInHours, errors);
        if (invite is null)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Created($"/api/v1/communities/{access.Community.Id}/invites/{invite.Code}", CommunityQueries.InviteView(invite, SiteOf(http), clock.GetUtcNow()));
    }

    /// <summary>The invites not revoked, newest first (expired and used-up ones say so in state).</summary>
    private static async Task<Results<Ok<List<InviteView>>, ProblemHttpResult>> Invites(
        string id, ClaimsPrincipal user, HttpRequest http, CommunityQueries communities, TimeProvider clock)
    {
        var access = await communities.AccessAsync(id, user);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        if (!access.CanAdmit)
        {
            return Problems.Forbidden("Only the community's owner and moderators see its invite links.");
        }

        var now = clock.GetUtcNow();
        var invites = await communities.InvitesAsync(access.Community.Id);
        return TypedResults.Ok(invites.Select(i => CommunityQueries.InviteView(i, SiteOf(http), now)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeInvite(
        string id, string code, ClaimsPrincipal user, CommunityQueries communities, CommunityCommands commands)
    {
        var access = await communities.AccessAsync(id, user);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        if (!access.CanAdmit)
        {
            return Problems.Forbidden("Only the community's owner and moderators revoke invite links.");
        }

        return await commands.RevokeInviteAsync(access, code) ? TypedResults.NoContent() : Problems.NotFound("invite");
    }

    /// <summary>Joins through an invite link; expired, used-up and revoked invites answer 410 with the reason.</summary>
    private static async Task<Results<Ok<CommunityView>, ProblemHttpResult>> AcceptInvite(string code, ClaimsPrincipal user, CommunityCommands commands)
    {
        var result = await commands.AcceptInviteAsync(code, user.RequiredId());
        if (result.Invite is null || result.Community is null)
        {
            return Problems.NotFound("invite");
        }

        return result.Refusal is { } refusal ? InviteRefused(refusal) : TypedResults.Ok(CommunityQueries.View(result.Community, result.Role));
    }

    /// <summary>The owner (or a site admin) appoints a member as community moderator, or dismisses one.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Appoint(
        string id, Guid userId, bool moderator, ClaimsPrincipal user, CommunityQueries communities, CommunityCommands commands)
    {
        var access = await communities.AccessAsync(id, user);
        if (access is null)
        {
            return Problems.NotFound("community");
        }

        if (access.Role != MemberRole.Owner && !user.IsInRole(Accounts.Roles.Admin))
        {
            return Problems.Forbidden("Only the community's owner or a site admin appoints its moderators.");
        }

        if (userId == access.Community.OwnerId)
        {
            return Problems.Conflict("The owner already holds every moderator right and keeps them.");
        }

        var membership = await commands.AppointAsync(access, userId, moderator);
        return membership is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "That user is not a member of this community; only members become its moderators.")
            : TypedResults.NoContent();
    }

    internal static ProblemHttpResult InviteRefused(InviteRefusal refusal) => refusal switch
    {
        InviteRefusal.Busy => Problems.Conflict("Someone else used this invite at the same moment; try again."),
        _ => TypedResults.Problem(
            statusCode: StatusCodes.Status410Gone,
            title: "Invite no longer valid",
            detail: InviteRefusalText(refusal),
            extensions: new Dictionary<string, object?> { ["reason"] = refusal == InviteRefusal.UsedUp ? "usedUp" : refusal.ToString().ToLowerInvariant() }),
    };

    /// <summary>Why an invite admits no one, in English (pages localize this same text).</summary>
    internal static string InviteRefusalText(InviteRefusal refusal) => refusal switch
    {
        InviteRefusal.Expired => "This invite has expired.",
        InviteRefusal.UsedUp => "This invite has been used as many times as it allows.",
        InviteRefusal.Revoked => "This invite was revoked.",
        _ => "Someone else used this invite at the same moment; try again.",
    };

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

    /// <summary>The site's address as this request reached it, for absolute invite links.</summary>
    internal static string SiteOf(HttpRequest http) => $"{http.Scheme}://{http.Host}";

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
