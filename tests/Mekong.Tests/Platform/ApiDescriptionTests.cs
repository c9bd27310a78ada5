using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mekong.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Platform;

/// <summary>
/// Issue 9, defect 12: every operation of the API description has a summary, a unique operationId, at least one 4xx
/// problem response and, when it requires authorization, the bearer security requirement; the reference page loads
/// nothing from another host and shows no vendor buttons.
/// </summary>
public sealed partial class ApiDescriptionTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"\{([^}:=?]+)[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"(?:src|href|url)\s*[=(]\s*[""']?(?:https?:)?//", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [Fact]
    public async Task Every_operation_has_a_summary_its_security_and_a_problem_response()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

        // Which operations require authorization, from the endpoints themselves.
        var protectedOperations = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is not null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                m.ToUpperInvariant() + " " + RouteParameter().Replace("/" + e.RoutePattern.RawText!.TrimStart('/'), "{$1}").TrimEnd('/')))
            .ToHashSet(StringComparer.Ordinal);

        var operations = 0;
        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        var secured = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = operation.Name.ToUpperInvariant() + " " + path.Name.TrimEnd('/');
                operations++;
                var op = operation.Value;
                Assert.True(op.TryGetProperty("summary", out var summary) && !string.IsNullOrWhiteSpace(summary.GetString()), name + " has no summary");
                Assert.True(operationIds.Add(op.GetProperty("operationId").GetString()!), name + " repeats an operationId");
                var responses = op.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
                Assert.True(responses.Any(r => r.StartsWith('4')), name + " lists no 4xx response");
                var hasSecurity = op.TryGetProperty("security", out var security) && security.GetArrayLength() > 0
                    && security[0].TryGetProperty("bearer", out _);
                if (protectedOperations.Contains(name))
                {
                    Assert.True(hasSecurity, name + " requires authorization but names no security requirement");
                    Assert.Contains("401", responses);
                    secured++;
                }
                else
                {
                    Assert.False(hasSecurity, name + " is open to everyone but names a security requirement");
                }
            }
        }

        Assert.True(operations >= 60, $"{operations} operations");
        Assert.True(secured >= 30, $"{secured} protected operations");
        Assert.Equal("http", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_reference_page_loads_nothing_from_another_host_and_shows_no_vendor_buttons()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/reference", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cdn.jsdelivr.net", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"hideClientButton\":true", html, StringComparison.Ordinal);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("http", csp, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        var nonce = Regex.Match(csp, "'nonce-([^']+)'", RegexOptions.CultureInvariant).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.All(Regex.Matches(html, "<script[^>]*>", RegexOptions.CultureInvariant), tag => Assert.Contains($"nonce=\"{nonce}\"", tag.Value, StringComparison.Ordinal));
    }
}
