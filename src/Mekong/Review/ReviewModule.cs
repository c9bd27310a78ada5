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
        builder.Services.AddScoped<ProfileScreening>();
        builder.Services.AddOptions<ScreeningOptions>().BindConfiguration("Review:Screening")
            .Validate(o => o.FlagAt is > 0 and <= 1 && o.HoldAt is > 0 and <= 1 && o.FlagAt <= o.HoldAt, "Review:Screening: FlagAt and HoldAt are scores in (0, 1] with FlagAt ≤ HoldAt.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ContentScreen>();
        builder.Services.AddSingleton<IContentClassifier, NoClassifier>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReview(this IEndpointRouteBuilder app)
    {
        ReviewEndpoints.Map(app);
        return app;
    }
}
