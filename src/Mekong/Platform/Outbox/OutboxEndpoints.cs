using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Platform.Outbox;

/// <summary>Admins see the events the outbox holds (dead ones by default) and replay them.</summary>
public static class OutboxEndpoints
{
    /// <summary>One event as an admin sees it.</summary>
    public sealed record OutboxEventView(
        Guid Id, string Type, string State, string Payload, DateTimeOffset CreatedAt, DateTimeOffset DueAt, int Attempts, string? LastError, DateTimeOffset? HandledAt);

    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/outbox").WithTags("Administration").RequireAuthorization(Roles.AdminPolicy);
        admin.MapGet("/", List).WithSummary("Events of the outbox in one state (dead by default), newest first");
        admin.MapPost("/{id:guid}/replay", Replay).WithSummary("Hand an event to its handlers again, with a fresh set of attempts");
    }

    private static async Task<Results<Ok<Page<OutboxEventView>>, ValidationProblem>> List(string? state, string? cursor, int? limit, MekongDb db, CancellationToken ct)
    {
        var errors = new Errors();
        var wanted = OutboxState.Dead;
        if (state is not null && (!Enum.TryParse(state, ignoreCase: true, out wanted) || !Enum.IsDefined(wanted) || int.TryParse(state, out _)))
        {
            errors.Add("state", "One of pending, done, dead.");
        }

        if (limit is < 1 or > Limits.MaxPageSize)
        {
            errors.Add("limit", $"Between 1 and {Limits.MaxPageSize}.");
        }

        if (!Cursor.TryDecode(cursor, out var after))
        {
            errors.Add("cursor", "Not a cursor this API issued.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var size = Cursor.Size(limit);
        var query = db.Set<OutboxEvent>().AsNoTracking().Where(e => e.State == wanted);
        if (after is { } a)
        {
            query = query.Where(e => e.Id.CompareTo(a) < 0);
        }

        var rows = await query.OrderByDescending(e => e.Id).Take(size + 1).ToListAsync(ct);
        var items = rows.Take(size).Select(e => new OutboxEventView(
            e.Id, e.Type, e.State.ToString().ToLowerInvariant(), e.Payload, e.CreatedAt, e.DueAt, e.Attempts, e.LastError, e.HandledAt)).ToList();
        return TypedResults.Ok(new Page<OutboxEventView>(items, rows.Count > size ? Cursor.Encode(items[^1].Id) : null));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Replay(Guid id, MekongDb db, OutboxSignal signal, TimeProvider clock, CancellationToken ct)
    {
        var stored = await db.Set<OutboxEvent>().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (stored is null)
        {
            return Problems.NotFound("outbox event");
        }

        stored.Replay(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return TypedResults.NoContent();
    }
}
