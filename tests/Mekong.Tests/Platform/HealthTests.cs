using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Platform.Data;

namespace Mekong.Tests.Platform;

public sealed class HealthTests(Apps apps) : IClassFixture<Apps>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Health_reports_the_database_reachable(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/v1/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("reachable", body.GetProperty("database").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task First_account_is_admin_and_later_ones_are_members(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var later = await app.RegisterAsync();

        var adminRoles = (await app.Admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/me", TestContext.Current.CancellationToken)).GetProperty("roles");
        var laterRoles = (await later.Client.GetFromJsonAsync<JsonElement>("/api/v1/me", TestContext.Current.CancellationToken)).GetProperty("roles");

        Assert.Contains("admin", adminRoles.EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["member"], laterRoles.EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task OpenApi_document_lists_the_api()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/communities/{id}/posts", paths);
        Assert.Contains("/api/v1/posts/{id}/reactions/{kind}", paths);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/reference", TestContext.Current.CancellationToken)).StatusCode);
    }
}
