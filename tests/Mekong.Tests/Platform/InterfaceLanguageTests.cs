using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Mekong.Platform.Data;

namespace Mekong.Tests.Platform;

/// <summary>The interface language: the member's setting, else the switcher's cookie, else Accept-Language.</summary>
public sealed partial class InterfaceLanguageTests(Apps apps) : IClassFixture<Apps>
{
    private static readonly ResourceManager UiText = new("Mekong.Platform.Localization.UiText", typeof(Program).Assembly);

    [Theory]
    [InlineData("th", "th")]
    [InlineData("vi-VN,vi;q=0.9,en;q=0.8", "vi")]
    [InlineData("zh-CN,zh;q=0.9", "zh-Hans")]
    [InlineData("zh-TW", "zh-Hant")]
    [InlineData("zh-HK", "zh-Hant")]
    [InlineData("km-KH", "km")]
    [InlineData("my", "my")]
    [InlineData("fil-PH", "fil")]
    [InlineData("de-DE,fr;q=0.5", "en")]
    public async Task Accept_language_picks_the_interface_language(string acceptLanguage, string expected)
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);

        var html = await client.GetStringAsync("/communities", TestContext.Current.CancellationToken);

        Assert.Equal(expected, HtmlLang().Match(html).Groups[1].Value);
        var heading = UiText.GetString("Communities", CultureInfo.GetCultureInfo(expected))!;
        Assert.Contains($"<h1>{heading}</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_language_translates_every_interface_string()
    {
        var neutral = UiText.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var keys = neutral.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).ToList();
        Assert.NotEmpty(keys);

        foreach (var (code, _) in Mekong.Platform.Languages.Platform.Where(l => l.Code != "en"))
        {
            var set = UiText.GetResourceSet(CultureInfo.GetCultureInfo(code), createIfNotExists: true, tryParents: false);
            Assert.True(set is not null, $"no resources for {code}");
            var missing = keys.Where(k => string.IsNullOrWhiteSpace(set.GetString(k))).ToList();
            Assert.True(missing.Count == 0, $"{code} lacks: {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void Every_string_the_pages_ask_for_has_a_resource()
    {
        var source = Path.Combine(RepositoryRoot(), "src", "Mekong");
        var asked = Directory.EnumerateFiles(source, "*.cs*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => LocalizerKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Concat(Enum.GetValues<Mekong.Communities.CommunityKind>().Select(Mekong.Communities.CommunityText.Kind))
            .Concat(Enum.GetValues<Mekong.Discussion.ReactionKind>().Select(Mekong.Discussion.ReactionKinds.Label))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("Sign in", asked);
        Assert.Contains("Email or password is wrong.", asked);

        var missing = asked.Where(k => UiText.GetString(k, CultureInfo.InvariantCulture) is null).ToList();

        Assert.True(missing.Count == 0, "no resource for: " + string.Join(" | ", missing));
    }

    [Fact]
    public async Task Switcher_sets_the_language_for_visitors_and_saves_it_for_members()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var ct = TestContext.Current.CancellationToken;
        // A visitor's pages hold no token (they are cached and shared); the sign-in form does.
        var token = AntiforgeryToken().Match(await client.GetStringAsync("/signin", ct)).Groups[1].Value;

        var switched = await client.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "lo",
            ["returnUrl"] = "/communities",
            ["__RequestVerificationToken"] = token,
        }), ct);

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/communities", switched.Headers.Location?.OriginalString);
        var page = await client.GetStringAsync("/communities", ct);
        Assert.Equal("lo", HtmlLang().Match(page).Groups[1].Value);
    }

    [Fact]
    public async Task Switcher_refuses_an_unknown_language_and_a_missing_token()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        var token = AntiforgeryToken().Match(await client.GetStringAsync("/signin", ct)).Groups[1].Value;

        var unknown = await client.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "xx",
            ["__RequestVerificationToken"] = token,
        }), ct);
        var forged = await client.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "th" }), ct);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mekong.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests inside the repository.");
    }

    [GeneratedRegex("<html lang=\"([^\"]+)\"")]
    private static partial Regex HtmlLang();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex AntiforgeryToken();

    [GeneratedRegex("\\b[Ll]\\[\"((?:[^\"\\\\]|\\\\.)+)\"")]
    private static partial Regex LocalizerKey();
}
