using Mekong.Glossary;
using Mekong.Platform.Outbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mekong.Translation;

public static class TranslationModule
{
    public static WebApplicationBuilder AddTranslation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TranslationOptions>().Bind(builder.Configuration.GetSection("Translation")).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TranslationOptions>, TranslationOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IGlossary, EmptyGlossary>();
        // Timeouts are the gateway's (per call, configurable); the client itself never gives up first.
        builder.Services.AddHttpClient(TranslationGateway.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<TranslationGateway>();
        builder.Services.AddSingleton<TranslationFlights>();
        builder.Services.AddScoped<Translator>();
        builder.Services.AddOutboxHandler<TranslationStored, TranslationIndexing>();
        builder.Services.AddScoped<PostEditing>();
        builder.Services.AddScoped<ReaderTranslation>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTranslation(this IEndpointRouteBuilder app)
    {
        TranslationEndpoints.Map(app);
        return app;
    }
}

/// <summary>A bad translation setting stops the start with the key and what to use.</summary>
internal sealed class TranslationOptionsValidator : IValidateOptions<TranslationOptions>
{
    public ValidateOptionsResult Validate(string? name, TranslationOptions o)
    {
        var errors = new List<string>();
        Check("Translation", o.Provider, o.Endpoint);
        foreach (var (pair, p) in o.Pairs)
        {
            if (!TryPair(pair))
            {
                errors.Add($"Translation:Pairs:{pair}: name a pair of platform languages as source-target, e.g. th-vi or zh-Hans-en.");
            }

            Check($"Translation:Pairs:{pair}", p.Provider ?? o.Provider, p.Endpoint ?? o.Endpoint);
        }

        if (o.TimeoutSeconds is <= 0 or > 600)
        {
            errors.Add("Translation:TimeoutSeconds: between 0 and 600.");
        }

        if (o.ReadWaitSeconds is < 0 or > 60 || double.IsNaN(o.ReadWaitSeconds))
        {
            errors.Add("Translation:ReadWaitSeconds: between 0 and 60 (0 = readers never wait; translations arrive on a later read).");
        }

        if (o.Retries is < 0 or > 10 || o.BreakerFailures < 1 || o.DailyBudget < 0 || o.AcceptVotes < 1 || o.BackoffMilliseconds < 0 || o.BreakerSeconds < 0)
        {
            errors.Add("Translation: Retries 0-10, BreakerFailures >= 1, DailyBudget >= 0 (0 = unlimited), AcceptVotes >= 1, BackoffMilliseconds and BreakerSeconds >= 0.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Check(string key, string? provider, string? endpoint)
        {
            var kind = (provider ?? "").Trim().ToLowerInvariant();
            if (kind is not (ProviderSettings.OpenAi or ProviderSettings.LibreTranslate or ProviderSettings.None))
            {
                errors.Add($"{key}:Provider: '{provider}' is not a provider; use openai, libretranslate or none.");
            }
            else if (kind != ProviderSettings.None && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            {
                errors.Add($"{key}:Endpoint: {kind} needs the base URL of the service, e.g. http://127.0.0.1:8000/v1 (OpenAI-compatible) or http://127.0.0.1:5000 (LibreTranslate).");
            }
        }
    }

    /// <summary>"th-vi", "zh-Hans-en", "en-zh-Hant", "zh-Hans-zh-Hant": some split of the name is two platform codes.</summary>
    private static bool TryPair(string pair)
    {
        for (var i = pair.IndexOf('-', StringComparison.Ordinal); i > 0; i = pair.IndexOf('-', i + 1))
        {
            if (Platform.Languages.Canonical(pair[..i]) is not null && Platform.Languages.Canonical(pair[(i + 1)..]) is not null)
            {
                return true;
            }
        }

        return false;
    }
}
