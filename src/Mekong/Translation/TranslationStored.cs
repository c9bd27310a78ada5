using Mekong.Platform.Outbox;
using Mekong.Search;

namespace Mekong.Translation;

/// <summary>
/// A translation of a post or comment was stored (machine translation linked, or a community version accepted):
/// it becomes findable in its language. <paramref name="Text"/> is the translation as stored (a post's holds its title).
/// </summary>
public sealed record TranslationStored(TranslatedKind Kind, Guid ContentId, Guid PostId, Guid CommunityId, string Language, string Text);

/// <summary>Indexes stored translations for search, behind the commit.</summary>
internal sealed class TranslationIndexing(IEnumerable<ISearchIndexer> indexers) : IOutboxHandler<TranslationStored>
{
    public async Task HandleAsync(TranslationStored @event, OutboxContext context, CancellationToken ct)
    {
        var view = new TranslationView(TranslationView.Translated, @event.Language, "", @event.Text, null, null, [], null, false, false, []);
        var post = @event.Kind == TranslatedKind.Post;
        var document = new SearchDocument(
            SearchKind.Translation, @event.ContentId, @event.PostId, @event.CommunityId, @event.Language,
            post ? view.Title ?? "" : "", post ? view.Body ?? "" : @event.Text, context.CreatedAt);
        foreach (var indexer in indexers)
        {
            await indexer.IndexAsync(document, ct);
        }
    }
}
