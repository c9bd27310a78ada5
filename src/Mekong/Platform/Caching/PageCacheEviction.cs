using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mekong.Platform.Caching;

/// <summary>
/// Evicts the anonymous page cache from the writes themselves: before saving it reads which posts, comments,
/// communities, memberships, reactions, translations and members change, and once they are committed (at once, or
/// when the surrounding transaction commits) evicts their tags. No command calls the cache. Writes the anonymous
/// pages never show (visits, follows, bookmarks, notifications, audit, mail, search index rows) evict nothing.
/// </summary>
internal sealed class PageCacheEviction(IServiceProvider services) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, HashSet<string>> _pending = [];

    private IOutputCacheStore? _store;

    private PageCacheEvictions? _evictions;

    private IOutputCacheStore Store => _store ??= services.GetRequiredService<IOutputCacheStore>();

    private PageCacheEvictions Evictions => _evictions ??= services.GetRequiredService<PageCacheEvictions>();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EvictIfCommitted(eventData.Context);
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EvictIfCommittedAsync(eventData.Context);
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        EvictAsync(eventData.Context).AsTask().GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        EvictAsync(eventData.Context).AsTask();

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        HashSet<string>? tags = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                TagsOf(entry, tags ??= _pending.GetOrCreateValue(context));
            }
        }
    }

    /// <summary>What an anonymous reader could see change when this row changes.</summary>
    private static void TagsOf(EntityEntry entry, HashSet<string> tags)
    {
        switch (entry.Metadata.ClrType.Name)
        {
            case "Post":
                Add(tags, entry, "Id", PageCache.Post);
                Add(tags, entry, "CommunityId", PageCache.Community);
                Lists(tags);
                break;
            case "Comment" or "Reaction" or "PostRevision" or "TranslationEntry" or "TranslationLink" or "TranslationProposal":
                Add(tags, entry, "PostId", PageCache.Post);
                Lists(tags);
                break;
            case "SearchEntry": // the index may be written after the post's own commit (by a background handler)
                tags.Add(PageCache.Search);
                break;
            case "Membership":
                Add(tags, entry, "CommunityId", PageCache.Community);
                tags.Add(PageCache.Home);
                break;
            case "Community":
            // Who may read what (a community turned members-only), names and avatars on every page: everything goes.
            case "User" when entry.State == EntityState.Deleted || (entry.State == EntityState.Modified && Shown(entry)):
                tags.Add(PageCache.All);
                break;
        }
    }

    /// <summary>A member's row changes on sign-in (security stamp, lockout counts); only what pages show matters.</summary>
    private static bool Shown(EntityEntry entry) =>
        entry.Properties.Any(p => p.IsModified && p.Metadata.Name is "DisplayName" or "HomeCountry" or "Handle" or "Bio" or "SilencedUntil" or "LockoutEnd" or "UserName");

    private static void Lists(HashSet<string> tags)
    {
        tags.Add(PageCache.Home);
        tags.Add(PageCache.Search);
        tags.Add(PageCache.Feeds);
    }

    private static void Add(HashSet<string> tags, EntityEntry entry, string property, Func<Guid, string> tag)
    {
        if (entry.Metadata.FindProperty(property) is null)
        {
            return;
        }

        var property1 = entry.Property(property);
        foreach (var value in new[] { property1.CurrentValue, property1.OriginalValue })
        {
            if (value is Guid id)
            {
                tags.Add(tag(id));
            }
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    private void EvictIfCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            EvictAsync(context).AsTask().GetAwaiter().GetResult();
        }
    }

    private ValueTask EvictIfCommittedAsync(DbContext? context) =>
        context?.Database.CurrentTransaction is null ? EvictAsync(context) : ValueTask.CompletedTask;

    private async ValueTask EvictAsync(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var tags))
        {
            return;
        }

        _pending.Remove(context);
        if (tags.Count == 0)
        {
            return;
        }

        Evictions.Evicting(tags);
        foreach (var tag in tags)
        {
            await Store.EvictByTagAsync(tag, CancellationToken.None);
        }
    }
}
