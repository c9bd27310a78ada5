using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ICU4N.Text;

namespace Mekong.Text;

/// <summary>
/// ICU MessageFormat-style plurals for counts: <c>{count, plural, one {# member} other {# members}}</c>. The plural
/// category comes from ICU's CLDR rules (ICU4N <see cref="PluralRules"/>): English and Filipino have one/other
/// (Filipino's "one" also covers 2, 3, 5, 21…), Chinese, Thai, Vietnamese, Indonesian, Malay, Khmer, Lao and Burmese
/// only "other". ICU4N's own MessageFormat is not public in the version used, so the small subset counts need is
/// parsed here: literal text, any number of <c>{name, plural, …}</c> blocks with <c>=N</c> and keyword branches
/// (nested braces allowed), <c>#</c> for the formatted count inside a branch, <c>{name}</c> for the plain count, and
/// positional <c>{0}</c> left as written for a later <see cref="string.Format(IFormatProvider, string, object[])"/>.
/// </summary>
public static class PluralMessage
{
    private static readonly ConcurrentDictionary<string, PluralRules> Rules = new(StringComparer.Ordinal);

    /// <summary>The CLDR plural category (zero, one, two, few, many, other) of <paramref name="count"/> in <paramref name="culture"/>.</summary>
    public static string Category(long count, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var rules = Rules.GetOrAdd(culture.Name, static (_, c) => PluralRules.GetInstance(c), culture);
        return rules.Select(count);
    }

    /// <summary>Formats <paramref name="pattern"/> for <paramref name="count"/>; a pattern without a plural block is returned
    /// with <c>{name}</c> arguments replaced. Malformed patterns come back as written (a translation slip never throws).</summary>
    public static string Format(string pattern, long count, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(culture);
        var output = new StringBuilder(pattern.Length + 8);
        return TryFormat(pattern.AsSpan(), count, culture, output, inBranch: false) ? output.ToString() : pattern;
    }

    private static bool TryFormat(ReadOnlySpan<char> pattern, long count, CultureInfo culture, StringBuilder output, bool inBranch)
    {
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '#' && inBranch)
            {
                output.Append(count.ToString("N0", culture));
                i++;
            }
            else if (c == '{')
            {
                var end = Matching(pattern, i);
                if (end < 0 || !TryArgument(pattern[(i + 1)..end], count, culture, output))
                {
                    return false;
                }

                i = end + 1;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }

        return true;
    }

    /// <summary><c>name</c> or <c>name, plural, branches</c> (the braces already removed).</summary>
    private static bool TryArgument(ReadOnlySpan<char> argument, long count, CultureInfo culture, StringBuilder output)
    {
        var comma = argument.IndexOf(',');
        if (comma < 0)
        {
            // {count} is the count; a positional {0}, {1}… is left for string.Format (a second number in the message).
            var name = argument.Trim();
            if (name.Length > 0 && char.IsAsciiDigit(name[0]))
            {
                output.Append('{').Append(name).Append('}');
            }
            else
            {
                output.Append(count.ToString("N0", culture));
            }

            return true;
        }

        var rest = argument[(comma + 1)..];
        var second = rest.IndexOf(',');
        if (second < 0 || !rest[..second].Trim().SequenceEqual("plural"))
        {
            return false;
        }

        var branches = rest[(second + 1)..];
        var category = Category(count, culture);
        var exact = "=" + count.ToString(CultureInfo.InvariantCulture);
        ReadOnlySpan<char> other = default;
        var hasOther = false;
        var i = 0;
        while (i < branches.Length)
        {
            while (i < branches.Length && char.IsWhiteSpace(branches[i]))
            {
                i++;
            }

            if (i == branches.Length)
            {
                break;
            }

            var open = branches[i..].IndexOf('{');
            var end = open < 0 ? -1 : Matching(branches, i + open);
            if (end < 0)
            {
                return false;
            }

            if (branches.Slice(i, open).Trim().SequenceEqual("other"))
            {
                other = branches[(i + open + 1)..end];
                hasOther = true;
            }

            i = end + 1;
        }

        if (!hasOther)
        {
            return false; // MessageFormat requires "other"
        }

        var text = Selected(branches, category, exact, other);
        return TryFormat(text, count, culture, output, inBranch: true);
    }

    /// <summary>The branch for the count: an exact <c>=N</c>, else its category, else <c>other</c>.</summary>
    private static ReadOnlySpan<char> Selected(ReadOnlySpan<char> branches, string category, string exact, ReadOnlySpan<char> other)
    {
        ReadOnlySpan<char> byCategory = default;
        var hasCategory = false;
        var i = 0;
        while (i < branches.Length)
        {
            var open = branches[i..].IndexOf('{');
            if (open < 0)
            {
                break;
            }

            var selector = branches.Slice(i, open).Trim();
            var start = i + open;
            var end = Matching(branches, start);
            var body = branches[(start + 1)..end];
            if (selector.SequenceEqual(exact))
            {
                return body;
            }

            if (!hasCategory && selector.SequenceEqual(category))
            {
                byCategory = body;
                hasCategory = true;
            }

            i = end + 1;
        }

        return hasCategory ? byCategory : other;
    }

    /// <summary>Index of the brace closing the one at <paramref name="open"/>, or -1.</summary>
    private static int Matching(ReadOnlySpan<char> text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
