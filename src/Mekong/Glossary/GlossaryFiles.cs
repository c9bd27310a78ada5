using System.Text;
using System.Xml;
using System.Xml.Linq;
using Mekong.Platform.Content;
using Mekong.Platform.Http;

namespace Mekong.Glossary;

/// <summary>
/// Glossary exchange files. CSV: one row per concept and language, columns
/// <c>concept,category,language,preferred,allowed,note</c> (allowed forms separated by ';', the concept's note on
/// every row). TBX: TBX-Basic in the TBX v3 core structure, DCA style (conceptEntry / langSec / termSec, subjectField
/// for the category, administrativeStatus preferredTerm / admittedTerm); TBX v2 (martif / termEntry / langSet / tig)
/// is read too. Reading never resolves DTDs or external entities: a document that declares one is refused.
/// Errors are keyed "line N: field".
/// </summary>
public static class GlossaryFiles
{
    public const string CsvHeader = "concept,category,language,preferred,allowed,note";
    public const string TbxNamespace = "urn:iso:std:iso:30042:ed-2";

    private const string Preferred = "preferredTerm-admn-sts";
    private const string Admitted = "admittedTerm-admn-sts";

    public static string ToCsv(IEnumerable<GlossaryConceptView> concepts)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var concept in concepts)
        {
            foreach (var term in concept.Terms)
            {
                csv.Append(Csv.Quote(concept.Id)).Append(',')
                    .Append(Name(concept.Category)).Append(',')
                    .Append(term.Language).Append(',')
                    .Append(Csv.Quote(term.Preferred)).Append(',')
                    .Append(Csv.Quote(string.Join(';', term.Allowed))).Append(',')
                    .Append(Csv.Quote(concept.Note)).Append('\n');
            }
        }

        return csv.ToString();
    }

    public static string Name(GlossaryCategory category) => category.ToString().ToLowerInvariant();

    /// <summary>Reads a CSV glossary; on any error returns nothing and lists every bad row and field.</summary>
    public static List<ValidConcept> ParseCsv(string text, Errors errors)
    {
        var rows = Csv.Parse(text, errors);
        if (errors.Any)
        {
            return [];
        }

        if (rows.Count == 0 || !string.Equals(string.Join(',', rows[0].Select(c => c.Trim().ToLowerInvariant())), CsvHeader, StringComparison.Ordinal))
        {
            errors.Add("line 1", $"The first line must be the header: {CsvHeader}");
            return [];
        }

        if (rows.Count - 1 > GlossaryLimits.ImportRows)
        {
            errors.Add("body", $"At most {GlossaryLimits.ImportRows} rows per import (got {rows.Count - 1}).");
            return [];
        }

        var builders = new Dictionary<string, ConceptBuilder>(StringComparer.Ordinal);
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            var line = i + 1;
            var prefix = $"line {line}: ";
            if (row.Count == 1 && string.IsNullOrWhiteSpace(row[0]))
            {
                continue;
            }

            if (row.Count != 6)
            {
                errors.Add($"line {line}", $"Expected 6 fields ({CsvHeader}), found {row.Count}.");
                continue;
            }

            var id = GlossaryStore.ValidateId(row[0], prefix + "concept", errors);
            var category = GlossaryStore.ParseCategory(row[1], prefix + "category", errors);
            var allowed = row[4].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var term = GlossaryStore.ValidateTerm(new TermInput(row[2], row[3], allowed), prefix, errors);
            var note = errors.Optional(prefix + "note", row[5], GlossaryLimits.NoteChars);
            if (id is null || category is null || term is null)
            {
                continue;
            }

            if (!builders.TryGetValue(id, out var builder))
            {
                builders[id] = builder = new ConceptBuilder(id, category.Value, line);
            }

            builder.Add(line, category.Value, term.Value, note, errors, "category", "note", "language");
        }

        return errors.Any ? [] : [.. builders.Values.Select(b => b.Build())];
    }

    public static string ToTbx(IEnumerable<GlossaryConceptView> concepts, long version)
    {
        XNamespace tbx = TbxNamespace;
        var body = new XElement(tbx + "body");
        foreach (var concept in concepts)
        {
            var entry = new XElement(tbx + "conceptEntry", new XAttribute("id", concept.Id),
                new XElement(tbx + "descrip", new XAttribute("type", "subjectField"), Name(concept.Category)));
            if (concept.Note.Length > 0)
            {
                entry.Add(new XElement(tbx + "note", concept.Note));
            }

            foreach (var term in concept.Terms)
            {
                var langSec = new XElement(tbx + "langSec", new XAttribute(XNamespace.Xml + "lang", term.Language));
                foreach (var (form, status) in term.Allowed.Select(a => (a, Admitted)).Prepend((term.Preferred, Preferred)))
                {
                    langSec.Add(new XElement(tbx + "termSec",
                        new XElement(tbx + "term", form),
                        new XElement(tbx + "termNote", new XAttribute("type", "administrativeStatus"), status)));
                }

                entry.Add(langSec);
            }

            body.Add(entry);
        }

        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(tbx + "tbx", new XAttribute("type", "TBX-Basic"), new XAttribute("style", "dca"), new XAttribute(XNamespace.Xml + "lang", "en"),
                new XElement(tbx + "tbxHeader",
                    new XElement(tbx + "fileDesc",
                        new XElement(tbx + "sourceDesc", new XElement(tbx + "p", $"Mekong cultural glossary, version {version}")))),
                new XElement(tbx + "text", body)));
        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            document.Save(writer);
        }

        // StringBuilder output declares utf-16; the bytes sent are UTF-8.
        return output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    /// <summary>Reads a TBX glossary; on any error returns nothing and lists every bad entry by line and field.</summary>
    public static List<ValidConcept> ParseTbx(string text, Errors errors)
    {
        XDocument document;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = GlossaryLimits.ImportBytes,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text.TrimStart('\uFEFF')), settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            var dtd = e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase);
            var line = e.LineNumber;
            if (dtd && line == 0 && text.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) is var at and >= 0)
            {
                line = 1 + text.AsSpan(0, at).Count('\n');
            }

            errors.Add($"line {line}", dtd
                ? "DTDs and entity declarations are refused (they could read files or other sites, or expand without bound); remove the <!DOCTYPE>."
                : "Not well-formed XML: " + e.Message);
            return [];
        }

        var root = document.Root!;
        if (root.Name.LocalName is not ("tbx" or "martif"))
        {
            errors.Add($"line {Line(root)}", "The root element must be <tbx> (TBX v3) or <martif> (TBX v2).");
            return [];
        }

        var entries = root.Descendants().Where(e => e.Name.LocalName is "conceptEntry" or "termEntry").ToList();
        var rows = entries.Sum(e => e.Descendants().Count(d => d.Name.LocalName is "langSec" or "langSet"));
        if (rows > GlossaryLimits.ImportRows)
        {
            errors.Add("body", $"At most {GlossaryLimits.ImportRows} language sections per import (got {rows}).");
            return [];
        }

        var builders = new Dictionary<string, ConceptBuilder>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var line = Line(entry);
            var prefix = $"line {line}: ";
            var id = GlossaryStore.ValidateId(entry.Attribute("id")?.Value, prefix + "id", errors);
            var subject = entry.Elements().FirstOrDefault(e => e.Name.LocalName == "descrip" && (string?)e.Attribute("type") == "subjectField")
                ?? entry.Elements().FirstOrDefault(e => e.Name.LocalName == "subjectField");
            var category = GlossaryStore.ParseCategory(subject?.Value, prefix + "subjectField", errors);
            var note = errors.Optional(prefix + "note",
                string.Join("\n", entry.Elements().Where(e => e.Name.LocalName == "note").Select(e => e.Value.Trim())), GlossaryLimits.NoteChars);
            if (id is not null && builders.ContainsKey(id))
            {
                errors.Add(prefix + "id", $"Concept '{id}' appears twice in the file.");
                continue;
            }

            var builder = id is null || category is null ? null : builders[id] = new ConceptBuilder(id, category.Value, line);
            foreach (var langSec in entry.Elements().Where(e => e.Name.LocalName is "langSec" or "langSet"))
            {
                var langLine = Line(langSec);
                var langPrefix = $"line {langLine}: ";
                var terms = langSec.Elements().Where(e => e.Name.LocalName is "termSec" or "tig" or "ntig")
                    .Select(t => (
                        Term: t.Descendants().FirstOrDefault(d => d.Name.LocalName == "term")?.Value,
                        Preferred: t.Descendants().Any(d => (d.Name.LocalName == "termNote" && (string?)d.Attribute("type") == "administrativeStatus" || d.Name.LocalName == "administrativeStatus")
                            && d.Value.Trim().StartsWith("preferred", StringComparison.OrdinalIgnoreCase))))
                    .ToList();
                if (terms.Count == 0)
                {
                    errors.Add(langPrefix + "term", "A language section needs at least one <termSec> with a <term>.");
                    continue;
                }

                var preferredIndex = Math.Max(0, terms.FindIndex(t => t.Preferred));
                var allowed = terms.Where((_, i) => i != preferredIndex).Select(t => t.Term ?? "").ToList();
                var term = GlossaryStore.ValidateTerm(new TermInput(langSec.Attribute(XNamespace.Xml + "lang")?.Value, terms[preferredIndex].Term, allowed), langPrefix, errors);
                if (term is not null)
                {
                    builder?.Add(langLine, category!.Value, term.Value, note, errors, "subjectField", "note", "xml:lang");
                }
            }

            if (builder is not null && !builder.HasTerms)
            {
                errors.Add(prefix + "langSec", "A concept needs at least one language section.");
            }
        }

        return errors.Any ? [] : [.. builders.Values.Select(b => b.Build())];
    }

    private static int Line(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    /// <summary>Gathers a concept's rows, checking that category and note agree and each language appears once.</summary>
    private sealed class ConceptBuilder(string id, GlossaryCategory category, int firstLine)
    {
        private readonly List<(string, string, IReadOnlyList<string>)> _terms = [];
        private readonly Dictionary<string, int> _languageLines = new(StringComparer.Ordinal);
        private string _note = "";
        private int _noteLine;

        public bool HasTerms => _terms.Count > 0;

        public void Add(int line, GlossaryCategory rowCategory, (string Language, string Preferred, IReadOnlyList<string> Allowed) term, string note,
            Errors errors, string categoryField, string noteField, string languageField)
        {
            var prefix = $"line {line}: ";
            if (rowCategory != category)
            {
                errors.Add(prefix + categoryField, $"'{Name(rowCategory)}' differs from '{Name(category)}' given for concept '{id}' on line {firstLine}.");
            }

            if (note.Length > 0)
            {
                if (_note.Length == 0)
                {
                    (_note, _noteLine) = (note, line);
                }
                else if (!string.Equals(note, _note, StringComparison.Ordinal))
                {
                    errors.Add(prefix + noteField, $"Differs from the note of concept '{id}' on line {_noteLine}; give the note once or identically.");
                }
            }

            if (_languageLines.TryGetValue(term.Language, out var earlier))
            {
                errors.Add(prefix + languageField, $"'{term.Language}' for concept '{id}' was already given on line {earlier}.");
                return;
            }

            _languageLines[term.Language] = line;
            _terms.Add(term);
        }

        // A file carries one note, the English one; notes in other languages stay as they are.
        public ValidConcept Build() => new(id, category, _note.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["en"] = _note }, _terms)
        {
            NotesComplete = false,
        };
    }
}
