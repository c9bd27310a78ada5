using System.Collections.Concurrent;
using Mekong.Glossary;
using Mekong.Search;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Translation;

/// <summary>Records what translation hands to search.</summary>
public sealed class RecordingIndexer : ISearchIndexer
{
    public ConcurrentQueue<SearchDocument> Documents { get; } = new();

    public Task IndexAsync(SearchDocument document, CancellationToken ct = default)
    {
        Documents.Enqueue(document);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(SearchKind kind, Guid id, string? language = null, CancellationToken ct = default) => Task.CompletedTask;
}

/// <summary>
/// The test app (same database) started again with translation configured to use a stub provider on
/// 127.0.0.1, the test glossary and a recording search indexer. Fresh breaker, budget and flights each time.
/// </summary>
public sealed class TranslationSite : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private TranslationSite(WebApplicationFactory<Program> factory, StubProvider? stub)
    {
        _factory = factory;
        Stub = stub!;
    }

    public StubProvider Stub { get; }

    public TestGlossary Glossary { get; } = new();

    public RecordingIndexer Indexer { get; } = new();

    public IServiceProvider Services => _factory.Services;

    /// <summary>Starts the site; <c>siteGlossary</c> keeps the application's own IGlossary (the real one once merged) instead of the test one.</summary>
    public static async Task<TranslationSite> StartAsync(MekongApp app, string provider, Dictionary<string, string>? settings = null, bool siteGlossary = false)
    {
        var stub = provider == "none" ? null : await StubProvider.StartAsync();
        TranslationSite site = null!;
        var factory = app.WithWebHostBuilder(b =>
        {
            // A second node on the same database: the in-memory page cache is per node and evicted only by that
            // node's own writes (docs/configuration.md, "Page cache"), so a second node runs without it.
            b.UseSetting("PageCache:Enabled", "false");
            b.UseSetting("Translation:Provider", provider);
            if (stub is not null)
            {
                b.UseSetting("Translation:Endpoint", provider == "openai" ? stub.OpenAiEndpoint : stub.BaseUrl);
                b.UseSetting("Translation:Model", provider == "openai" ? "qwen2.5-7b-instruct" : "");
                b.UseSetting("Translation:ApiKey", "test-key");
            }

            b.UseSetting("Translation:TimeoutSeconds", "1");
            b.UseSetting("Translation:BackoffMilliseconds", "10");

            // These tests are about what comes back, so readers wait for it; ReadWaitTests set the real bound.
            b.UseSetting("Translation:ReadWaitSeconds", "30");
            foreach (var (key, value) in settings ?? [])
            {
                b.UseSetting(key, value);
            }

            b.ConfigureTestServices(s =>
            {
                if (!siteGlossary)
                {
                    s.AddSingleton<IGlossary>(_ => site.Glossary);
                }

                s.AddSingleton<ISearchIndexer>(_ => site.Indexer);
            });
        });
        site = new TranslationSite(factory, stub);
        _ = factory.Server;
        return site;
    }

    /// <summary>A client of this site acting as <paramref name="member"/> (same bearer token).</summary>
    public HttpClient As(Member? member)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = member?.Client.DefaultRequestHeaders.Authorization;
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (Stub is not null)
        {
            await Stub.DisposeAsync();
        }
    }
}
