namespace Mekong.Platform.Http;

/// <summary>
/// Enum values in query strings, spelled as in JSON (camelCase) or in any case. Minimal APIs' own enum binding is
/// case-sensitive and PascalCase, which would make <c>?kind=interestClub</c> fail where the body accepts it.
/// </summary>
public static class QueryEnum
{
    /// <summary>Parses <paramref name="value"/>; null when absent; adds an error naming the field when unknown.</summary>
    public static T? Parse<T>(string? value, string field, Errors errors)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!value.Trim().All(char.IsAsciiDigit) && Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }

        var names = Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]);
        errors.Add(field, $"'{value}' is not one of {string.Join(", ", names)}.");
        return null;
    }
}
