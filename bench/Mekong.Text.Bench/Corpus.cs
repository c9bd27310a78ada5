using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Mekong.Text.Tests;

namespace Mekong.Text.Bench;

/// <summary>
/// The benchmark's inputs, built deterministically: ~1 KB posts of mixed-language real text from the repository's
/// demo posts (11 pools: en, fil, id, km, lo, ms, my, th, vi, zh-Hans, zh-Hant), the obfuscation suite's clean
/// sentences and, where <c>../shared/eval/moderation</c> exists, the English, Vietnamese and Chinese social-media
/// texts of the evaluation sets (read in place, never copied); 10,000 watched terms over those 10 languages; and the
/// suite's obfuscated variants. Written to files so the npm peers read exactly the same data.
/// </summary>
internal sealed class Corpus
{
    public required List<string> Posts { get; init; }
    public required List<string> Terms { get; init; }
    public required List<(int Term, int Start, int Length, string Text)> Variants { get; init; }
    public required List<string> Clean { get; init; }

    public long Utf8Bytes => Posts.Sum(p => (long)Encoding.UTF8.GetByteCount(p));

    public static Corpus Build(string repositoryRoot, int megabytes, int termCount = 10_000)
    {
        var random = new Random(20261122);
        var byLanguage = LoadDemoTexts(repositoryRoot);
        foreach (var term in ObfuscationSuite.Terms)
        {
            // Burmese and Khmer demo posts are short: the suite's clean sentences add to every language's pool.
            string key = term.Language == "zh" ? "zh-Hans" : term.Language;
            if (!byLanguage.ContainsKey(key))
            {
                byLanguage[key] = [];
            }
        }
        foreach (string sentence in ObfuscationSuite.CleanSentences)
        {
            string? language = ScriptLanguage.DetectSingleScriptLanguage(sentence);
            if (language is not null && byLanguage.TryGetValue(language, out var list))
            {
                list.Add(sentence);
            }
        }

        var terms = BuildTerms(byLanguage, random, termCount);
        var suite = ObfuscationSuite.Terms;

        // Posts: ~1 KB (UTF-8) of one language each, languages interleaved; 2% carry an obfuscated suite term.
        var posts = new List<string>();
        var languages = byLanguage.Keys.Order(StringComparer.Ordinal).ToArray();
        long bytes = 0;
        long target = megabytes * 1024L * 1024L;
        var builder = new StringBuilder();
        var variants = suite.SelectMany(t => ObfuscationSuite.Variants(t).Select(v => (t, v.Variant))).ToArray();
        while (bytes < target)
        {
            var texts = byLanguage[languages[random.Next(languages.Length)]];
            builder.Clear();
            while (Encoding.UTF8.GetByteCount(builder.ToString()) < 1000)
            {
                builder.Append(texts[random.Next(texts.Count)]).Append(' ');
            }
            if (random.Next(50) == 0)
            {
                var (term, variant) = variants[random.Next(variants.Length)];
                builder.Append(ObfuscationSuite.InContext(term, variant).Sentence);
            }
            string post = builder.ToString().Replace('\n', ' ').Replace('\r', ' ').Trim();
            posts.Add(post);
            bytes += Encoding.UTF8.GetByteCount(post);
        }

        var variantList = new List<(int, int, int, string)>();
        foreach (var term in suite)
        {
            int index = terms.IndexOf(term.Text);
            foreach (var (_, variant) in ObfuscationSuite.Variants(term))
            {
                var (sentence, start) = ObfuscationSuite.InContext(term, variant);
                variantList.Add((index, start, variant.Length, sentence));
            }
        }
        return new Corpus { Posts = posts, Terms = terms, Variants = variantList, Clean = [.. ObfuscationSuite.CleanSentences] };
    }

