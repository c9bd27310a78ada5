using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Mekong.Platform.Data;

namespace Mekong.Tests.Platform;

/// <summary>
/// What an outside attacker found on the landed site (issues 8 and 21), each checked through the real pipeline:
/// security headers, refusals rendered for browsers, proof of intent for cookie writes, spreadsheet-safe CSV,
/// the language switcher's return address, and the rate limits.
/// </summary>
public sealed partial class HardeningTests(Apps apps) : IClassFixture<Apps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/posts")]
    [InlineData("/css/site.css")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_runs_only_the_inline_script_its_nonce_allows()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        var nonce = Regex.Match(response.Headers.GetValues("Content-Security-Policy").Single(), "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        var scripts = ScriptTag().Matches(html);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.True(s.Groups["src"].Success || s.Groups["nonce"].Value == nonce, s.Value));
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.DoesNotContain(" style=\"", html, StringComparison.Ordinal);

        // A fresh nonce per response.
        using var second = await client.GetAsync("/", Ct);
        Assert.DoesNotContain(nonce, second.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_outside_development()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://mekong.example") });

        // A form page: it sets the antiforgery cookie (a visitor's cached pages set none).
        using var response = await client.GetAsync("/signin", Ct);

        Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("GET", "/?q=%00", 400)]
    [InlineData("GET", "/search?q=%00", 400)]
    [InlineData("GET", "/signin?ReturnUrl=/%00/evil.example", 400)]
    [InlineData("POST", "/api/v1/communities", 413)]
    [InlineData("POST", "/api/v1/auth/login", 415)]
    public async Task A_browser_gets_the_sites_error_page_with_the_right_status(string method, string path, int status)
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd("text/html");
        request.Content = status switch
        {
            413 => new StringContent($$"""{"name": "{{new string('x', 2_000_000)}}"}""", Encoding.UTF8, "application/json"),
            415 => new StringContent("{}", Encoding.UTF8, MediaTypeHeaderValue.Parse("application/json; charset=ebcdic-xx")),
            _ => null,
        };

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<h1>{status}</h1>", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_client_gets_a_problem_document_for_the_same_refusals()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();
        using var big = new StringContent($$"""{"name": "{{new string('x', 2_000_000)}}"}""", Encoding.UTF8, "application/json");

        await (await client.PostAsync("/api/v1/communities", big, Ct)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await client.GetAsync("/api/v1/search?q=%00", Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
    }

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("/\\t/evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r\nX-Injected: 1")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("")]
    public async Task The_language_switcher_sends_foreign_return_addresses_home(string returnUrl)
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(await client.GetStringAsync("/signin", Ct)).Groups[1].Value;

        using var response = await client.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "vi",
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        }), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains("X-Injected"));
    }

    [Fact]
    public async Task The_language_switcher_keeps_a_local_return_address()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = InterfaceLanguageTests.AntiforgeryToken().Match(await client.GetStringAsync("/signin", Ct)).Groups[1].Value;

        using var response = await client.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "th",
            ["returnUrl"] = "/communities?kind=interestClub",
            ["__RequestVerificationToken"] = token,
        }), Ct);

        Assert.Equal("/communities?kind=interestClub", response.Headers.Location?.OriginalString);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Cookie_writes_need_the_antiforgery_token_and_bearer_writes_do_not(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.RegisterAsync("owner");
        var community = await owner.CreateCommunityAsync();
        var member = await app.RegisterAsync("member");
        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await browser.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email = member.Email, password = "correct horse battery" }, Ct)).EnsureSuccessStatusCode();
        var join = $"/api/v1/communities/{community.Id()}/membership";

        await (await browser.PostAsync(join, null, Ct)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var members = await (await owner.Client.GetAsync($"/api/v1/communities/{community.Id()}/members", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(members.GetProperty("items").EnumerateArray(), m => m.GetProperty("userId").GetGuid() == member.Id);

        var token = InterfaceLanguageTests.AntiforgeryToken().Match(await browser.GetStringAsync("/", Ct)).Groups[1].Value;
        using var proven = new HttpRequestMessage(HttpMethod.Post, join);
        proven.Headers.Add("RequestVerificationToken", token);
        (await browser.SendAsync(proven, Ct)).EnsureSuccessStatusCode();

        // The pages' sign-out form is held to the same rule (issue 8, defect 6).
        using (var signOut = await browser.PostAsync("/signout", null, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        }

        using var withToken = await browser.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, withToken.StatusCode);

        // A bearer client needs no token: holding the token is the proof.
        await (await member.Client.DeleteAsync(join, Ct)).ExpectAsync(HttpStatusCode.NoContent);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Exported_csv_cells_never_start_a_formula_and_import_back_unchanged(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var id = "formula-" + Guid.NewGuid().ToString("N")[..8];
        await (await app.Admin.Client.PostAsJsonAsync("/api/v1/glossary", new
        {
            id,
            category = "food",
            note = "=HYPERLINK(\"http://evil.example\",\"click\")",
            terms = new[] { new { language = "en", preferred = "+cmd|' /C calc'!A0", allowed = new[] { "@SUM(1+1)", "-2+3" } } },
        }, Ct)).ExpectAsync(HttpStatusCode.Created);

        var csv = await app.Admin.Client.GetStringAsync("/api/v1/glossary/export.csv", Ct);
        var line = csv.Split('\n').Single(l => l.StartsWith(id, StringComparison.Ordinal));

        foreach (var cell in Regex.Split(line, ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"))
        {
            var value = cell.StartsWith('"') ? cell[1..] : cell;
            Assert.False(value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal), $"cell starts a formula: {cell}");
        }

        await (await app.Admin.Client.DeleteAsync($"/api/v1/glossary/{id}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        using var import = new StringContent(csv, Encoding.UTF8, "text/csv");
        (await app.Admin.Client.PostAsync("/api/v1/glossary/import", import, Ct)).EnsureSuccessStatusCode();
        var concept = await (await app.Admin.Client.GetAsync($"/api/v1/glossary/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("=HYPERLINK(\"http://evil.example\",\"click\")", concept.GetProperty("note").GetString());
        Assert.Contains("+cmd|' /C calc'!A0", concept.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_the_limit_a_member_gets_429_with_retry_after_and_staff_are_exempt()
    {
        var postgres = apps.Postgres;
        await using var app = await MekongApp.StartAsync(DatabaseProvider.Sqlite, postgres, new Dictionary<string, string?>
        {
            ["RateLimits:Policies:post:PermitLimit"] = "3",
            ["RateLimits:Policies:post:WindowSeconds"] = "3600",
            ["RateLimits:Policies:signin:PermitLimit"] = "4",
            ["RateLimits:Policies:signin:WindowSeconds"] = "3600",
        });
        var author = await app.RegisterAsync("author");
        var community = (await author.CreateCommunityAsync()).Id().ToString();
        for (var i = 0; i < 3; i++)
        {
            await author.CreatePostAsync(community, $"Post {i}");
        }

        using var refused = await author.Client.PostAsJsonAsync($"/api/v1/communities/{community}/posts", new { title = "One too many", body = "x" }, Ct);
        await refused.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);

        // Reads are not writes: the same member still reads; another member still posts; the admin is exempt.
        (await author.Client.GetAsync($"/api/v1/communities/{community}/posts", Ct)).EnsureSuccessStatusCode();
        (await app.Admin.Client.PostAsJsonAsync($"/api/v1/communities/{community}/membership", new { }, Ct)).EnsureSuccessStatusCode();
        for (var i = 0; i < 5; i++)
        {
            await app.Admin.CreatePostAsync(community, $"Admin post {i}");
        }

        // Signed out, the client address is the key: once the window's sign-ins are spent (the fixture's own
        // sign-ins count too), the next attempt is refused before any password is checked.
        using var anonymous = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var attempt = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@test.mekong", password = "wrong password" }, Ct);
            statuses.Add(attempt.StatusCode);
            if (attempt.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await attempt.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.Unauthorized, s));
    }

    // Each attribute is looked for from the tag's start (a lookahead each), so their order and other attributes (defer) do not matter.
    [GeneratedRegex("<script(?=(?:[^>]*?\\ssrc=\"(?<src>[^\"]+)\")?)(?=(?:[^>]*?\\snonce=\"(?<nonce>[^\"]+)\")?)[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("\\son[a-z]+=\"", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
