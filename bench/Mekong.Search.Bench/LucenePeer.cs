using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Icu;
using Lucene.Net.Analysis.Icu.Segmentation;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Mekong.Text;
using Microsoft.Data.Sqlite;

namespace Mekong.Search.Bench;

/// <summary>
/// The inverted-index reference: Lucene.Net 4.8 over the same index rows (title and plain text of every
/// search_entries row), BM25 similarity, the title boosted ×2. Analysis: the project's normalizer (NFKC, case and width
/// folding, Traditional→Simplified) then Lucene's ICUTokenizer (ICU dictionaries for Thai, Lao, Khmer, Burmese; Han
/// one ideograph per token, as the project does, searched as phrases) and ICUNormalizer2Filter (nfkc_cf).
/// Visibility: members-only communities are excluded by a MUST_NOT clause. It returns one page and the total
/// count: no facets, no snippets.
/// </summary>
internal sealed class LucenePeer : IDisposable
{
    private static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;
    private readonly Analyzer _analyzer = new IcuAnalyzer();
    private readonly FSDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    private LucenePeer(FSDirectory directory)
    {
        _directory = directory;
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public static double BuildSeconds { get; private set; }

    /// <summary>Opens the index in <paramref name="folder"/>, building it from the database's search_entries first when absent.</summary>
    public static LucenePeer Open(string connectionString, string folder)
    {
        var directory = FSDirectory.Open(new DirectoryInfo(folder));
        if (!DirectoryReader.IndexExists(directory))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var analyzer = new IcuAnalyzer();
            var config = new IndexWriterConfig(Version, analyzer) { Similarity = new BM25Similarity(), OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 256 };
            using var writer = new IndexWriter(directory, config);
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Id, PostId, CommunityId, Language, Title, Text, Kind FROM search_entries";
            using var rows = command.ExecuteReader();
            var batch = new List<(long Id, string Post, string Community, string Language, string Title, string Text, string Kind)>();
            void Flush()
            {
                Parallel.ForEach(batch, r =>
                {
                    var isPostText = r.Kind != "Comment";
                    writer.AddDocument(
                    [
                        new StringField("id", r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES),
                        new StringField("post", r.Post, Field.Store.YES),
                        new StringField("community", r.Community, Field.Store.NO),
                        new StringField("lang", r.Language, Field.Store.NO),
                        new TextField("title", isPostText ? Normalize(r.Title) : "", Field.Store.NO),
                        new TextField("body", Normalize(r.Text), Field.Store.NO),
                    ]);
                });
                batch.Clear();
            }

            while (rows.Read())
            {
                batch.Add((rows.GetInt64(0), rows.GetString(1), rows.GetString(2), rows.GetString(3), rows.GetString(4), rows.GetString(5), rows.GetString(6)));
                if (batch.Count == 10_000)
                {
                    Flush();
                }
            }

            Flush();
            writer.Commit();
            BuildSeconds = watch.Elapsed.TotalSeconds;
        }

        return new LucenePeer(directory);
    }

    private static string Normalize(string text) => TextNormalizer.Basic.Normalize(text).Value;

    private List<string> Analyze(string field, string text)
    {
        var tokens = new List<string>();
        using var stream = _analyzer.GetTokenStream(field, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }

    /// <summary>Every whitespace-separated term required (a phrase when it analyzes to several tokens), in title or body.</summary>
    public Query Build(string q, IReadOnlyList<string> hiddenCommunities)
    {
        var query = new BooleanQuery();
        var any = false;
        foreach (var part in q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var tokens = Analyze("body", Normalize(part));
            if (tokens.Count == 0)
            {
                continue;
            }

            var either = new BooleanQuery();
            foreach (var field in new[] { "title", "body" })
            {
                Query clause;
                if (tokens.Count == 1)
                {
                    clause = new TermQuery(new Term(field, tokens[0]));
                }
                else
                {
                    var phrase = new PhraseQuery();
                    foreach (var token in tokens)
                    {
                        phrase.Add(new Term(field, token));
                    }

                    clause = phrase;
                }

                clause.Boost = field == "title" ? 2f : 1f;
                either.Add(clause, Occur.SHOULD);
            }

            query.Add(either, Occur.MUST);
            any = true;
        }

        if (!any)
        {
            return new BooleanQuery();
        }

        foreach (var community in hiddenCommunities)
        {
            query.Add(new TermQuery(new Term("community", community)), Occur.MUST_NOT);
        }

        return query;
    }

    /// <summary>The best <paramref name="count"/> hits' post ids, and the total number of hits.</summary>
    public (List<string> Posts, int Total) Search(string q, IReadOnlyList<string> hiddenCommunities, int count)
    {
        var query = Build(q, hiddenCommunities);
        if (query is BooleanQuery { Clauses.Count: 0 })
        {
            return ([], 0);
        }

        var top = _searcher.Search(query, count);
        return ([.. top.ScoreDocs.Select(d => _searcher.Doc(d.Doc).Get("post", System.Globalization.CultureInfo.InvariantCulture))], top.TotalHits);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    private sealed class IcuAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new ICUTokenizer(reader, new DefaultICUTokenizerConfig(cjkAsWords: false, myanmarAsWords: true));
            return new TokenStreamComponents(tokenizer, new ICUNormalizer2Filter(tokenizer));
        }
    }
}
