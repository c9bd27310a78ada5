using System.Text.RegularExpressions;
using Mekong.Platform;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Glossary;

/// <summary>One language's terms for a concept, as the API, CSV and TBX files write them.</summary>
public sealed record TermInput(string? Language, string? Preferred, IReadOnlyList<string>? Allowed);

/// <summary>
/// A concept as the API, CSV and TBX files write it. <see cref="Notes"/> are usage notes keyed by language;
/// <see cref="Note"/> (one note, as CSV and TBX carry it) is the English note unless <see cref="Notes"/> has one.
/// </summary>
public sealed record ConceptInput(string? Id, string? Category, string? Note, IReadOnlyList<TermInput>? Terms, int? Revision = null,
    IReadOnlyDictionary<string, string?>? Notes = null);

/// <summary>A concept that passed validation; <see cref="Notes"/> holds only non-empty notes, keyed by canonical language code.</summary>
public sealed record ValidConcept(string Id, GlossaryCategory Category, IReadOnlyDictionary<string, string> Notes, IReadOnlyList<(string Language, string Preferred, IReadOnlyList<string> Allowed)> Terms)
{
    /// <summary>False for a concept read from a CSV or TBX file, which carries the English note only: an import then
    /// keeps the notes in other languages.</summary>
    public bool NotesComplete { get; init; } = true;

    /// <summary>The English note, else the first: what a CSV or TBX file carries.</summary>
    public string Note => Notes.TryGetValue("en", out var en) ? en : Notes.Values.FirstOrDefault() ?? "";
}

/// <summary>
/// Edits of the glossary. Every edit runs in one transaction with the increment of the site-wide version, then
/// reloads the in-memory <see cref="Glossary"/>, so the matcher and <see cref="IGlossary.Version"/> reflect it at once.
/// Imports are all-or-nothing: every row valid, or nothing is written.
/// </summary>
public sealed partial class GlossaryStore(MekongDb db, Glossary glossary, TimeProvider clock)
{
    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create(";*\r\n\t\0");

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    public static GlossaryConceptView View(GlossaryConcept c)
    {
        var notes = c.Notes.Where(n => n.Text.Length > 0).OrderBy(n => LanguageOrder(n.Language)).ToDictionary(n => n.Language, n => n.Text, StringComparer.Ordinal);
        var note = notes.TryGetValue("en", out var en) ? en : notes.Values.FirstOrDefault() ?? "";
        return new(
            c.Id, c.Category, note, c.CreatedAt, c.UpdatedAt, c.Revision,
            [.. c.Terms.OrderBy(t => LanguageOrder(t.Language)).Select(t => new GlossaryTermView(t.Language, t.Preferred, t.AllowedList))], notes);
    }

