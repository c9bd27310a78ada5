namespace Mekong.Notifications;

public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Notifier>();
        builder.Services.AddScoped<NotificationText>();
        builder.Services.AddScoped<NotificationQueries>();
        builder.Services.AddScoped<MentionNotices>();
        builder.Services.AddScoped<NotificationSettingsStore>();
        builder.Services.AddSingleton<UnsubscribeTokens>();
        builder.Services.AddOptions<NotificationMailOptions>().BindConfiguration(NotificationMailOptions.Section);
        builder.Services.AddSingleton<NotificationMailer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NotificationMailer>());
        return builder;
    }

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        NotificationEndpoints.Map(app);
        return app;
    }
}
