using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Mekong.Platform.Http;

/// <summary>
/// Makes the API description complete the same way for every operation, so a new endpoint cannot forget it: a
/// summary (the endpoint's own <c>WithSummary</c>, else its handler's name in words), the bearer security requirement
/// on every operation that requires authorization, and the problem responses the pipeline can give it — 400 (any
/// request: bad input, U+0000 in the query), 401 and 403 (protected), 404 (a route with an id), 413 and 415 (a body),
/// 429 (a rate-limited endpoint) — plus a unique operationId.
/// </summary>
public static class ApiDescription
{
    public const string BearerScheme = "bearer";

    public static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (string.IsNullOrWhiteSpace(operation.Summary))
        {
            var handler = metadata.OfType<MethodInfo>().LastOrDefault();
            operation.Summary = handler is not null && !handler.Name.Contains('<', StringComparison.Ordinal)
                ? Words(handler.Name)
                : $"{context.Description.HttpMethod} /{context.Description.RelativePath}";
        }

        var path = context.Description.RelativePath ?? "";
        var hasBody = operation.RequestBody is not null;
        var requiresAuthorization = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        operation.Responses ??= [];
        Add(operation, "400", "Invalid input: a problem document, with the fields at fault in `errors`.");
        operation.Security ??= [];
        if (operation.Security.Count == 0)
        {
            if (!requiresAuthorization)
            {
                // Open to everyone; a signed-in reader's bearer token is still read (what they may see, their reactions).
                operation.Security.Add(new OpenApiSecurityRequirement());
            }

            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
        }

        if (requiresAuthorization)
        {

            Add(operation, "401", "Not signed in: send `Authorization: Bearer <accessToken>`.");
            Add(operation, "403", "Signed in, but this member may not do this.");
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            Add(operation, "404", "Nothing with that id, or nothing this reader may see.");
        }

        if (hasBody)
        {
            Add(operation, "413", "The body is larger than the site accepts.");
            Add(operation, "415", "The body's media type or charset is not accepted.");
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            Add(operation, "429", "Too many requests: wait for the seconds in `Retry-After`.");
        }

        return Task.CompletedTask;
    }

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Accounts"] = "Registration, sign-in (bearer tokens or cookies), the signed-in member's profile, sessions and two-factor sign-in.",
        ["Administration"] = "Site administration: members and their roles (admins only).",
        ["Communities"] = "Communities, membership, join requests, invitations and community moderators.",
        ["Posts"] = "Posts in communities: list, read, write, edit, delete.",
        ["Discussion"] = "Comments, reactions, shares, bookmarks and follows.",
        ["Notifications"] = "The signed-in member's notifications.",
        ["Moderation"] = "Reports, the review queue, decisions, appeals, watched terms, the classifier and the audit log.",
        ["Search"] = "Full-text search over posts, comments and translations in every platform language.",
        ["Glossary"] = "The cultural glossary: concepts with their terms and usage notes per language.",
        ["Translation"] = "Machine translations of posts and comments, and community translation proposals.",
        ["Privacy"] = "Consent, data export and account erasure.",
        ["Platform"] = "Health of the site.",
    };

    /// <summary>Describes the tags and drops a trailing slash from server URLs (the linters' house style).</summary>
    public static void DescribeDocument(OpenApiDocument document)
    {
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
            {
                server.Url = url.TrimEnd('/');
            }
        }

        // The framework lists every tag the operations use; each gets its one line.
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && string.IsNullOrEmpty(tag.Description) && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
    }

    /// <summary>Gives every operation a unique operationId made from its summary (listGlossaryConcepts, createAPost…).</summary>
    public static void NameOperations(OpenApiDocument document)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, item) in document.Paths ?? [])
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                if (!string.IsNullOrEmpty(operation.OperationId) && taken.Add(operation.OperationId))
                {
                    continue;
                }

                var name = CamelCase(operation.Summary ?? method.ToString());
                var unique = name;
                for (var i = 2; !taken.Add(unique); i++)
                {
                    unique = name + i.ToString(CultureInfo.InvariantCulture);
                }

                operation.OperationId = unique;
            }
        }
    }

    private static void Add(OpenApiOperation operation, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = Problem() },
            },
        };
    }

    /// <summary>RFC 9457 problem details, as Platform/Http/Problems.cs writes them.</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };

    /// <summary>"RequestToJoin" → "Request to join"; a trailing "Async" is dropped.</summary>
    internal static string Words(string name)
    {
        if (name.EndsWith("Async", StringComparison.Ordinal))
        {
            name = name[..^5];
        }

        var words = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c))
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }

        return words.ToString();
    }

    private static string CamelCase(string text)
    {
        var id = new StringBuilder(text.Length);
        var upper = false;
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                upper = id.Length > 0;
                continue;
            }

            id.Append(id.Length == 0 ? char.ToLowerInvariant(c) : upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return id.Length == 0 ? "operation" : id.ToString();
    }
}