    public static int LanguageOrder(string code)
    {
        for (var i = 0; i < Languages.Platform.Count; i++)
        {
            if (string.Equals(Languages.Platform[i].Code, code, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    public static GlossaryCategory? ParseCategory(string? value, string field, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "Required: festival, food, kinship, honorific, place, institution or other.");
            return null;
        }

        return QueryEnum.Parse<GlossaryCategory>(value, field, errors);
    }

    /// <summary>Checks a concept; errors are keyed <paramref name="prefix"/> + field (id, category, note, terms[i].language…).</summary>
    public static ValidConcept? Validate(ConceptInput input, Errors errors, string prefix = "", string idField = "id", string termsField = "terms")
    {
        var before = errors.Count;
        var id = ValidateId(input.Id, prefix + idField, errors);
        var category = ParseCategory(input.Category, prefix + "category", errors);
        var notes = ValidateNotes(input, prefix, errors);
        var terms = new List<(string, string, IReadOnlyList<string>)>();
        if (input.Terms is not { Count: > 0 })
        {
            errors.Add(prefix + termsField, "At least one language's term is required.");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < input.Terms.Count; i++)
            {
                var field = $"{prefix}{termsField}[{i}].";
                if (ValidateTerm(input.Terms[i], field, errors) is { } term)
                {
                    if (!seen.Add(term.Language))
                    {
                        errors.Add(field + "language", $"'{term.Language}' appears twice; give each language once.");
                        continue;
                    }

                    terms.Add(term);
                }
            }
        }

        return errors.Count > before || id is null || category is null ? null : new ValidConcept(id, category.Value, notes, terms);
    }

    /// <summary>Notes keyed by language (errors name notes.{key}); the single <c>note</c> counts as English.</summary>
    private static Dictionary<string, string> ValidateNotes(ConceptInput input, string prefix, Errors errors)
    {
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        var note = errors.Optional(prefix + "note", input.Note, GlossaryLimits.NoteChars);
        foreach (var (key, value) in input.Notes ?? new Dictionary<string, string?>())
        {
            var field = $"{prefix}notes.{key}";
            if (Languages.Canonical(key?.Trim()) is not { } code || !Languages.Platform.Any(l => string.Equals(l.Code, code, StringComparison.Ordinal)))
            {
                errors.Add(field, "Not a platform language; use one of " + string.Join(", ", Languages.Platform.Select(l => l.Code)) + ".");
                continue;
            }

            var text = errors.Optional(field, value, GlossaryLimits.NoteChars);
            if (notes.ContainsKey(code))
            {
                errors.Add(field, $"'{code}' appears twice; give each language's note once.");
            }
            else if (text.Length > 0)
            {
                notes[code] = text;
            }
        }

        if (note.Length > 0 && !(input.Notes?.Keys.Any(k => string.Equals(Languages.Canonical(k?.Trim()), "en", StringComparison.Ordinal)) ?? false))
        {
            notes["en"] = note;
        }

        return notes;
    }

    public static string? ValidateId(string? value, string field, Errors errors)
    {
        var id = value?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            errors.Add(field, "Required: a slug such as spring-festival.");
            return null;
        }

        if (id.Length > GlossaryLimits.ConceptIdChars || !Slug().IsMatch(id))
        {
            errors.Add(field, $"'{Shorten(id)}' is not a concept id: lower-case a–z, digits and single hyphens, at most {GlossaryLimits.ConceptIdChars} characters.");
            return null;
        }

        return id;
    }

    /// <summary>Checks one language's terms; field names are <paramref name="prefix"/> + language, preferred, allowed.</summary>
    public static (string Language, string Preferred, IReadOnlyList<string> Allowed)? ValidateTerm(TermInput input, string prefix, Errors errors)
    {
        var before = errors.Count;
        string? language = null;
        if (string.IsNullOrWhiteSpace(input.Language))
        {
            errors.Add(prefix + "language", "Required: one of " + string.Join(", ", Languages.Platform.Select(l => l.Code)) + ".");
        }
        else if (Languages.Canonical(input.Language.Trim()) is { } canonical)
        {
            language = canonical;
        }
        else
        {
            errors.Add(prefix + "language", $"'{Shorten(input.Language)}' is not a platform language; use one of {string.Join(", ", Languages.Platform.Select(l => l.Code))}.");
        }

        var preferred = Form(input.Preferred, prefix + "preferred", errors, required: true);
        var allowed = new List<string>();
        var given = input.Allowed ?? [];
        if (given.Count > GlossaryLimits.AllowedPerTerm)
        {
            errors.Add(prefix + "allowed", $"At most {GlossaryLimits.AllowedPerTerm} variants (got {given.Count}).");
        }

        for (var i = 0; i < given.Count && i < GlossaryLimits.AllowedPerTerm; i++)
        {
            if (Form(given[i], $"{prefix}allowed[{i}]", errors, required: false) is { Length: > 0 } form
                && !string.Equals(form, preferred, StringComparison.Ordinal) && !allowed.Contains(form, StringComparer.Ordinal))
            {
                allowed.Add(form);
            }
        }

        return errors.Count > before || language is null || preferred is null ? null : (language, preferred, allowed);
    }

