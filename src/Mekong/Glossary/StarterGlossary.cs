using System.Text.Json;
using Mekong.Platform.Http;

namespace Mekong.Glossary;

/// <summary>
/// The glossary Mekong ships (Data/starter-glossary.json, embedded): festivals, foods, kinship terms, honorifics,
/// places and institutions shared across China and ASEAN, in all 11 platform languages. Each language entry is
/// "preferred; allowed; allowed…".
/// </summary>
public static class StarterGlossary
{
    public const string ResourceName = "Mekong.Glossary.Data.starter-glossary.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record Entry(string Id, string Category, string Note, Dictionary<string, string> Terms);

    public static IReadOnlyList<ValidConcept> Load()
    {
        using var stream = typeof(StarterGlossary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        var entries = JsonSerializer.Deserialize<List<Entry>>(stream, JsonOptions) ?? [];
        var concepts = new List<ValidConcept>();
        var errors = new Errors();
        foreach (var entry in entries)
        {
            var terms = entry.Terms.Select(t =>
            {
                var forms = t.Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                return new TermInput(t.Key, forms.FirstOrDefault(), forms.Skip(1).ToList());
            }).ToList();
            if (GlossaryStore.Validate(new ConceptInput(entry.Id, entry.Category, entry.Note, terms), errors, entry.Id + ": ") is { } valid)
            {
                concepts.Add(valid);
            }
        }

        if (errors.Any)
        {
            throw new InvalidOperationException("The starter glossary is invalid: " + string.Join("; ", errors.ToDictionary().Select(e => e.Key + " " + string.Join(" ", e.Value))));
        }

        return concepts;
    }
}
