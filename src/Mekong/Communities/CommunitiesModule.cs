namespace Mekong.Communities;

public static class CommunitiesModule
{
    public static WebApplicationBuilder AddCommunities(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CommunityQueries>();
        builder.Services.AddScoped<CommunityCommands>();
        builder.Services.AddScoped<CommunityNotices>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCommunities(this IEndpointRouteBuilder app)
    {
        CommunityEndpoints.Map(app);
        return app;
    }
}
