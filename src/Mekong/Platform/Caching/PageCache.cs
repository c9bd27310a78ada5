using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using System.Globalization;
using Mekong.Display;
using Mekong.Platform.Data;
using Mekong.Platform.Telemetry;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Mekong.Platform.Caching;

/// <summary>Settings of the anonymous page cache (section <c>PageCache</c>).</summary>
public sealed class PageCacheOptions
{
    public const string Section = "PageCache";

    /// <summary>Off: every request renders (the cache is still wired, it just never looks up or stores).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long an entry lives when no write evicts it first (relative times on it age this much at most).</summary>
    [Range(1, 3600)]
    public int DurationSeconds { get; set; } = 30;

    /// <summary>Memory the cached responses may take, in MiB (least recently used entries go first).</summary>
    [Range(1, 4096)]
    public int SizeLimitMegabytes { get; set; } = 64;

    /// <summary>Compress (Brotli, gzip) the responses this cache serves: visitors' pages and API reads, which hold no secret.</summary>
    public bool Compression { get; set; } = true;
}

/// <summary>
/// ASP.NET Core output caching for anonymous readers only (ADR 0006). A request is looked up and stored only when it is
/// a GET/HEAD to one of the public read paths below, carries no sign-in cookie and no Authorization header, and is not
/// authenticated; a response is stored only when it is a 200 that sets no cookie and is not marked no-store/private
/// (antiforgery marks every response that holds a token). Entries vary by path, every query value, the interface
/// language the request resolved to and the theme cookie. Writes evict by tag through <see cref="PageCacheEviction"/>.
/// </summary>
public static class PageCache
{
    /// <summary>Carried by every entry; evicted by writes whose reach is site-wide (a community's settings, a member's name).</summary>
    public const string All = "all";

    /// <summary>Lists of posts and communities: the home page, community pages, /communities, /api/v1/posts…</summary>
    public const string Home = "home";

    public const string Search = "search";

    public const string Feeds = "feeds";

    public static string Community(Guid id) => "community:" + id.ToString("D");

    public static string Post(Guid id) => "post:" + id.ToString("D");

    internal static readonly Counter<long> Hits = MekongTelemetry.Meter.CreateCounter<long>(
        "mekong.pagecache.hits", "{response}", "Responses served from the anonymous page cache");

    internal static readonly Counter<long> Misses = MekongTelemetry.Meter.CreateCounter<long>(
        "mekong.pagecache.misses", "{response}", "Cacheable anonymous requests that had to be rendered");

    /// <summary>Adds eviction tags to this response's cache entry, if it is being cached (a page knows its community only after its query).</summary>
    public static void Tag(HttpContext context, params ReadOnlySpan<string> tags)
    {
        if (context.Features.Get<IOutputCacheFeature>()?.Context is { AllowCacheStorage: true } cache)
        {
            foreach (var tag in tags)
            {
                cache.Tags.Add(tag);
            }
        }
    }

