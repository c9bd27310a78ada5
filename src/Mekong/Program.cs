using Mekong.Accounts;
using Mekong.Audit;
using Mekong.Communities;
using Mekong.Discussion;
using Mekong.Display;
using Mekong.Glossary;
using Mekong.LanguageDetection;
using Mekong.Notifications;
using Mekong.Platform;
using Mekong.Platform.Caching;
using Mekong.Platform.Cli;
using Mekong.Platform.Data;
using Mekong.Platform.Demo;
using Mekong.Platform.Localization;
using Mekong.Platform.Startup;
using Mekong.Posts;
using Mekong.Privacy;
using Mekong.Review;
using Mekong.Search;
using Mekong.Syndication;
using Mekong.Translation;

// A command (`audit verify`, `moderation train`, …) runs instead of the site; an unknown one is refused (exit 2).
var invocation = Commands.Parse(args);
if (invocation.Run is { } command)
{
    Environment.ExitCode = await command(Console.Out, Console.Error);
    return;
}

// `--demo` fills an empty site with communities, members and posts from across the region.
var demo = invocation.SiteArgs.Contains("--demo", StringComparer.Ordinal);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = [.. invocation.SiteArgs.Where(a => a != "--demo")],
    // Settings and static files travel with the build, so `dotnet run --project src/Mekong` works from any folder;
    // relative data paths (./data/mekong.db) stay relative to where the platform is started.
    ContentRootPath = AppContext.BaseDirectory,
});

builder.AddPlatform();
builder.AddPageCache();
builder.AddDatabase();
builder.AddInterfaceLocalization();
builder.AddAccounts();
builder.AddCommunities();
builder.AddPosts();
builder.AddDiscussion();
builder.AddNotifications();
builder.AddAudit();
builder.AddReview();
builder.AddLanguageDetection();
builder.AddSearch();
builder.AddGlossary();
builder.AddTranslation();
builder.AddPrivacy();
builder.AddDisplay();
builder.AddSyndication();
builder.Services.AddScoped<DemoSeeder>();

StartTimeline.Mark("configured");
var app = builder.Build();
StartTimeline.Mark("built");
StartTimeline.LogWhenStarted(app);

await app.Services.MigrateDatabaseAsync();
StartTimeline.Mark("migrated");
await app.Services.EnsureRolesAsync();
if (demo || app.Configuration.GetValue<bool>("Demo"))
{
    await app.Services.SeedDemoAsync();
}

await app.Services.BackfillHandlesAsync();
StartTimeline.Mark("roles and handles");

app.UsePlatform();
app.UseAuthentication();
app.UseRequestLocalization();
app.UsePageCache(); // anonymous reads only; after sign-in and language are known, before rate limits
app.UseEndpointGuards(); // proof of intent and limits come before authorization decides who may
app.UseAuthorization();
app.UseAntiforgery();

app.MapPlatform();
app.MapLanguageSwitch();
app.MapAccounts();
app.MapCommunities();
app.MapPosts();
app.MapDiscussion();
app.MapNotifications();
app.MapReview();
app.MapSearch();
app.MapGlossary();
app.MapTranslation();
app.MapPrivacy();
app.MapDisplay();
app.MapSyndication();

StartTimeline.Mark("mapped");
app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
