using Mekong.Platform.Outbox;

namespace Mekong.Posts;

public static class PostsModule
{
    public static WebApplicationBuilder AddPosts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Platform.Content.MarkdownRenderer>();
        builder.Services.AddSingleton<PostComposer>();
        builder.Services.AddScoped<PostQueries>();
        builder.Services.AddScoped<PostCommands>();
        builder.Services.AddOutboxHandler<PostPublished, PostFollowUp>();
        builder.Services.AddOutboxHandler<PostEdited, PostFollowUp>();
        builder.Services.AddOutboxHandler<PostRemoved, PostFollowUp>();
        builder.Services.AddOutboxHandler<PostRestored, PostFollowUp>();
        builder.Services.AddHostedService<PurgeDeletedPosts>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPosts(this IEndpointRouteBuilder app)
    {
        PostEndpoints.Map(app);
        return app;
    }
}
