namespace Mekong.Search;

/// <summary>What can be found: a post (title and body), a comment, or a stored translation of either.</summary>
public enum SearchKind
{
    Post,
    Comment,
    Translation,
}

/// <summary>
/// One document of the search index. <c>Id</c> is the post's or comment's id (for a translation: the translated
/// post's or comment's id, with <c>Language</c> the translation's language); <c>PostId</c> is where a hit leads.
/// </summary>
public sealed record SearchDocument(SearchKind Kind, Guid Id, Guid PostId, Guid CommunityId, string Language, string Title, string Text, DateTimeOffset At);

/// <summary>
/// Keeps the search index in step with what is written. Features call every registered indexer (resolve
/// <c>IEnumerable&lt;ISearchIndexer&gt;</c>; none registered means search is off) after their own save.
/// </summary>
public interface ISearchIndexer
{
    Task IndexAsync(SearchDocument document, CancellationToken ct = default);

    /// <summary>Removes the document (and, for a post or comment, its translations) from the index.</summary>
    Task RemoveAsync(SearchKind kind, Guid id, string? language = null, CancellationToken ct = default);
}
