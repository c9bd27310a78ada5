using Mekong.Platform.Outbox;

namespace Mekong.Discussion;

public static class DiscussionModule
{
    public static WebApplicationBuilder AddDiscussion(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DiscussionCommands>();
        builder.Services.AddScoped<DiscussionNotices>();
        builder.Services.AddScoped<PostFollowing>();
        builder.Services.AddOutboxHandler<CommentAdded, CommentFollowUp>();
        builder.Services.AddOutboxHandler<CommentEdited, CommentFollowUp>();
        builder.Services.AddOutboxHandler<CommentRemoved, CommentFollowUp>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDiscussion(this IEndpointRouteBuilder app)
    {
        DiscussionEndpoints.Map(app);
        return app;
    }
}
