using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mekong.Platform.Outbox;

public static class OutboxModule
{
    /// <summary>The event outbox: the scoped <see cref="Outbox"/> writers add events to, and the one dispatcher.</summary>
    public static WebApplicationBuilder AddOutbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.AddScoped<Outbox>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return builder;
    }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> for events of type <typeparamref name="TEvent"/>; every handler
    /// registered for a type is called for each of its events, in registration order, in one scope.
    /// </summary>
    public static IServiceCollection AddOutboxHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : notnull
        where THandler : class, IOutboxHandler<TEvent>
    {
        services.AddScoped<IOutboxHandler<TEvent>, THandler>();
        services.AddSingleton(OutboxRoute.For<TEvent>());
        return services;
    }

    public static IEndpointRouteBuilder MapOutbox(this IEndpointRouteBuilder app)
    {
        OutboxEndpoints.Map(app);
        return app;
    }
}

/// <summary>How the dispatcher turns a stored event of one type back into a call of its handlers.</summary>
public sealed class OutboxRoute
{
    private OutboxRoute(Type type, Func<IServiceProvider, OutboxEvent, CancellationToken, Task> invoke)
    {
        Type = type;
        Name = OutboxTypes.NameOf(type);
        Invoke = invoke;
    }

    public Type Type { get; }

    public string Name { get; }

    internal Func<IServiceProvider, OutboxEvent, CancellationToken, Task> Invoke { get; }

    internal static OutboxRoute For<TEvent>()
        where TEvent : notnull => new(typeof(TEvent), async (services, stored, ct) =>
        {
            var @event = JsonSerializer.Deserialize<TEvent>(stored.Payload, OutboxTypes.Json)
                ?? throw new JsonException($"The payload of event {stored.Id} ({stored.Type}) is null.");
            var context = new OutboxContext(stored.Id, stored.CreatedAt, stored.Attempts + 1);
            foreach (var handler in services.GetServices<IOutboxHandler<TEvent>>())
            {
                await handler.HandleAsync(@event, context, ct);
            }
        });
}
