using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mekong.Platform.Http;

/// <summary>
/// The one text-input rule of the API, applied to every JSON string field as it is read: valid UTF-8 (the reader
/// already refuses anything else), no U+0000 (PostgreSQL cannot store it, SQLite would keep it silently), and NFC, the
/// form text is stored and compared in. A refused value is a 400 naming the field (see <see cref="BadRequestHandler"/>);
/// lengths stay with each field's own validation.
/// </summary>
public sealed class InputTextConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("The value must be a string.");
        }

        var value = reader.GetString()!;
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new JsonException("Must not contain the NUL character (U+0000).");
        }

        return value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
