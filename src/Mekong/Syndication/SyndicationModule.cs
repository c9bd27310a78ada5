namespace Mekong.Syndication;

/// <summary>Feeds (RSS, Atom), robots.txt and the sitemap: how readers and crawlers follow the site from outside.</summary>
public static class SyndicationModule
{
    public static WebApplicationBuilder AddSyndication(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<FeedReaders>();
        builder.Services.AddScoped<PostAlternates>();
        return builder;
    }

    public static WebApplication MapSyndication(this WebApplication app)
    {
        app.MapFeeds();
        app.MapCrawlers();
        app.MapFeedTokens();
        return app;
    }
}
