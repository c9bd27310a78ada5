using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mekong.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

[assembly: AssemblyFixture(typeof(Mekong.Tests.Platform.PostgresServer))]

namespace Mekong.Tests.Platform;

/// <summary>The real application over HTTP, on a fresh SQLite file or a fresh PostgreSQL database.</summary>
public sealed class MekongApp : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mekong-test-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly DatabaseProvider _provider;
    private readonly string _connectionString;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private int _users;

    private MekongApp(DatabaseProvider provider, string connectionString, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _provider = provider;
        _connectionString = connectionString;
        _settings = settings ?? new Dictionary<string, string?>();
        _services = services;
        Directory.CreateDirectory(_folder);
    }

    public DatabaseProvider Provider => _provider;

    public string ConnectionString => _connectionString;

    /// <summary>Leave the database in place on dispose (an upgrade test opens it again).</summary>
    public bool KeepDatabase { get; set; }

    /// <summary>The app over a database that already exists (it migrates on start, as a site does on upgrade); kept on dispose.</summary>
    public static MekongApp Open(DatabaseProvider provider, string connectionString, Action<IServiceCollection>? services = null)
    {
        var app = new MekongApp(provider, connectionString, services: services) { KeepDatabase = true };
        _ = app.Server;
        return app;
    }

    /// <summary>The server's log lines at Error and above (unhandled exceptions, failed commands), for suites that treat each as a bug.</summary>
    public ServerErrors Errors { get; } = new();

    /// <summary>The site's first account, hence admin.</summary>
    public Member Admin { get; private set; } = null!;

    /// <summary>
    /// Starts the app; <paramref name="settings"/> override configuration keys (e.g. "Accounts:SignInThrottle:PerClientFailures"),
    /// <paramref name="services"/> adds test-only services (an outbox handler).
    /// </summary>
    public static async Task<MekongApp> StartAsync(
        DatabaseProvider provider, PostgresServer postgres, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var connectionString = provider == DatabaseProvider.Postgres
            ? await postgres.CreateDatabaseAsync()
            : $"Data Source={Path.Combine(Path.GetTempPath(), "mekong-" + Guid.NewGuid().ToString("N")[..12] + ".db")}";
        var app = new MekongApp(provider, connectionString, settings, services);
        _ = app.Server; // starts the host: migrations run now, not inside the first test request
        app.Admin = await app.RegisterAsync("admin"); // the first account of a fresh site is its admin
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseSetting("Database:Provider", _provider.ToString());
        builder.UseSetting("ConnectionStrings:Mekong", _connectionString);
        builder.UseSetting("DataProtection:KeysPath", Path.Combine(_folder, "keys"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");

        // Suites create members and posts by the hundred from one address: the limiters run, with room to spare.
        // Tests of the limits themselves set small ones (Platform/HardeningTests.cs).
        foreach (var policy in new[] { "signin", "register", "post", "comment", "reaction", "search", "upload", "translation" })
        {
            builder.UseSetting($"RateLimits:Policies:{policy}:PermitLimit", "1000000");
        }

        // Every test client comes from one address: the sign-in failure throttle is generous here, and its
        // own tests (Accounts/SignInThrottleTests) set their limits and client addresses.
        builder.UseSetting("Accounts:SignInThrottle:PerAccountFailures", "100000");
        builder.UseSetting("Accounts:SignInThrottle:PerClientFailures", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Errors));
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>
    /// Waits until the outbox has no due event left (search indexing, notifications… have run), at most 30 s.
    /// Members' clients do this after every write, so a test reads what the write caused, as a reader would a moment later.
    /// </summary>
    public Task DrainOutboxAsync() =>
        Services.GetRequiredService<Mekong.Platform.Outbox.OutboxDispatcher>().DrainAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    /// <summary>A client whose writes return once the outbox has handled what they caused (cookies and redirects as <c>CreateClient</c>).</summary>
    public HttpClient CreateDrainingClient() =>
        CreateDefaultClient(ClientOptions.BaseAddress, new DrainAfterWrites(this), new RedirectHandler(ClientOptions.MaxAutomaticRedirections), new CookieContainerHandler());

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Signs up a new account and returns a client that carries its bearer token.</summary>
    public async Task<Member> RegisterAsync(string? name = null, string country = "TH", string[]? languages = null)
    {
        var n = Interlocked.Increment(ref _users);
        var email = $"{name ?? "user"}{n}-{Guid.NewGuid().ToString("N")[..6]}@test.mekong";
        using var anonymous = CreateClient();
        var register = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new
        {
            email,
            password = "correct horse battery",
            displayName = name ?? $"User {n}",
            homeCountry = country,
            readingLanguages = languages ?? ["th", "en"],
        });
        register.EnsureSuccessStatusCode();
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "correct horse battery" });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        var client = CreateDrainingClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        return new Member(client, me.GetProperty("profile").GetProperty("id").GetGuid(), email);
    }

    /// <summary>Signs up and grants site roles (via the first account, which is admin).</summary>
    public async Task<Member> RegisterWithRoleAsync(Member admin, string role, string? name = null)
    {
        var member = await RegisterAsync(name ?? role);
        (await admin.Client.PutAsync($"/api/v1/admin/users/{member.Id}/roles/{role}", null)).EnsureSuccessStatusCode();
        return await member.SignInAgainAsync(this);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _provider == DatabaseProvider.Sqlite && !KeepDatabase)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var file = _connectionString["Data Source=".Length..];
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }

        if (disposing)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}

