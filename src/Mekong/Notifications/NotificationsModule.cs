using System.Security.Claims;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Notifications;

public sealed record NotificationView(Guid Id, string Kind, string Text, string? Link, DateTimeOffset CreatedAt, bool Read);

/// <summary>Sends notifications; other features call this, never the table.</summary>
public sealed class Notifier(MekongDb db, TimeProvider clock)
{
    /// <summary>Adds the notification to the context; it is saved with the caller's other changes.</summary>
    public void Notify(Guid userId, string kind, string text, string? link = null) =>
        db.Notifications.Add(new Notification(userId, kind, text, link, clock.GetUtcNow()));

    /// <summary>
    /// Adds a notification of <paramref name="kind"/> (see <see cref="NotificationKinds"/>) with the parameters its
    /// message needs; it is rendered in the reader's language when read, and saved with the caller's other changes.
    /// </summary>
    public void Notify(Guid userId, string kind, string? link, IReadOnlyDictionary<string, string> args) =>
        db.Notifications.Add(new Notification(userId, kind, System.Text.Json.JsonSerializer.Serialize(args), link, clock.GetUtcNow()));
}

public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Notifier>();
        return builder;
    }

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me/notifications").WithTags("Notifications").RequireAuthorization();
        me.MapGet("/", List).WithSummary("List my notifications");
        me.MapPost("/{id:guid}/read", MarkRead);
        return app;
    }

    private static async Task<Results<Ok<Page<NotificationView>>, ValidationProblem>> List(string? cursor, int? limit, ClaimsPrincipal user, MekongDb db)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return Problems.Invalid("cursor", "Not a cursor this API issued.");
        }

        var me = user.RequiredId();
        var size = Cursor.Size(limit);
        var query = db.Notifications.AsNoTracking().Where(n => n.UserId == me);
        if (after is { } a)
        {
            query = query.Where(n => n.Id.CompareTo(a) < 0);
        }

        var rows = await query.OrderByDescending(n => n.Id).Take(size + 1)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Text, n.Link, n.CreatedAt, n.ReadAt != null)).ToListAsync();
        return TypedResults.Ok(Cursor.ToPage(rows, size, n => n.Id));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkRead(Guid id, ClaimsPrincipal user, MekongDb db, TimeProvider clock)
    {
        var me = user.RequiredId();
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.UserId == me);
        if (notification is null)
        {
            return Problems.NotFound("notification");
        }

        notification.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync();
        return TypedResults.NoContent();
    }
}