    public static WebApplicationBuilder AddPageCache(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PageCacheOptions>().Bind(builder.Configuration.GetSection(PageCacheOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AnonymousPagePolicy>();
        services.AddSingleton<PageCacheEvictions>();
        services.AddSingleton<PageCacheEviction>();
        services.AddOutputCache();
        services.AddResponseCompression(o =>
        {
            // Only ever applied to what the cache may serve (see UsePageCache): no token, no member's data, so a
            // reflected query value has no secret beside it to leak through the compressed length (BREACH). ADR 0006.
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<PageCacheOptions>, AnonymousPagePolicy>((o, settings, policy) =>
        {
            o.SizeLimit = settings.Value.SizeLimitMegabytes * 1024L * 1024L;
            o.DefaultExpirationTimeSpan = TimeSpan.FromSeconds(settings.Value.DurationSeconds);
            o.AddBasePolicy(policy);
        });

        // Each provider's context gets the interceptor, so every SaveChanges anywhere evicts what it changed.
        services.ConfigureDbContext<SqliteMekongDb>((sp, o) => o.AddInterceptors(sp.GetRequiredService<PageCacheEviction>()), DatabaseModule.OptionsLifetime);
        services.ConfigureDbContext<PostgresMekongDb>((sp, o) => o.AddInterceptors(sp.GetRequiredService<PageCacheEviction>()), DatabaseModule.OptionsLifetime);
        return builder;
    }

    /// <summary>After authentication and request localization (the key holds the resolved language), before rate limits.</summary>
    public static WebApplication UsePageCache(this WebApplication app)
    {
        app.UseOutputCache();
        var policy = app.Services.GetRequiredService<AnonymousPagePolicy>();
        var settings = app.Services.GetRequiredService<IOptionsMonitor<PageCacheOptions>>();
        app.UseWhen(ctx => settings.CurrentValue.Compression && policy.Cacheable(ctx), compressed => compressed.UseResponseCompression());
        return app;
    }

    /// <summary>The tags a cacheable path starts with, or null when the path is never cached.</summary>
    internal static string[]? TagsFor(PathString path)
    {
        var segments = (path.Value ?? "/").Trim('/').Split('/');
        return segments switch
        {
            [""] => [Home],
            ["communities"] => [Home],
            ["c", var slug] when !slug.Contains('.', StringComparison.Ordinal) => [Home],
            ["p", var id] when Guid.TryParse(id, CultureInfo.InvariantCulture, out var post) => [Post(post)],
            ["search"] => [Search],
            ["api", "v1", "posts"] => [Home],
            ["api", "v1", "posts", var id] when Guid.TryParse(id, CultureInfo.InvariantCulture, out var post) => [Post(post)],
            ["api", "v1", "communities"] => [Home],
            ["api", "v1", "communities", _] => [Home],
            ["api", "v1", "communities", _, "posts"] => [Home],
            ["api", "v1", "search"] => [Search],
            ["feed.rss"] or ["feed.atom"] => [Feeds],
            _ => null,
        };
    }
}

/// <summary>
/// When each tag was last evicted, for one site (a singleton: two sites in one process, as in the tests, do not share
/// it). A response remembers the sequence when it starts rendering and is not stored if one of its tags was evicted
/// since: what it read may be older than the write.
/// </summary>
internal sealed class PageCacheEvictions
{
    /// <summary>The eviction sequence now: a response remembers it when it starts rendering.</summary>
    public long Sequence => Volatile.Read(ref _sequence);

    private long _sequence;

    // When each tag was last evicted, by sequence number, in slots hashed from the tag: a collision only makes a
    // response unstorable now and then, never stores a stale one. Per tag, so a busy site's writes elsewhere (another
    // post, a search index row) do not keep every page from being stored.
    private readonly long[] _evictedAt = new long[Slots];

    private const int Slots = 4096;

    /// <summary>Called before each eviction: responses with these tags rendered from data read before it must not be stored.</summary>
    public void Evicting(IEnumerable<string> tags)
    {
        var now = Interlocked.Increment(ref _sequence);
        foreach (var tag in tags)
        {
            ref var slot = ref _evictedAt[Slot(tag)];
            for (var seen = Volatile.Read(ref slot); seen < now; seen = Volatile.Read(ref slot))
            {
                if (Interlocked.CompareExchange(ref slot, now, seen) == seen)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Whether any of these tags (the entry's, including those added after its query) was evicted after <paramref name="start"/>.</summary>
    public bool EvictedSince(long start, IEnumerable<string> tags) =>
        tags.Any(tag => Volatile.Read(ref _evictedAt[Slot(tag)]) > start);

    private static int Slot(string tag) => StringComparer.Ordinal.GetHashCode(tag) & (Slots - 1);
}

/// <summary>The one output-cache policy: decides per request and per response (see <see cref="PageCache"/>).</summary>
internal sealed class AnonymousPagePolicy(IOptionsMonitor<PageCacheOptions> settings, IOptionsMonitor<CookieAuthenticationOptions> cookies, PageCacheEvictions evictions) : IOutputCachePolicy
{
    private const string StartedAt = "mekong.pagecache.sequence";

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!settings.CurrentValue.Enabled || !Cacheable(http) || PageCache.TagsFor(request.Path) is not { } tags)
        {
            return ValueTask.CompletedTask;
        }

        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(settings.CurrentValue.DurationSeconds);
        context.Tags.Add(PageCache.All);
        foreach (var tag in tags)
        {
            context.Tags.Add(tag);
        }

        // Everything an anonymous page changes with: path (always in the key), every query value (page, sort, q…),
        // the interface language as resolved from ?culture, the cookie or Accept-Language, and the theme cookie.
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["ui"] = CultureInfo.CurrentUICulture.Name;
        context.CacheVaryByRules.VaryByValues["theme"] = Themes.Canonical(request.Cookies[Themes.CookieName]) ?? Themes.System;
        if (settings.CurrentValue.Compression)
        {
            context.CacheVaryByRules.HeaderNames = HeaderNames.AcceptEncoding; // the compressed bytes are what is stored
        }

        http.Items[StartedAt] = evictions.Sequence;
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        PageCache.Hits.Add(1);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (!context.AllowCacheLookup)
        {
            return ValueTask.CompletedTask;
        }

        PageCache.Misses.Add(1);
        var http = context.HttpContext;
        var response = http.Response;
        var cacheControl = response.Headers.CacheControl.ToString();
        if (response.StatusCode != StatusCodes.Status200OK
            || !StringValuesEmpty(response.Headers.SetCookie)
            || cacheControl.Contains("no-store", StringComparison.OrdinalIgnoreCase)
            || cacheControl.Contains("no-cache", StringComparison.OrdinalIgnoreCase)
            || cacheControl.Contains("private", StringComparison.OrdinalIgnoreCase)
            || http.User.Identity?.IsAuthenticated == true
            // A write committed (and evicted) while this response was being rendered: what it read may be older.
            || http.Items[StartedAt] is not long started || evictions.EvictedSince(started, context.Tags))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A visitor's GET/HEAD to one of the public read paths: what the cache (and compression) may touch.</summary>
    public bool Cacheable(HttpContext http) =>
        (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        && PageCache.TagsFor(http.Request.Path) is not null
        && !SignedIn(http);

    private static bool StringValuesEmpty(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0;

    /// <summary>Signed in, or could be: an Authorization header or the sign-in cookie (even an expired one) is never served a shared page.</summary>
    private bool SignedIn(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true || !StringValuesEmpty(http.Request.Headers.Authorization))
        {
            return true;
        }

        var name = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name ?? "mekong.auth";
        foreach (var cookie in http.Request.Cookies.Keys)
        {
            // The sign-in cookie and its chunks (mekong.authC1, …), and Identity's own (two-factor, external).
            if (cookie.StartsWith(name, StringComparison.Ordinal) || cookie.StartsWith(".AspNetCore.Identity", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
