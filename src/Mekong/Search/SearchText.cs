using Mekong.Text;

namespace Mekong.Search;

/// <summary>A token of normalized text and where it sits in the original.</summary>
public readonly record struct SearchToken(string Value, int Start, int End);

/// <summary>
/// The one way text becomes search tokens, for indexing, for queries and for highlighting: Mekong.Text's
/// normalizer (NFKC, case and width folding, Traditional→Simplified) then its segmenter (ICU dictionaries for
/// Thai, Lao, Khmer, Burmese). Han words are emitted one character per token, so a query phrase of characters
/// finds a Chinese word wherever the dictionary put the word boundaries of the sentence.
/// </summary>
public static class SearchText
{
    /// <summary>Only the first characters of a document are indexed (a post body is at most 100 KB anyway).</summary>
    public const int IndexedChars = 100_000;

    /// <summary>Longest accepted query, in characters.</summary>
    public const int QueryChars = 200;

    /// <summary>Most query terms (whitespace-separated groups) used; more are ignored.</summary>
    public const int QueryTerms = 16;

    /// <summary>Space-joined tokens, the form stored in the index.</summary>
    public static string Prepare(string text)
    {
        if (text.Length > IndexedChars)
        {
            text = text[..IndexedChars];
        }

        var tokens = Tokenize(text);
        return string.Join(' ', tokens.Select(t => t.Value));
    }

    /// <summary>Tokens with their original spans.</summary>
    public static List<SearchToken> Tokenize(string text)
    {
        var normalized = TextNormalizer.Basic.Normalize(text);
        var value = normalized.Value;
        var segments = TextSegmenter.Shared.Segment(value);
        var tokens = new List<SearchToken>(segments.Count);
        foreach (var s in segments)
        {
            if (s.Kind == TokenKind.Ideographic)
            {
                for (var i = s.Start; i < s.End; i++)
                {
                    var width = char.IsHighSurrogate(value[i]) && i + 1 < s.End ? 2 : 1;
                    Add(i, width);
                    i += width - 1;
                }
            }
            else
            {
                Add(s.Start, s.Length);
            }
        }

        return tokens;

        void Add(int start, int length)
        {
            var (os, ol) = normalized.MapToOriginal(start, length);
            tokens.Add(new SearchToken(value.Substring(start, length), os, os + ol));
        }
    }

    /// <summary>The query as groups of tokens: each whitespace-separated term is a phrase, terms are all required.</summary>
    public static List<string[]> Query(string q) =>
        [.. q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(term => Tokenize(term).Select(t => t.Value).ToArray())
            .Where(t => t.Length > 0)
            .Take(QueryTerms)];
}
