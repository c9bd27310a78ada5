using System.Net;
using System.Net.Http.Json;
using Mekong.Platform.Data;

namespace Mekong.Tests.Platform.Content;

/// <summary>
/// Regression tests for what fuzzing the Markdown path found (docs/fuzzing.md): Markdig throws ArgumentException
/// ("too deeply nested") on deeply nested blocks or link brackets, which surfaced as a 500 wherever Markdown is rendered.
/// A member's text, however odd, is refused with a 400 or rendered; never a 500.
/// </summary>
public sealed class MarkdownRendererTests(Apps apps) : IClassFixture<Apps>
{
    public static TheoryData<DatabaseProvider, string> Inputs()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            data.Add(provider, string.Concat(Enumerable.Repeat("> ", 200)) + "x"); // nested block quotes
            data.Add(provider, string.Concat(Enumerable.Repeat("[x", 200)));        // nested link brackets (the fuzzer's finding)
            data.Add(provider, string.Concat(Enumerable.Repeat("- ", 200)) + "x"); // nested lists
        }

        return data;
    }

    [Theory, MemberData(nameof(Inputs))]
    public async Task Deeply_nested_markdown_is_refused_or_rendered_never_a_500(DatabaseProvider provider, string markdown)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await apps.For(provider);
        var author = await app.RegisterAsync("nested");
        var community = await author.CreateCommunityAsync();

        using var created = await author.Client.PostAsJsonAsync($"/api/v1/communities/{community.Id()}/posts", new { title = "Nested", body = markdown }, ct);
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"a post with deeply nested Markdown answered {(int)created.StatusCode}");
        if (created.StatusCode == HttpStatusCode.Created)
        {
            var post = await created.ExpectAsync(HttpStatusCode.Created);
            await (await author.Client.GetAsync($"/api/v1/posts/{post.Id()}", ct)).ExpectAsync(HttpStatusCode.OK);
            using var page = await app.CreateClient().GetAsync($"/p/{post.Id()}", ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using var guidelines = await app.Admin.Client.PutAsJsonAsync("/api/v1/guidelines", new { markdown }, ct);
        Assert.True(guidelines.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"guidelines with deeply nested Markdown answered {(int)guidelines.StatusCode}");
        using var rendered = await app.CreateClient().GetAsync("/guidelines", ct);
        Assert.Equal(HttpStatusCode.OK, rendered.StatusCode);
    }
}
