namespace Mekong.Discussion;

public static class DiscussionModule
{
    public static WebApplicationBuilder AddDiscussion(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DiscussionCommands>();
        builder.Services.AddScoped<DiscussionNotices>();
        builder.Services.AddScoped<PostFollowing>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDiscussion(this IEndpointRouteBuilder app)
    {
        DiscussionEndpoints.Map(app);
        return app;
    }
}
