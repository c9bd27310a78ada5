namespace Mekong.Review;

public static class ReviewModule
{
    public static WebApplicationBuilder AddReview(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<RuleBook>();
        builder.Services.AddScoped<ReviewQueue>();
        builder.Services.AddScoped<GuidelinesText>();
        builder.Services.AddScoped<ReviewQueries>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReview(this IEndpointRouteBuilder app)
    {
        ReviewEndpoints.Map(app);
        return app;
    }
}
