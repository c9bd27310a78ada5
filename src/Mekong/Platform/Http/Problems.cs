using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Platform.Http;

/// <summary>RFC 9457 answers for the failures a client can fix.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No {what} has that id.");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>410: the thing existed and is gone for good (a deleted comment cannot be edited).</summary>
    public static ProblemHttpResult Gone(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Gone", detail: detail);

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(Errors errors) => TypedResults.ValidationProblem(errors.ToDictionary());

}

/// <summary>Collects per-field validation errors; endpoints answer 400 with all of them at once.</summary>
public sealed class Errors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0 || Denied is not null;

    /// <summary>Set when the member may not do this at all (e.g. silenced), as opposed to having sent bad fields.</summary>
    public string? Denied { get; private set; }

    public void Deny(string reason) => Denied = reason;

    /// <summary>How many messages so far, across all fields.</summary>
    public int Count => _errors.Values.Sum(l => l.Count);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public string? Required(string field, string? value, int maxChars)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Required.");
            return null;
        }

        value = value.Trim().Normalize(System.Text.NormalizationForm.FormC);
        if (value.Length > maxChars)
        {
            Add(field, $"At most {maxChars} characters (got {value.Length}).");
        }

        RefuseNul(field, value);
        return value;
    }

    public string Optional(string field, string? value, int maxChars)
    {
        value = (value ?? "").Trim().Normalize(System.Text.NormalizationForm.FormC);
        if (value.Length > maxChars)
        {
            Add(field, $"At most {maxChars} characters (got {value.Length}).");
        }

        RefuseNul(field, value);
        return value;
    }

    /// <summary>Checks a Markdown body against a byte limit (UTF-8), the unit operators size storage in.</summary>
    public string? Body(string field, string? value, int maxBytes)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Required.");
            return null;
        }

        value = value.Normalize(System.Text.NormalizationForm.FormC);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(value);
        if (bytes > maxBytes)
        {
            Add(field, $"At most {maxBytes} bytes of UTF-8 (got {bytes}).");
        }

        RefuseNul(field, value);
        return value;
    }

    /// <summary>PostgreSQL cannot store U+0000 in text (SQLite would keep it silently): refuse it on both.</summary>
    public void RefuseNul(string field, string? value)
    {
        if (value is not null && value.Contains('\0', StringComparison.Ordinal))
        {
            Add(field, "Must not contain the NUL character (U+0000).");
        }
    }

    public string Language(string field, string? value, string fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (string.Equals(value, Languages.Undetermined, StringComparison.OrdinalIgnoreCase))
        {
            return Languages.Undetermined;
        }

        var canonical = Languages.Canonical(value);
        if (canonical is null)
        {
            Add(field, $"'{value}' is not a platform language; use one of {string.Join(", ", Languages.Codes.Order(StringComparer.Ordinal))} or 'und'.");
            return fallback;
        }

        return canonical;
    }

    /// <summary>Shows the errors on a page's form.</summary>
    public void CopyTo(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState)
    {
        if (Denied is not null)
        {
            modelState.AddModelError("", Denied);
        }

        foreach (var (field, messages) in _errors)
        {
            modelState.AddModelError(field, string.Join(' ', messages));
        }
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
