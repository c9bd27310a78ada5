using System.Text;
using Mekong.Platform.Http;

namespace Mekong.Platform.Content;

/// <summary>RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Errors name the line.</summary>
public static class Csv
{
    public static List<List<string>> Parse(string text, Errors errors)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(Unguard(field.ToString()));
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(Unguard(field.ToString()));
                field.Clear();
                rows.Add(row);
                row = [];
                line++;
                rowLine = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            errors.Add($"line {rowLine}", "A quoted field is not closed.");
            return [];
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(Unguard(field.ToString()));
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// One field for a CSV the platform writes. A cell a spreadsheet would read as a formula (=, +, -, @, tab, carriage
    /// return first) gets a leading apostrophe (OWASP's CSV-injection advice); <see cref="Parse"/> removes it again, so
    /// exported files import unchanged.
    /// </summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && FormulaStart(value[0]))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static bool FormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>Undoes <see cref="Quote"/>'s formula guard on a parsed field.</summary>
    private static string Unguard(string field) => field.Length > 1 && field[0] == '\'' && FormulaStart(field[1]) ? field[1..] : field;
}
