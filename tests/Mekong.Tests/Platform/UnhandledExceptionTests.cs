using System.Net;
using Mekong.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Platform;

/// <summary>
/// The server treats an unhandled exception as a bug, and a bug must not talk: a test-only endpoint that throws
/// answers a 500 problem document with no exception type, message or stack trace, and the exception is logged.
/// </summary>
public sealed class UnhandledExceptionTests(PostgresServer postgres)
{
    private const string Secret = "connection string Password=hunter2 at SecretType";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task A_thrown_exception_is_a_logged_500_problem_without_details(DatabaseProvider provider)
    {
        await using var app = await MekongApp.StartAsync(provider, postgres);
        await using var throwing = app.WithWebHostBuilder(builder => builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, ThrowingEndpoint>()));
        using var client = throwing.CreateClient();
        var mark = app.Errors.Count;

        foreach (var accept in new[] { "application/json", "*/*" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/test-only/throw");
            request.Headers.TryAddWithoutValidation("Accept", accept);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"status\":500", body, StringComparison.Ordinal);
            foreach (var detail in new[] { "hunter2", "SecretType", "InvalidOperationException", "ThrowingEndpoint", "   at ", "stack", "exception" })
            {
                Assert.DoesNotContain(detail, body, StringComparison.OrdinalIgnoreCase);
            }
        }

        var logged = app.Errors.Since(mark);
        Assert.Equal(2, logged.Count(l => l.Contains("ExceptionHandlerMiddleware", StringComparison.Ordinal) && l.Contains(Secret, StringComparison.Ordinal)));
    }

    /// <summary>Appends a throwing route behind the app's own pipeline (exception handler included), for this test only.</summary>
    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate following) =>
                context.Request.Path == "/api/v1/test-only/throw" ? throw new InvalidOperationException(Secret) : following(context));
        };
    }
}
