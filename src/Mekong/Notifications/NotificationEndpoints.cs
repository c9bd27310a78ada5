using System.Security.Claims;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Notifications;

public sealed record UnreadCount(int Unread);

/// <summary>A member's e-mail choice for one kind: "immediately", "digest" or "never".</summary>
public sealed record MailChoiceView(string Kind, string Delivery);

public sealed record NotificationSettingsView(bool MailConfigured, IReadOnlyList<MailChoiceView> Email);

public sealed record NotificationSettingsInput(IReadOnlyDictionary<string, string?>? Email);

internal static class NotificationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").WithTags("Notifications").RequireAuthorization();
        me.MapGet("/notifications", List).WithSummary("My notifications, newest first, in my interface language");
        me.MapGet("/notifications/unread-count", Unread).WithSummary("How many of my notifications are unread");
        me.MapPost("/notifications/read-all", ReadAll).WithSummary("Marks all my notifications read");
        me.MapPost("/notifications/{id:guid}/read", MarkRead).WithSummary("Marks one of my notifications read");
        me.MapGet("/notification-settings", GetSettings).WithSummary("My e-mail choices per notification kind");
        me.MapPut("/notification-settings", PutSettings).WithSummary("Sets my e-mail choices per notification kind");
    }

    private static async Task<Results<Ok<Page<NotificationView>>, ValidationProblem>> List(string? cursor, int? limit, ClaimsPrincipal user, NotificationQueries queries, CancellationToken ct)
    {
        if (!Cursor.TryDecode(cursor, out var after))
        {
            return Problems.Invalid("cursor", "Not a cursor this API issued.");
        }

        return TypedResults.Ok(await queries.PageAsync(user.RequiredId(), after, Cursor.Size(limit), ct));
    }

    private static async Task<Ok<UnreadCount>> Unread(ClaimsPrincipal user, NotificationQueries queries, CancellationToken ct) =>
        TypedResults.Ok(new UnreadCount(await queries.UnreadAsync(user.RequiredId(), ct)));

    private static async Task<Ok<UnreadCount>> ReadAll(ClaimsPrincipal user, NotificationQueries queries, TimeProvider clock, CancellationToken ct)
    {
        await queries.MarkAllReadAsync(user.RequiredId(), clock.GetUtcNow(), ct);
        return TypedResults.Ok(new UnreadCount(0));
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

    private static async Task<Ok<NotificationSettingsView>> GetSettings(ClaimsPrincipal user, NotificationSettingsStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ViewAsync(user.RequiredId(), ct));

    private static async Task<Results<Ok<NotificationSettingsView>, ValidationProblem>> PutSettings(
        NotificationSettingsInput input, ClaimsPrincipal user, NotificationSettingsStore store, CancellationToken ct)
    {
        var errors = new Errors();
        var choices = NotificationSettingsStore.Parse(input.Email, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        await store.ChooseAsync(user.RequiredId(), choices, ct);
        return TypedResults.Ok(await store.ViewAsync(user.RequiredId(), ct));
    }
}