    private static Dictionary<string, List<string>> LoadDemoTexts(string repositoryRoot)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string folder = Path.Combine(repositoryRoot, "src", "Mekong", "Platform", "Demo", "Data", "posts");
        foreach (string file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            string language = Path.GetFileNameWithoutExtension(file);
            var texts = new List<string>();
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var post in document.RootElement.EnumerateArray())
            {
                foreach (string name in new[] { "title", "body" })
                {
                    if (post.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text)
                    {
                        texts.Add(text);
                    }
                }
                if (post.TryGetProperty("comments", out var comments))
                {
                    foreach (var comment in comments.EnumerateArray())
                    {
                        if (comment.GetString() is { Length: > 0 } text)
                        {
                            texts.Add(text);
                        }
                    }
                }
            }
            result[language] = texts;
        }
        LoadSharedEvalTexts(repositoryRoot, result);
        return result;
    }

    /// <summary>Where they exist (they are not in the repository, and the benchmark runs without them), the real
    /// social-media texts of the shared evaluation sets join their language's pool, read in place at run time:
    /// English tweets (Davidson et al. 2017), Vietnamese comments (ViHOS), Chinese posts (COLD).</summary>
    private static void LoadSharedEvalTexts(string repositoryRoot, Dictionary<string, List<string>> pools)
    {
        string folder = Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "eval", "moderation"));
        (string Language, string File, string Column)[] sets =
        [
            ("en", Path.Combine("en-davidson", "labeled_data.csv"), "tweet"),
            ("vi", Path.Combine("vi-vihos", "train.csv"), "content"),
            ("vi", Path.Combine("vi-vihos", "dev.csv"), "content"),
            ("zh-Hans", Path.Combine("zh-cold", "train.csv"), "TEXT"),
            ("zh-Hans", Path.Combine("zh-cold", "dev.csv"), "TEXT"),
        ];
        foreach (var (language, file, column) in sets)
        {
            string path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                continue;
            }
            var rows = ReadCsv(File.ReadAllText(path).TrimStart('\uFEFF'));
            int index = rows.Count > 0 ? rows[0].IndexOf(column) : -1;
            if (index < 0)
            {
                continue;
            }
            if (!pools.TryGetValue(language, out var pool))
            {
                pools[language] = pool = [];
            }
            int added = 0;
            foreach (var row in rows.Skip(1))
            {
                if (index < row.Count && WebUtility.HtmlDecode(row[index]).Trim() is { Length: > 0 } text)
                {
                    pool.Add(text);
                    added++;
                }
            }
            Sources.Add($"{file}: {added} texts");
        }
    }

    /// <summary>What <see cref="Build"/> read besides the demo posts (for the log).</summary>
    public static List<string> Sources { get; } = [];

    private static List<List<string>> ReadCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
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
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add(row);
                    row = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }
        return rows;
    }

    // Terms: the suite's 53 real terms, 20 real words per language (so ordinary posts produce some matches), and
    // the rest "near misses": real words of each language with one letter changed, or pairs of Han characters
    // that share prefixes with real text — the automaton does real work but most terms never complete.
    private static List<string> BuildTerms(Dictionary<string, List<string>> byLanguage, Random random, int count)
    {
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in ObfuscationSuite.Terms)
        {
            if (seen.Add(term.Text))
            {
                terms.Add(term.Text);
            }
        }
        var languages = byLanguage.Keys.Order(StringComparer.Ordinal).ToArray();
        var words = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var letters = new Dictionary<string, char[]>(StringComparer.Ordinal);
        foreach (string language in languages)
        {
            var tokens = new List<string>();
            var chars = new HashSet<char>();
            foreach (string text in byLanguage[language])
            {
                foreach (var token in TextSegmenter.Shared.Segment(text))
                {
                    string word = text.Substring(token.Start, token.Length).ToLowerInvariant();
                    // Words of letters only: no emoji or other symbols (a lone surrogate half must never become a
                    // term's letter).
                    if (token.Kind != TokenKind.Number && word.Length >= (token.Kind == TokenKind.Ideographic ? 1 : 3)
                        && word.All(c => char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
                    {
                        tokens.Add(word);
                        foreach (char c in word)
                        {
                            chars.Add(c);
                        }
                    }
                }
            }
            words[language] = [.. tokens.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            letters[language] = [.. chars.Order()];
        }
        foreach (string language in languages)
        {
            var pool = words[language].Where(w => w.Length >= 4 || w.Any(c => c >= 0x4E00 && c <= 0x9FFF) && w.Length >= 2).ToArray();
            for (int i = 0; i < 20 && pool.Length > 0; i++)
            {
                string word = pool[random.Next(pool.Length)];
                if (seen.Add(word))
                {
                    terms.Add(word);
                }
            }
        }
        int guard = 0;
        while (terms.Count < count && guard++ < count * 50)
        {
            string language = languages[random.Next(languages.Length)];
            var pool = words[language];
            var alphabet = letters[language];
            if (pool.Length == 0)
            {
                continue;
            }
            string word = pool[random.Next(pool.Length)];
            if (word.Length < 2)
            {
                continue;
            }
            string term;
            if (language.StartsWith("zh", StringComparison.Ordinal))
            {
                term = string.Concat(word[0].ToString(), alphabet[random.Next(alphabet.Length)].ToString(),
                    random.Next(2) == 0 ? "" : alphabet[random.Next(alphabet.Length)].ToString());
            }
            else
            {
                var chars = word.ToCharArray();
                chars[1 + random.Next(chars.Length - 1)] = alphabet[random.Next(alphabet.Length)];
                term = new string(chars);
                if (random.Next(3) == 0)
                {
                    term += alphabet[random.Next(alphabet.Length)];
                }
            }
            if (CharUnicodeInfo.GetUnicodeCategory(term[^1]) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                || !char.IsLetter(term[0]))
            {
                continue; // keep terms that a moderator could type as a word
            }
            if (seen.Add(term))
            {
                terms.Add(term);
            }
        }
        return terms;
    }

    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "posts.txt"), Posts);
        File.WriteAllLines(Path.Combine(folder, "terms.txt"), Terms);
        // term index, start and length of the variant in the sentence, the sentence
        File.WriteAllLines(Path.Combine(folder, "variants.tsv"), Variants.Select(v => string.Join('\t',
            v.Term.ToString(CultureInfo.InvariantCulture), v.Start.ToString(CultureInfo.InvariantCulture), v.Length.ToString(CultureInfo.InvariantCulture), v.Text)));
        File.WriteAllLines(Path.Combine(folder, "clean.txt"), Clean);
    }

    public static Corpus Read(string folder)
    {
        return new Corpus
        {
            Posts = [.. File.ReadAllLines(Path.Combine(folder, "posts.txt"))],
            Terms = [.. File.ReadAllLines(Path.Combine(folder, "terms.txt"))],
            Variants = [.. File.ReadAllLines(Path.Combine(folder, "variants.tsv")).Select(line =>
            {
                string[] fields = line.Split('\t', 4);
                return (int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture),
                    int.Parse(fields[2], CultureInfo.InvariantCulture), fields[3]);
            })],
            Clean = [.. File.ReadAllLines(Path.Combine(folder, "clean.txt"))],
        };
    }
}
