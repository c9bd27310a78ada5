using Mekong.Accounts;
using Mekong.Platform;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mekong.Glossary;

/// <summary>The glossary for everyone: browse by category and language, search; moderators also import files.</summary>
public sealed class GlossaryPage(Glossary glossary) : PageModel
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Language { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<GlossaryConceptView> Concepts { get; private set; } = [];
    public string? Next { get; private set; }
    public long Version { get; private set; }
    public string? Imported { get; private set; }

    public bool IsStaff => User.IsInRole(Roles.Moderator) || User.IsInRole(Roles.Admin);

    public void OnGet()
    {
        var snapshot = glossary.Current;
        Version = snapshot.Version;
        var errors = new Errors();
        var category = QueryEnum.Parse<GlossaryCategory>(Category, nameof(Category), errors);
        var language = Languages.Canonical(Language);
        var rows = GlossaryEndpoints.Filter(snapshot, language, category, Q)
            .Where(c => After is null || string.CompareOrdinal(c.Id, After) > 0).Take(PageSize + 1).ToList();
        Next = rows.Count > PageSize ? rows[PageSize - 1].Id : null;
        Concepts = rows.Take(PageSize).ToList();
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, [FromServices] GlossaryStore store, CancellationToken ct)
    {
        var errors = new Errors();
        if (!IsStaff)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            errors.Add("file", "Choose a CSV or TBX file.");
        }
        else if (file.Length > GlossaryLimits.ImportBytes)
        {
            errors.Add("file", $"At most {GlossaryLimits.ImportBytes} bytes per import.");
        }
        else
        {
            string text;
            using (var reader = new StreamReader(file.OpenReadStream(), new System.Text.UTF8Encoding(false, true)))
            {
                try
                {
                    text = await reader.ReadToEndAsync(ct);
                }
                catch (System.Text.DecoderFallbackException)
                {
                    text = "";
                    errors.Add("file", "The file is not valid UTF-8.");
                }
            }

            if (!errors.Any)
            {
                var tbx = file.FileName.EndsWith(".tbx", StringComparison.OrdinalIgnoreCase) || file.FileName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
                    || text.TrimStart('\uFEFF').TrimStart().StartsWith('<');
                var concepts = tbx ? GlossaryFiles.ParseTbx(text, errors) : GlossaryFiles.ParseCsv(text, errors);
                if (!errors.Any)
                {
                    var (created, updated) = await store.ImportAsync(concepts, errors, ct);
                    Imported = $"{created}|{updated}";
                }
            }
        }

        errors.CopyTo(ModelState);
        OnGet();
        return Page();
    }
}

/// <summary>Create, edit or delete one concept with its terms in all languages (moderators and admins).</summary>
[Authorize(Policy = AccountsModule.WebPolicy, Roles = Roles.Moderator + "," + Roles.Admin)]
public sealed class GlossaryEditPage(Glossary glossary, GlossaryStore store) : PageModel
{
    public sealed class TermRow
    {
        public string Language { get; set; } = "";
        public string? Preferred { get; set; }
        public string? Allowed { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    [BindProperty] public string? NewId { get; set; }
    [BindProperty] public string? Category { get; set; }
    /// <summary>One note, taken as the English one when the form sends no English note (older clients).</summary>
    [BindProperty] public string? Note { get; set; }

    /// <summary>Usage notes keyed by language code (form fields Notes[th], Notes[km]…).</summary>
    [BindProperty] public Dictionary<string, string?> Notes { get; set; } = new(StringComparer.Ordinal);
    [BindProperty] public int? Revision { get; set; }
    [BindProperty] public List<TermRow> Terms { get; set; } = [];

    public bool IsNew => Id is null;

    public IActionResult OnGet()
    {
        if (Id is null)
        {
            Terms = [.. Languages.Platform.Select(l => new TermRow { Language = l.Code })];
            return Page();
        }

        if (!glossary.Current.ById.TryGetValue(Id, out var concept))
        {
            return NotFound();
        }

        Category = GlossaryFiles.Name(concept.Category);
        Notes = concept.Notes.ToDictionary(n => n.Key, n => (string?)n.Value, StringComparer.Ordinal);
        Revision = concept.Revision;
        Terms = [.. Languages.Platform.Select(l => concept.Term(l.Code) is { } t
            ? new TermRow { Language = l.Code, Preferred = t.Preferred, Allowed = string.Join("; ", t.Allowed) }
            : new TermRow { Language = l.Code })];
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var errors = new Errors();
        var terms = Terms.Where(t => !string.IsNullOrWhiteSpace(t.Preferred) || !string.IsNullOrWhiteSpace(t.Allowed))
            .Select(t => new TermInput(t.Language, t.Preferred, (t.Allowed ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
        // Only the Notes[lang] fields: with none posted, the dictionary binder falls back to every form field.
        var notes = Notes.Where(n => Languages.Canonical(n.Key) is not null).ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);
        var concept = GlossaryStore.Validate(new ConceptInput(Id ?? NewId, Category, Note, terms, null, notes), errors);
        if (concept is not null)
        {
            if (Id is null)
            {
                await store.CreateAsync(concept, errors, ct);
            }
            else
            {
                var (view, stale) = await store.UpdateAsync(concept, Revision, ct);
                if (stale)
                {
                    errors.Add("", "Someone changed this concept meanwhile; reload the page and apply your change again.");
                }
                else if (view is null)
                {
                    return NotFound();
                }
            }
        }

        if (errors.Any)
        {
            errors.CopyTo(ModelState);
            return Page();
        }

        return Redirect("/glossary?q=" + Uri.EscapeDataString(concept!.Id));
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (Id is not null)
        {
            await store.DeleteAsync(Id, ct);
        }

        return Redirect("/glossary");
    }
}
