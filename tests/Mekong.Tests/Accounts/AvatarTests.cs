using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Mekong.Accounts;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using static Mekong.Tests.Accounts.AccountTestKit;

namespace Mekong.Tests.Accounts;

/// <summary>Generated initials avatars (GET /u/{id}/avatar) and the profile's flag and languages.</summary>
public sealed class AvatarTests(Apps apps) : IClassFixture<Apps>
{
    [Theory]
    [InlineData("林晓雨", "林")]
    [InlineData("Sokha Chan", "SC")]
    [InlineData("nguyễn văn an", "NA")]
    [InlineData("สมชาย ใจดี", "สจ")]
    [InlineData("เมย์", "ม")]
    [InlineData("សុខា", "សុ")]
    [InlineData("အောင်အောင်", "အော")]
    [InlineData("ສົມພອນ", "ສົ")]
    [InlineData("  ", "?")]
    [InlineData("😀 Joy", "😀J")]
    public void Initials_are_whole_graphemes(string name, string initials) =>
        Assert.Equal(initials, Avatars.Initials(name));

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_avatar_is_a_cacheable_svg_with_escaped_text(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("avatar");
        await (await member.Client.PutAsJsonAsync("/api/v1/me", new { displayName = "<script>alert(1)</script> & \"Co\"" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        using var anonymous = app.CreateClient();

        var response = await anonymous.GetAsync($"/u/{member.Id}/avatar", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        var svg = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", svg, StringComparison.Ordinal);
        var document = XDocument.Parse(svg); // well-formed XML: the name could not break out of its element
        Assert.Equal("<script>alert(1)</script> & \"Co\"", document.Root!.Elements().Single(e => e.Name.LocalName == "title").Value);
        Assert.Equal("SC", document.Root!.Elements().Single(e => e.Name.LocalName == "text").Value);

        var other = await app.RegisterAsync("colour");
        Assert.NotEqual(svg, await anonymous.GetStringAsync($"/u/{other.Id}/avatar", Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/u/{Guid.NewGuid()}/avatar", Ct)).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_profile_shows_avatar_flag_and_languages_in_the_readers_language(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var member = await app.RegisterAsync("laoprofile", country: "LA", languages: ["lo", "th"]);
        using var chinese = app.CreateClient();
        chinese.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");

        var html = await chinese.GetStringAsync($"/u/{member.Id}", Ct);

        Assert.Contains($"src=\"/u/{member.Id}/avatar\"", html, StringComparison.Ordinal);
        Assert.Contains("🇱🇦", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"老挝\"", html, StringComparison.Ordinal);
        Assert.Contains("老挝语", html, StringComparison.Ordinal);
        Assert.Contains("泰语", html, StringComparison.Ordinal);
    }
}