    private static string? Form(string? value, string field, Errors errors, bool required)
    {
        var form = (value ?? "").Trim().Normalize(System.Text.NormalizationForm.FormC);
        if (form.Length == 0)
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }

            return null;
        }

        if (form.Length > GlossaryLimits.TermChars)
        {
            errors.Add(field, $"At most {GlossaryLimits.TermChars} characters (got {form.Length}).");
            return null;
        }

        if (form.AsSpan().IndexOfAny(Forbidden) >= 0)
        {
            errors.Add(field, $"'{Shorten(form)}' contains ';', '*', a tab, a line break or NUL, which terms may not contain.");
            return null;
        }

        if (!GlossaryText.IsMatchable(form))
        {
            errors.Add(field, $"'{Shorten(form)}' has no letter or digit.");
            return null;
        }

        return form;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    public async Task<GlossaryConceptView?> CreateAsync(ValidConcept concept, Errors errors, CancellationToken ct = default)
    {
        if (await db.GlossaryConcepts.AnyAsync(c => c.Id == concept.Id, ct))
        {
            errors.Add("id", $"A concept '{concept.Id}' already exists; PUT /api/v1/glossary/{concept.Id} to change it.");
            return null;
        }

        if (await db.GlossaryConcepts.CountAsync(ct) >= GlossaryLimits.Concepts)
        {
            errors.Add("id", $"The glossary holds at most {GlossaryLimits.Concepts} concepts.");
            return null;
        }

        var entity = new GlossaryConcept(concept.Id, concept.Category, concept.Notes, clock.GetUtcNow());
        entity.Terms.AddRange(concept.Terms.Select(t => new GlossaryTerm(concept.Id, t.Language, t.Preferred, t.Allowed)));
        try
        {
            await WriteAsync(() => db.GlossaryConcepts.Add(entity), ct);
        }
        catch (DbUpdateException)
        {
            // Created by someone else between the check and the insert.
            db.ChangeTracker.Clear();
            errors.Add("id", $"A concept '{concept.Id}' already exists; PUT /api/v1/glossary/{concept.Id} to change it.");
            return null;
        }

        return View(entity);
    }

    /// <summary>Replaces a concept's category, note and terms. Null when it does not exist; errors on a stale revision.</summary>
    public async Task<(GlossaryConceptView? View, bool Stale)> UpdateAsync(ValidConcept concept, int? revision, CancellationToken ct = default)
    {
        var entity = await db.GlossaryConcepts.Include(c => c.Terms).Include(c => c.Notes).FirstOrDefaultAsync(c => c.Id == concept.Id, ct);
        if (entity is null)
        {
            return (null, false);
        }

        if (revision is { } expected && expected != entity.Revision)
        {
            return (View(entity), true);
        }

        try
        {
            await WriteAsync(() => Replace(entity, concept), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (null, true);
        }

        return (View(entity), false);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        var entity = await db.GlossaryConcepts.Include(c => c.Terms).Include(c => c.Notes).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (entity is null)
        {
            return false;
        }

        try
        {
            await WriteAsync(() => db.GlossaryConcepts.Remove(entity), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // deleted meanwhile
            return false;
        }

        return true;
    }

    /// <summary>Writes validated concepts from a file: new ones are added, existing ones replaced. One transaction.</summary>
    public async Task<(int Created, int Updated)> ImportAsync(IReadOnlyList<ValidConcept> concepts, Errors errors, CancellationToken ct = default)
    {
        var ids = concepts.Select(c => c.Id).ToList();
        var existing = await db.GlossaryConcepts.Include(c => c.Terms).Include(c => c.Notes).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, ct);
        var total = await db.GlossaryConcepts.CountAsync(ct);
        var created = concepts.Count(c => !existing.ContainsKey(c.Id));
        if (total + created > GlossaryLimits.Concepts)
        {
            errors.Add("body", $"The glossary holds at most {GlossaryLimits.Concepts} concepts; this import would make {total + created}.");
            return (0, 0);
        }

        if (concepts.Count == 0)
        {
            return (0, 0);
        }

        var now = clock.GetUtcNow();
        void Apply()
        {
            foreach (var concept in concepts)
            {
                if (existing.TryGetValue(concept.Id, out var entity))
                {
                    Replace(entity, concept);
                }
                else
                {
                    var added = new GlossaryConcept(concept.Id, concept.Category, concept.Notes, now);
                    added.Terms.AddRange(concept.Terms.Select(t => new GlossaryTerm(concept.Id, t.Language, t.Preferred, t.Allowed)));
                    db.GlossaryConcepts.Add(added);
                }
            }
        }

        try
        {
            await WriteAsync(Apply, ct);
        }
        catch (DbUpdateException)
        {
            // A concept of the file was created, changed or deleted by someone else meanwhile; nothing was written.
            db.ChangeTracker.Clear();
            errors.Add("body", "The glossary changed while the file was imported; nothing was imported. Try again.");
            return (0, 0);
        }

        return (created, concepts.Count - created);
    }

    /// <summary>Puts the starter glossary into a site that never had a glossary; does nothing afterwards.</summary>
    public async Task<int> SeedStarterAsync(CancellationToken ct = default)
    {
        if (await db.GlossaryStates.AnyAsync(ct))
        {
            return 0;
        }

        var starter = StarterGlossary.Load();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var concept in starter)
        {
            var entity = new GlossaryConcept(concept.Id, concept.Category, concept.Notes, now);
            entity.Terms.AddRange(concept.Terms.Select(t => new GlossaryTerm(concept.Id, t.Language, t.Preferred, t.Allowed)));
            db.GlossaryConcepts.Add(entity);
        }

        db.GlossaryStates.Add(new GlossaryState { Version = 1 });
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded at the same moment: its glossary stands.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return 0;
        }

        return starter.Count;
    }

    private void Replace(GlossaryConcept entity, ValidConcept concept)
    {
        // Terms are keyed by (concept, language): update the ones kept in place, so EF does not delete and re-insert a key.
        var byLanguage = entity.Terms.ToDictionary(t => t.Language, StringComparer.Ordinal);
        var terms = new List<GlossaryTerm>();
        foreach (var (language, preferred, allowed) in concept.Terms)
        {
            if (byLanguage.Remove(language, out var kept))
            {
                kept.Set(preferred, allowed);
                terms.Add(kept);
            }
            else
            {
                terms.Add(new GlossaryTerm(entity.Id, language, preferred, allowed));
            }
        }

        foreach (var removed in byLanguage.Values)
        {
            db.Remove(removed);
        }

        // Notes too are keyed by (concept, language).
        var notesByLanguage = entity.Notes.ToDictionary(n => n.Language, StringComparer.Ordinal);
        var notes = new List<GlossaryNote>();
        foreach (var (language, text) in concept.Notes)
        {
            if (notesByLanguage.Remove(language, out var kept))
            {
                kept.Set(text);
                notes.Add(kept);
            }
            else
            {
                notes.Add(new GlossaryNote(entity.Id, language, text));
            }
        }

        foreach (var removed in notesByLanguage.Values)
        {
            if (concept.NotesComplete || string.Equals(removed.Language, "en", StringComparison.Ordinal))
            {
                db.Remove(removed);
            }
            else
            {
                notes.Add(removed);
            }
        }

        entity.Update(concept.Category, notes, terms, clock.GetUtcNow());
    }

    private async Task WriteAsync(Action change, CancellationToken ct)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            change();
            await db.SaveChangesAsync(ct);
            var bumped = await db.GlossaryStates.Where(s => s.Id == GlossaryState.SingletonId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), ct);
            if (bumped == 0)
            {
                db.GlossaryStates.Add(new GlossaryState { Version = 1 });
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }

        await glossary.ReloadAsync(ct);
    }
}
