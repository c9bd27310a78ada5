namespace Mekong.LanguageDetection;

public static class LanguageDetectionModule
{
    public static WebApplicationBuilder AddLanguageDetection(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LanguageDetector>();
        builder.Services.AddScoped<ContentLanguage>();
        builder.Services.AddHostedService<DetectorWarmUp>();
        return builder;
    }
}

/// <summary>
/// Loads the detection models on a background thread at startup, so no request pays the load (0.1 s). A request that
/// arrives first waits for the same load: results never depend on timing.
/// </summary>
internal sealed class DetectorWarmUp : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(LanguageDetector.WarmUp, stoppingToken);
}