/// <summary>After a write (any method but GET and HEAD), waits for the outbox to be drained before handing the response back.</summary>
internal sealed class DrainAfterWrites(MekongApp app) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            await app.DrainOutboxAsync();
        }

        return response;
    }
}

/// <summary>Collects the server's Error and Critical log lines (category, message, exception) as they are written.</summary>
public sealed class ServerErrors : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public int Count
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>The lines written since <paramref name="mark"/> (a former <see cref="Count"/>).</summary>
    public IReadOnlyList<string> Since(int mark)
    {
        lock (_lines)
        {
            return _lines.Skip(mark).ToList();
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }

    private sealed class Logger(ServerErrors errors, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                errors.Add($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" [{exception.GetType().FullName}: {exception.Message}]")}");
            }
        }
    }
}

/// <summary>A signed-in account and its API client.</summary>
public sealed record Member(HttpClient Client, Guid Id, string Email)
{
    /// <summary>Bearer tokens carry roles from sign-in time: sign in again after a role change.</summary>
    public async Task<Member> SignInAgainAsync(MekongApp app)
    {
        using var anonymous = app.CreateClient();
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = Email, password = "correct horse battery" });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return this;
    }
}

/// <summary>The few API steps the feature suites share: found a community, publish a post, comment, read JSON.</summary>
public static class Api
{
    /// <summary>Reads the body as JSON after checking the status; a mismatch fails with the body in the message.</summary>
    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
    }

    public static async Task<JsonElement> CreateCommunityAsync(this Member owner, string? name = null, string visibility = "public", string kind = "interestClub")
    {
        var response = await owner.Client.PostAsJsonAsync(
            "/api/v1/communities",
            new { name = name ?? "Community " + Guid.NewGuid().ToString("N")[..10], kind, visibility },
            TestContext.Current.CancellationToken);
        return await response.ExpectAsync(System.Net.HttpStatusCode.Created);
    }

    public static async Task<JsonElement> CreatePostAsync(
        this Member author, string community, string title = "A post", string body = "Some text.", string[]? tags = null, string? language = null)
    {
        var response = await author.Client.PostAsJsonAsync(
            $"/api/v1/communities/{community}/posts", new { title, body, tags, language }, TestContext.Current.CancellationToken);
        return await response.ExpectAsync(System.Net.HttpStatusCode.Created);
    }

    public static async Task<JsonElement> CommentAsync(this Member author, Guid postId, string body = "A comment.", Guid? parentId = null)
    {
        var response = await author.Client.PostAsJsonAsync(
            $"/api/v1/posts/{postId}/comments", new { body, parentId }, TestContext.Current.CancellationToken);
        return await response.ExpectAsync(System.Net.HttpStatusCode.Created);
    }

    /// <summary>Checks an RFC 9457 answer: status, problem content type and, for a field error, the field named in errors.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status, string? field = null)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            var named = problem.TryGetProperty("errors", out var errors)
                ? errors.EnumerateObject().Select(e => e.Name.StartsWith("$.", StringComparison.Ordinal) ? e.Name[2..] : e.Name).ToList()
                : [];
            Assert.True(
                named.Contains(field, StringComparer.OrdinalIgnoreCase),
                $"errors should name '{field}' but name [{string.Join(", ", named)}]: {problem}");
        }

        return problem;
    }

    public static Guid Id(this JsonElement element) => element.GetProperty("id").GetGuid();

    /// <summary>Signs a cookie client in through the /signin form.</summary>
    public static async Task SignInByFormAsync(this HttpClient browser, string email, string password)
    {
        var ct = TestContext.Current.CancellationToken;
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(await browser.GetStringAsync("/signin", ct)).Groups[1].Value;
        using var signedIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Email"] = email,
            ["Password"] = password,
        }), ct);
        Assert.True(signedIn.StatusCode is System.Net.HttpStatusCode.Redirect or System.Net.HttpStatusCode.OK, $"sign-in answered {signedIn.StatusCode}");
    }
}
