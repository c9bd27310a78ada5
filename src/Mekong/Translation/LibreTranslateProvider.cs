using System.Net;
using System.Text.Json.Serialization;

namespace Mekong.Translation;

/// <summary>
/// A LibreTranslate-compatible MT engine (<c>POST /translate</c>). Glossary terms are replaced by numbered
/// placeholders (<see cref="Placeholders"/>) before the call and restored as the target's preferred term after.
/// </summary>
public sealed class LibreTranslateProvider(HttpClient http, ProviderSettings settings) : ITranslationProvider
{
    private readonly Uri _translate = new(settings.Endpoint!.TrimEnd('/') + "/translate");

    public string Name => ProviderSettings.LibreTranslate;

    public string Model => settings.ModelName;

    public async Task<string> TranslateAsync(TranslationRequest request, CancellationToken ct)
    {
        var (protectedText, terms) = Placeholders.Protect(request.Text, request.Matches, request.Constraints);
        var body = new LibreRequest(
            protectedText,
            LanguageNames.LibreTranslate(request.SourceLanguage),
            LanguageNames.LibreTranslate(request.TargetLanguage),
            "text",
            string.IsNullOrWhiteSpace(settings.ApiKey) ? null : settings.ApiKey);
        using var response = await http.PostAsJsonAsync(_translate, body, ct);
        if (!response.IsSuccessStatusCode)
        {
            var status = response.StatusCode;
            throw new ProviderException(
                $"LibreTranslate answered {(int)status}.",
                transient: status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500);
        }

        var answer = await response.Content.ReadFromJsonAsync<LibreResponse>(ct);
        if (string.IsNullOrWhiteSpace(answer?.TranslatedText))
        {
            throw new ProviderException("LibreTranslate sent no translatedText.", transient: true);
        }

        return Placeholders.Restore(answer.TranslatedText, terms);
    }

    private sealed record LibreRequest(
        [property: JsonPropertyName("q")] string Q,
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("target")] string Target,
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("api_key"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApiKey);

    private sealed record LibreResponse([property: JsonPropertyName("translatedText")] string? TranslatedText);
}
