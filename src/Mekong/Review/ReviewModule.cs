namespace Mekong.Review;

public static class ReviewModule
{
    public static WebApplicationBuilder AddReview(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<RuleBook>();
        builder.Services.AddScoped<ReviewQueue>();
        builder.Services.AddScoped<GuidelinesText>();
        builder.Services.AddScoped<ReviewQueries>();
        builder.Services.AddScoped<ProfileScreening>();
        builder.Services.AddOptions<ScreeningOptions>().BindConfiguration("Review:Screening")
            .Validate(o => o.FlagAt is > 0 and <= 1 && o.HoldAt is > 0 and <= 1 && o.FlagAt <= o.HoldAt, "Review:Screening: FlagAt and HoldAt are scores in (0, 1] with FlagAt ≤ HoldAt.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ContentScreen>();
        builder.Services.AddOptions<ClassifierSettings>().BindConfiguration("Review:Classifier")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ModelDirectory) && o.MinimumPerClass >= 2 && o.ReloadSeconds >= 1 && o.DecisionWeight > 0,
                "Review:Classifier: ModelDirectory is a folder, MinimumPerClass at least 2, ReloadSeconds at least 1, DecisionWeight above 0.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SiteClassifier>();
        builder.Services.AddSingleton<IContentClassifier>(s => s.GetRequiredService<SiteClassifier>());
        builder.Services.AddSingleton<ClassifierRetrainer>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReview(this IEndpointRouteBuilder app)
    {
        ReviewEndpoints.Map(app);
        ClassifierEndpoints.Map(app);
        return app;
    }
}
