using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Routing;

namespace Mekong.Tests.Scratch;

public sealed class DumpTests(Apps apps) : IClassFixture<Apps>
{
    [Fact]
    public async Task Dump()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var lines = app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => string.Join(",", e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? []) + " " + e.RoutePattern.RawText + " | " + e.DisplayName);
        await File.WriteAllLinesAsync("/tmp/endpoints.txt", lines, TestContext.Current.CancellationToken);
    }
}
