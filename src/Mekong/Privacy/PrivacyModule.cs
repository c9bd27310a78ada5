using Microsoft.Extensions.Options;

namespace Mekong.Privacy;

/// <summary>Consent, export and erasure: what members decide about their data, and the way out with it.</summary>
public static class PrivacyModule
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PrivacyOptions>().Bind(builder.Configuration.GetSection("Privacy")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.AddScoped<Consent>();
        services.AddSingleton<ExportQueue>();
        services.AddScoped<Exports>();
        services.AddScoped<ExportBuilder>();
        services.AddScoped<Erasure>();
        services.AddSingleton<ErasedMembers>();
        services.AddSingleton<Microsoft.AspNetCore.Authentication.IClaimsTransformation>(sp => sp.GetRequiredService<ErasedMembers>());
        services.AddHostedService<ExportWorker>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        PrivacyEndpoints.Map(app);
        return app;
    }
}
