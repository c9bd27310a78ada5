using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mekong.Tests.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;

namespace Mekong.Tests.Attack;

/// <summary>Who sends a probe: the five principals of the role matrix, plus cookie-signed-in browsers for CSRF and pages.</summary>
public enum Who
{
    Anonymous,
    Member,
    Owner,
    Moderator,
    Admin,
    OwnerCookie,
    AdminCookie,
}

/// <summary>
/// The fixtures every probe needs, built through the API as a member would: an owner with a public and a
/// members-only community, a post and comment in each, a reported post with a moderator's decision, the owner's
/// appeal and the notification it caused, a rule, a glossary concept and a translation proposal; and a second
/// member who owns nothing (the IDOR attacker).
/// </summary>
public sealed partial class AttackWorld
{
    private readonly Dictionary<Who, HttpClient> _clients = [];
    private int _serial;

    private AttackWorld(MekongApp app) => App = app;

    public MekongApp App { get; }

    public Member Owner { get; private set; } = null!;
    public Member Other { get; private set; } = null!;
    public Guid Community { get; private set; }
    public string Slug { get; private set; } = "";
    public Guid Post { get; private set; }
    public string PostTitle { get; private set; } = "";
    public Guid Comment { get; private set; }
    public Guid PrivateCommunity { get; private set; }
    public string PrivateSlug { get; private set; } = "";
    public Guid PrivatePost { get; private set; }
    public Guid ReviewItem { get; private set; }
    public Guid Decision { get; private set; }
    public Guid Appeal { get; private set; }
    public Guid Notification { get; private set; }
    public Guid Rule { get; private set; }
    public string Concept { get; private set; } = "";
    public Guid Proposal { get; private set; }
    public string LoginEmail { get; private set; } = "";
    public string RefreshToken { get; private set; } = "";

    /// <summary>Route templates of the API endpoints (constraints removed) → what a caller needs.</summary>
    public Dictionary<string, Access> Endpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>The site's pages as routed (non-API), with whether they take posts.</summary>
    public List<string> Pages { get; } = [];

    public static async Task<AttackWorld> BuildAsync(MekongApp app, CancellationToken ct)
    {
        var world = new AttackWorld(app);
        await world.InitializeAsync(ct);
        return world;
    }

    public HttpClient Client(Who who) => _clients[who];

    public int Next() => Interlocked.Increment(ref _serial);

