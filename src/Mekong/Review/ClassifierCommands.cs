using Mekong.Platform.Data;
using Mekong.Review.Classifier;

namespace Mekong.Review;

/// <summary>
/// <c>moderation train|retrain</c> and <c>eval moderation</c> from the application's command line, run instead of
/// the web host: the classifier commands with the application's text features (Mekong.Text normalizer and
/// segmenter), its term matcher for --terms, and, for retrain, its configured database and model folder.
/// </summary>
public static class ClassifierCommands
{
    public static bool Handles(string[] args) => ModerationCli.Handles(args);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        // The site's configuration (appsettings.json, environment variables), not the command's options.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        var settings = builder.Configuration.GetSection("Review:Classifier").Get<ClassifierSettings>() ?? new ClassifierSettings();
        var screening = builder.Configuration.GetSection("Review:Screening").Get<ScreeningOptions>() ?? new ScreeningOptions();
        var seams = new ModerationCliSeams
        {
            Tokenize = SiteTextFeatures.Tokenize,
            Normalize = SiteTextFeatures.Normalize,
            FeaturesName = SiteTextFeatures.Name,
            TermRules = TermFileRules.Build,
            RulesName = "Mekong.Text term matcher (normalized, obfuscation-aware, dictionary word boundaries)",
            ModelDirectory = settings.ModelDirectory,
            MinimumPerClass = settings.MinimumPerClass,
            Threshold = screening.FlagAtFor,
            LoadDecisions = async ct =>
            {
                builder.AddDatabase();
                await using var app = builder.Build();
                await app.Services.MigrateDatabaseAsync(ct);
                await using var scope = app.Services.CreateAsyncScope();
                return await DecisionLabels.LoadAsync(scope.ServiceProvider.GetRequiredService<MekongDb>(), ct);
            },
        };
        return await ModerationCli.RunAsync(args, output, seams);
    }
}
