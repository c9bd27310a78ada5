using System.Globalization;
using System.Text;

namespace Mekong.Review.Classifier;

/// <summary>How the label column of a training file is read.</summary>
public enum LabelFormat
{
    /// <summary>The cell holds a class value, matched against the positive and negative values.</summary>
    Values,

    /// <summary>The cell holds a list of offending character offsets (ViHOS): <c>[]</c> is negative, any offset positive.</summary>
    Spans,
}

/// <summary>Which columns of a CSV file hold the text and the label, and what the label's values mean.</summary>
public sealed record CsvLabelSpec
{
    /// <summary>Matched exactly, or else case-insensitively when that finds one column.</summary>
    public string TextColumn { get; init; } = "text";

    public string LabelColumn { get; init; } = "label";

    public string Category { get; init; } = ModerationCategories.Abuse;

    public IReadOnlyList<string> PositiveValues { get; init; } = ["1"];

    public IReadOnlyList<string> NegativeValues { get; init; } = ["0"];

    public LabelFormat Format { get; init; } = LabelFormat.Values;
}

/// <summary>Rows read from a training file and every problem found on the way; usable only when there are no problems.</summary>
public sealed record TrainingData(IReadOnlyList<LabeledText> Rows, IReadOnlyList<DataProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Reads labeled training files: RFC 4180 CSV (quoted fields with commas, doubled quotes and line breaks), with or
/// without a byte-order mark. Strict: a file with any problem yields its problems (by line) and is not used at all.
/// </summary>
public static class ModerationCsv
{
    /// <summary>More problems than this are counted, not listed; one systematic mistake should not print 25,000 lines.</summary>
    public const int MaxListedProblems = 50;

    public static TrainingData Load(string path, CsvLabelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return new TrainingData([], [new DataProblem(0, $"file not found: {path}")]);
        }

        // detectEncodingFromByteOrderMarks drops the BOM that COLD and spreadsheet exports start with.
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        try
        {
            return Parse(reader, spec);
        }
        catch (DecoderFallbackException)
        {
            return new TrainingData([], [new DataProblem(0, $"{path} is not valid UTF-8 text")]);
        }
    }

    public static TrainingData Parse(TextReader reader, CsvLabelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<DataProblem>();
        var hidden = 0;
        void Problem(int line, string message)
        {
            if (problems.Count < MaxListedProblems)
            {
                problems.Add(new DataProblem(line, message));
            }
            else
            {
                hidden++;
            }
        }

        if (!ModerationCategories.IsKnown(spec.Category))
        {
            return Refused($"unknown category '{spec.Category}' (known: {string.Join(", ", ModerationCategories.All)})");
        }

        if (spec.Format == LabelFormat.Values)
        {
            var overlap = spec.PositiveValues.Intersect(spec.NegativeValues, StringComparer.Ordinal).ToList();
            if (spec.PositiveValues.Count == 0 || spec.NegativeValues.Count == 0 || overlap.Count > 0)
            {
                return Refused(overlap.Count > 0
                    ? $"label value '{overlap[0]}' is listed as both positive and negative"
                    : "both positive and negative label values are needed");
            }
        }

        var records = new CsvRecordReader(reader);
        if (!records.TryRead(out var header, out var headerLine, out var headerError))
        {
            return Refused(headerError ?? "the file is empty (no header, no rows)");
        }

        var textIndex = FindColumn(header, spec.TextColumn);
        var labelIndex = FindColumn(header, spec.LabelColumn);
        var columns = string.Join(", ", header.Select(h => $"'{h}'"));
        if (textIndex < 0)
        {
            Problem(headerLine, $"no text column '{spec.TextColumn}' in the header (columns: {columns})");
        }

        if (labelIndex < 0)
        {
            Problem(headerLine, $"no label column '{spec.LabelColumn}' in the header (columns: {columns})");
        }

        if (problems.Count > 0)
        {
            return new TrainingData([], problems);
        }

        var rows = new List<LabeledText>();
        while (records.TryRead(out var fields, out var line, out var error))
        {
            if (error is not null)
            {
                Problem(line, error);
                break;
            }

            if (fields.Count == 1 && fields[0].Length == 0 && header.Count > 1)
            {
                continue; // a blank line
            }

            if (fields.Count != header.Count)
            {
                Problem(line, $"{fields.Count} fields where the header has {header.Count}");
                continue;
            }

            var text = fields[textIndex];
            if (string.IsNullOrWhiteSpace(text))
            {
                Problem(line, $"text in column '{header[textIndex]}' is empty");
                continue;
            }

            var label = ParseLabel(fields[labelIndex], spec, out var labelError);
            if (label is null)
            {
                Problem(line, labelError!);
                continue;
            }

            rows.Add(LabeledText.For(spec.Category, text, label.Value, line));
        }

        if (problems.Count == 0 && rows.Count == 0)
        {
            Problem(0, "the file has a header but no rows");
        }

        if (hidden > 0)
        {
            problems.Add(new DataProblem(0, string.Create(CultureInfo.InvariantCulture, $"… and {hidden} more problems")));
        }

        return problems.Count > 0 ? new TrainingData([], problems) : new TrainingData(rows, []);

        static TrainingData Refused(string message) => new([], [new DataProblem(0, message)]);
    }

    private static int FindColumn(List<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        var loose = Enumerable.Range(0, header.Count)
            .Where(i => string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return loose.Count == 1 ? loose[0] : -1;
    }

    private static bool? ParseLabel(string cell, CsvLabelSpec spec, out string? error)
    {
        var value = cell.Trim();
        error = null;
        if (spec.Format == LabelFormat.Spans)
        {
            if (value.Length < 2 || value[0] != '[' || value[^1] != ']')
            {
                error = $"label '{Shorten(value)}' in column '{spec.LabelColumn}' is not a list of offsets like [] or [3, 4]";
                return null;
            }

            var inner = value[1..^1].Trim();
            if (inner.Length == 0)
            {
                return false;
            }

            foreach (var part in inner.Split(','))
            {
                if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    error = $"label '{Shorten(value)}' in column '{spec.LabelColumn}' has '{Shorten(part.Trim())}', which is not an offset";
                    return null;
                }
            }

            return true;
        }

        if (spec.PositiveValues.Contains(value, StringComparer.Ordinal))
        {
            return true;
        }

        if (spec.NegativeValues.Contains(value, StringComparer.Ordinal))
        {
            return false;
        }

        error = $"label '{Shorten(value)}' in column '{spec.LabelColumn}' is neither positive ({string.Join(", ", spec.PositiveValues)}) nor negative ({string.Join(", ", spec.NegativeValues)})";
        return null;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    /// <summary>Reads one CSV record at a time and knows the line it started on.</summary>
    private sealed class CsvRecordReader(TextReader reader)
    {
        private int line = 1;

        public bool TryRead(out List<string> fields, out int startLine, out string? error)
        {
            fields = [];
            startLine = line;
            error = null;
            var c = reader.Read();
            if (c < 0)
            {
                return false;
            }

            var field = new StringBuilder();
            var quoted = false;
            var fieldStart = true;
            while (true)
            {
                if (quoted)
                {
                    if (c < 0)
                    {
                        error = "a quoted field is not closed before the end of the file";
                        return true;
                    }

                    if (c == '"')
                    {
                        if (reader.Peek() == '"')
                        {
                            reader.Read();
                            field.Append('"');
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        if (c == '\n')
                        {
                            line++;
                        }

                        field.Append((char)c);
                    }
                }
                else if (c < 0 || c == '\n' || c == '\r')
                {
                    fields.Add(field.ToString());
                    if (c == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    if (c >= 0)
                    {
                        line++;
                    }

                    return true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStart = true;
                    c = reader.Read();
                    continue;
                }
                else if (c == '"' && fieldStart)
                {
                    quoted = true;
                }
                else
                {
                    // Lenient like Python's csv module: a quote inside an unquoted field is a character.
                    field.Append((char)c);
                }

                fieldStart = false;
                c = reader.Read();
            }
        }
    }
}