    /// <summary>A client that keeps cookies and does not follow redirects: what a browser tab is to the server.</summary>
    public HttpClient NewBrowser() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Reads a form's antiforgery token from a page (the hidden __RequestVerificationToken input).</summary>
    public static async Task<string> FormTokenAsync(HttpClient browser, string page, CancellationToken ct)
    {
        var html = await browser.GetStringAsync(page, ct);
        var match = FormToken().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {page}");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        ReadEndpoints();
        var admin = App.Admin;
        Owner = await App.RegisterAsync("owner");
        Other = await App.RegisterAsync("other");
        var moderator = await App.RegisterWithRoleAsync(admin, "moderator");
        var reporter = await App.RegisterAsync("reporter");
        var login = await App.RegisterAsync("login");
        LoginEmail = login.Email;

        _clients[Who.Anonymous] = NewBrowser();
        _clients[Who.Member] = Other.Client;
        _clients[Who.Owner] = Owner.Client;
        _clients[Who.Moderator] = moderator.Client;
        _clients[Who.Admin] = admin.Client;
        _clients[Who.OwnerCookie] = await CookieClientAsync(Owner.Email, ct);
        _clients[Who.AdminCookie] = await CookieClientAsync(admin.Email, ct);

        var community = await Owner.CreateCommunityAsync();
        Community = community.Id();
        Slug = community.GetProperty("slug").GetString()!;
        PostTitle = "Attack fixture post";
        Post = (await Owner.CreatePostAsync(Community.ToString(), PostTitle, "Fixture body.")).Id();
        Comment = (await Owner.CommentAsync(Post, "Fixture comment.")).Id();

        var hidden = await Owner.CreateCommunityAsync(visibility: "membersOnly");
        PrivateCommunity = hidden.Id();
        PrivateSlug = hidden.GetProperty("slug").GetString()!;
        PrivatePost = (await Owner.CreatePostAsync(PrivateCommunity.ToString(), "Members only", "Hidden body.")).Id();

        // A second post is reported and removed by the moderator: a review item, a decision, the owner's notification and appeal.
        var reported = (await Owner.CreatePostAsync(Community.ToString(), "Reported", "Spam spam.")).Id();
        var report = await (await reporter.Client.PostAsJsonAsync("/api/v1/reports", new { kind = "post", id = reported, reason = "spam" }, ct)).ExpectAsync(System.Net.HttpStatusCode.Created);
        ReviewItem = report.GetProperty("reviewItemId").GetGuid();
        Decision = (await (await moderator.Client.PostAsJsonAsync($"/api/v1/moderation/queue/{ReviewItem}/decisions", new { action = "remove", rule = "No spam" }, ct))
            .ExpectAsync(System.Net.HttpStatusCode.OK)).Id();
        var notifications = await (await Owner.Client.GetAsync("/api/v1/me/notifications", ct)).ExpectAsync(System.Net.HttpStatusCode.OK);
        Notification = notifications.GetProperty("items")[0].Id();
        Appeal = (await (await Owner.Client.PostAsJsonAsync($"/api/v1/moderation/decisions/{Decision}/appeal", new { statement = "Not spam." }, ct))
            .ExpectAsync(System.Net.HttpStatusCode.Created)).Id();

        Rule = (await (await admin.Client.PostAsJsonAsync("/api/v1/moderation/rules", new { pattern = "attackfixture", kind = "plain", action = "flag", reason = "fixture" }, ct))
            .ExpectAsync(System.Net.HttpStatusCode.Created)).Id();
        Concept = (await (await admin.Client.PostAsJsonAsync(
            "/api/v1/glossary", new { id = "attack-fixture", category = "food", note = "fixture", terms = new[] { new { language = "th", preferred = "ขนมครก" } } }, ct))
            .ExpectAsync(System.Net.HttpStatusCode.Created)).GetProperty("id").GetString()!;
        Proposal = (await (await reporter.Client.PostAsJsonAsync($"/api/v1/posts/{Post}/translations/vi/proposals", new { text = "Bài viết\n\nNội dung" }, ct))
            .ExpectAsync(System.Net.HttpStatusCode.Created)).Id();

        var token = await (await App.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = LoginEmail, password = "correct horse battery" }, ct))
            .ExpectAsync(System.Net.HttpStatusCode.OK);
        RefreshToken = token.GetProperty("refreshToken").GetString()!;
    }

    /// <summary>Signs in through the API with useCookies=true: the client then carries the auth cookie, as a browser would.</summary>
    public async Task<HttpClient> CookieClientAsync(string email, CancellationToken ct)
    {
        var browser = NewBrowser();
        var response = await browser.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email, password = "correct horse battery" }, ct);
        Assert.True(response.IsSuccessStatusCode, $"cookie sign-in failed: {(int)response.StatusCode}");
        return browser;
    }

    private void ReadEndpoints()
    {
        var policies = App.Service<IAuthorizationPolicyProvider>();
        foreach (var endpoint in App.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = Template(endpoint.RoutePattern.RawText);
            if (!route.StartsWith("/api/", StringComparison.Ordinal) && !route.StartsWith("/openapi/", StringComparison.Ordinal))
            {
                // Pages and the form endpoints beside them (/signout, /language).
                if (!Pages.Contains(route, StringComparer.Ordinal))
                {
                    Pages.Add(route);
                }

                continue;
            }

            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || authorize.Count == 0;
            var roles = new List<string>();
            foreach (var data in authorize)
            {
                var policy = data.Policy is null ? null : policies.GetPolicyAsync(data.Policy).GetAwaiter().GetResult();
                roles.AddRange(policy?.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles) ?? []);
                roles.AddRange(data.Roles?.Split(',', StringSplitOptions.TrimEntries) ?? []);
            }

            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
            {
                Endpoints[$"{method} {route}"] = new Access(!anonymous, roles.Distinct(StringComparer.Ordinal).ToList());
            }
        }
    }

    /// <summary>The access an operation needs, by its OpenAPI path (route constraints and optional marks removed).</summary>
    public Access AccessOf(ApiOperation operation) =>
        Endpoints.GetValueOrDefault($"{operation.Method} {operation.Path}") ?? Endpoints.GetValueOrDefault($"* {operation.Path}") ?? new Access(false, []);

    /// <summary>"/api/v1/posts/{id:guid}" → "/api/v1/posts/{id}".</summary>
    public static string Template(string? raw) => "/" + RouteConstraint().Replace((raw ?? "").Trim('/'), "{$1}");

    /// <summary>The fixture that fits a route parameter, judged by the path segment before it.</summary>
    public string Fixture(string path, ApiParameter parameter)
    {
        var segments = path.Split('/');
        var at = Array.FindIndex(segments, s => s == "{" + parameter.Name + "}");
        var before = at > 0 ? segments[at - 1] : "";
        return before switch
        {
            "users" => Owner.Id.ToString(),
            "comments" => Comment.ToString(),
            "posts" or "p" => Post.ToString(),
            "communities" => Community.ToString(),
            "c" => Slug,
            "notifications" => Notification.ToString(),
            "queue" => ReviewItem.ToString(),
            "decisions" => Decision.ToString(),
            "appeals" => Appeal.ToString(),
            "rules" => Rule.ToString(),
            "glossary" or "edit" => Concept,
            "translation-proposals" => Proposal.ToString(),
            "roles" => "creator",
            "reactions" => "like",
            "translations" => "vi",
            "u" => Owner.Id.ToString(),
            "status" => "404",
            _ => parameter.Format == "uuid" ? Guid.CreateVersion7().ToString() : "attack",
        };
    }

    [GeneratedRegex("""\{([^}:?]+)[^}]*\}""")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}

/// <summary>What a caller needs: to be signed in, and one of these roles (none: any signed-in member).</summary>
public sealed record Access(bool SignedIn, IReadOnlyList<string> Roles)
{
    public bool Allows(string[] roles) => !SignedIn || Roles.Count == 0 || Roles.Intersect(roles, StringComparer.Ordinal).Any();
}

/// <summary>Shapes of JSON answers the suite reads.</summary>
internal static class JsonReading
{
    public static JsonElement? TryParse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonSerializer.Deserialize<JsonElement>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
