using System.Text;
using Mekong.Accounts;
using Mekong.Platform;
using Mekong.Platform.Http;
using Mekong.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Glossary;

internal static class GlossaryEndpoints
{
    public sealed record ImportResult(int Created, int Updated, long Version);

    public static void Map(IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/glossary").WithTags("Glossary");
        read.MapGet("/", List).WithSummary("List glossary concepts");
        read.MapGet("/{id}", Get).WithSummary("Get a glossary concept");
        read.MapGet("/export.csv", ExportCsv);
        read.MapGet("/export.tbx", ExportTbx);

        var edit = app.MapGroup("/api/v1/glossary").WithTags("Glossary").RequireAuthorization(Roles.StaffPolicy);
        edit.MapPost("/", Create).WithSummary("Create a glossary concept");
        edit.MapPut("/{id}", Update).WithSummary("Replace a glossary concept (terms and notes per language)");
        edit.MapDelete("/{id}", Delete).WithSummary("Delete a glossary concept");
        edit.MapPost("/import", Import).Accepts<string>("text/csv", "application/x-tbx", "application/xml", "text/xml");
    }

    /// <summary>Concepts ordered by id; filters: a language the concept has a term in, a category, and text found (folded)
    /// in the id or any term.</summary>
    public static IEnumerable<GlossaryConceptView> Filter(GlossarySnapshot snapshot, string? language, GlossaryCategory? category, string? q)
    {
        var needle = string.IsNullOrWhiteSpace(q) ? null : TextNormalizer.Basic.NormalizeToString(q.Trim());
        return snapshot.Concepts.Where(c =>
            (language is null || c.Term(language) is not null)
            && (category is null || c.Category == category)
            && (needle is null || c.Id.Contains(needle, StringComparison.Ordinal)
                || c.Terms.Any(t => (language is null || t.Language == language)
                    && t.Allowed.Prepend(t.Preferred).Any(f => TextNormalizer.Basic.NormalizeToString(f).Contains(needle, StringComparison.Ordinal)))));
    }

    private static Results<Ok<Page<GlossaryConceptView>>, ValidationProblem> List(string? cursor, int? limit, string? language, string? category, string? q, Glossary glossary)
    {
        var errors = new Errors();
        string? code = null;
        if (!string.IsNullOrWhiteSpace(language) && (code = Languages.Canonical(language.Trim())) is null)
        {
            errors.Add("language", $"'{language}' is not a platform language; use one of {string.Join(", ", Languages.Platform.Select(l => l.Code))}.");
        }

        var wanted = QueryEnum.Parse<GlossaryCategory>(category, "category", errors);
        if (!Cursor.TryDecodeText(cursor, out var after) || (after is not null && GlossaryStore.ValidateId(after, "cursor", new Errors()) is null))
        {
            errors.Add("cursor", "Not a cursor this API issued.");
        }

        errors.Optional("q", q, 200);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var size = Cursor.Size(limit);
        var rows = Filter(glossary.Current, code, wanted, q)
            .Where(c => after is null || string.CompareOrdinal(c.Id, after) > 0)
            .Take(size + 1).ToList();
        var next = rows.Count > size ? Cursor.EncodeText(rows[size - 1].Id) : null;
        return TypedResults.Ok(new Page<GlossaryConceptView>(rows.Take(size).ToList(), next));
    }

    private static Results<Ok<GlossaryConceptView>, ProblemHttpResult> Get(string id, Glossary glossary) =>
        glossary.Current.ById.TryGetValue(id, out var concept) ? TypedResults.Ok(concept) : Problems.NotFound("glossary concept");

    private static async Task<Results<Created<GlossaryConceptView>, ValidationProblem>> Create(ConceptInput input, GlossaryStore store, CancellationToken ct)
    {
        var errors = new Errors();
        var concept = GlossaryStore.Validate(input, errors);
        if (concept is null)
        {
            return Problems.Invalid(errors);
        }

        var view = await store.CreateAsync(concept, errors, ct);
        return view is null ? Problems.Invalid(errors) : TypedResults.Created($"/api/v1/glossary/{view.Id}", view);
    }

    private static async Task<Results<Ok<GlossaryConceptView>, ProblemHttpResult, ValidationProblem>> Update(string id, ConceptInput input, GlossaryStore store, CancellationToken ct)
    {
        var errors = new Errors();
        if (input.Id is { } bodyId && !string.Equals(bodyId.Trim(), id, StringComparison.Ordinal))
        {
            errors.Add("id", "The id in the body differs from the one in the path; ids cannot be renamed (create a new concept instead).");
            return Problems.Invalid(errors);
        }

        var concept = GlossaryStore.Validate(input with { Id = id }, errors);
        if (concept is null)
        {
            return Problems.Invalid(errors);
        }

        var (view, stale) = await store.UpdateAsync(concept, input.Revision, ct);
        if (stale)
        {
            return Problems.Conflict($"The concept changed since revision {input.Revision}" + (view is null ? "." : $"; it is now at revision {view.Revision}. Reload and apply your change again."));
        }

        return view is null ? Problems.NotFound("glossary concept") : TypedResults.Ok(view);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, GlossaryStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("glossary concept");

    private static FileContentHttpResult ExportCsv(Glossary glossary) =>
        TypedResults.File(Encoding.UTF8.GetBytes(GlossaryFiles.ToCsv(glossary.Current.Concepts)), "text/csv; charset=utf-8", "mekong-glossary.csv");

    private static FileContentHttpResult ExportTbx(Glossary glossary)
    {
        var snapshot = glossary.Current;
        return TypedResults.File(Encoding.UTF8.GetBytes(GlossaryFiles.ToTbx(snapshot.Concepts, snapshot.Version)), "application/x-tbx", "mekong-glossary.tbx");
    }

    private static async Task<Results<Ok<ImportResult>, ValidationProblem, ProblemHttpResult>> Import(HttpRequest request, GlossaryStore store, Glossary glossary, CancellationToken ct)
    {
        var type = request.ContentType ?? "";
        var csv = type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase);
        var tbx = type.StartsWith("application/x-tbx", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/xml", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase);
        if (!csv && !tbx)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the glossary as text/csv, or as TBX with application/x-tbx or application/xml.");
        }

        var (text, error) = await ReadAsync(request, ct);
        if (text is null)
        {
            return Problems.Invalid("body", error!);
        }

        var errors = new Errors();
        var concepts = csv ? GlossaryFiles.ParseCsv(text, errors) : GlossaryFiles.ParseTbx(text, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var (created, updated) = await store.ImportAsync(concepts, errors, ct);
        return errors.Any ? Problems.Invalid(errors) : TypedResults.Ok(new ImportResult(created, updated, glossary.Version));
    }

    /// <summary>Reads an uploaded file as strict UTF-8, at most <see cref="GlossaryLimits.ImportBytes"/> bytes.</summary>
    public static async Task<(string? Text, string? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > GlossaryLimits.ImportBytes)
            {
                return (null, $"At most {GlossaryLimits.ImportBytes} bytes per import.");
            }
        }

        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, "The file is not valid UTF-8.");
        }
    }
}
