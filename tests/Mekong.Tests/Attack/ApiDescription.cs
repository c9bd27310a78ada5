using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mekong.Tests.Attack;

/// <summary>The operations an OpenAPI 3 document describes: method, path template, parameters and request body.</summary>
public sealed class ApiDescription
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
    private static readonly string[] Locations = ["path", "query", "header", "cookie"];

    private readonly JsonObject _root;

    private ApiDescription(JsonObject root, IReadOnlyList<ApiOperation> operations)
    {
        _root = root;
        Operations = operations;
    }

    public IReadOnlyList<ApiOperation> Operations { get; }

    /// <summary>Reads an OpenAPI 3.x document; anything that is not one fails with <see cref="OpenApiDocumentException"/> saying where.</summary>
    public static ApiDescription Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new OpenApiDocumentException($"the OpenAPI document is not JSON: {e.Message}", e);
        }

        if (node is not JsonObject root)
        {
            throw new OpenApiDocumentException("the OpenAPI document must be a JSON object at its root");
        }

        if (root["openapi"] is not JsonValue version || version.GetValueKind() != JsonValueKind.String
            || !version.GetValue<string>().StartsWith("3.", StringComparison.Ordinal))
        {
            throw new OpenApiDocumentException("the OpenAPI document has no 'openapi' version 3.x at its root");
        }

        if (root["paths"] is not JsonObject paths)
        {
            throw new OpenApiDocumentException("the OpenAPI document has no 'paths' object");
        }

        var description = new ApiDescription(root, []);
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in paths)
        {
            if (!path.StartsWith('/'))
            {
                throw new OpenApiDocumentException($"paths['{path}']: a path template must start with '/'");
            }

            if (item is not JsonObject pathItem)
            {
                throw new OpenApiDocumentException($"paths['{path}']: a path item must be an object");
            }

            var shared = ReadParameters(description, pathItem["parameters"], $"paths['{path}'].parameters");
            foreach (var (key, value) in pathItem)
            {
                if (!Methods.Contains(key, StringComparer.Ordinal))
                {
                    continue;
                }

                var where = $"paths['{path}'].{key}";
                if (value is not JsonObject operation)
                {
                    throw new OpenApiDocumentException($"{where}: an operation must be an object");
                }

                var parameters = shared.Concat(ReadParameters(description, operation["parameters"], where + ".parameters"))
                    .GroupBy(p => (p.Name, p.In)).Select(g => g.Last()).ToList();
                foreach (var name in TemplateNames(path))
                {
                    if (!parameters.Any(p => p.In == "path" && p.Name == name))
                    {
                        throw new OpenApiDocumentException($"{where}: the path parameter '{name}' is not described");
                    }
                }

                operations.Add(new ApiOperation(key.ToUpperInvariant(), path, parameters, ReadBody(description, operation["requestBody"], where + ".requestBody")));
            }
        }

        return new ApiDescription(root, operations);
    }

    /// <summary>Follows a local <c>$ref</c> (and a nullable <c>oneOf</c> around one) to the schema object it names.</summary>
    public JsonObject Resolve(JsonNode? schema) => Resolve(_root, schema, "schema");

    private static JsonObject Resolve(JsonObject root, JsonNode? schema, string where)
    {
        for (var hops = 0; hops < 32; hops++)
        {
            if (schema is not JsonObject obj)
            {
                throw new OpenApiDocumentException($"{where}: a schema must be an object");
            }

            if (obj["$ref"] is JsonValue reference)
            {
                var target = reference.GetValueKind() == JsonValueKind.String ? reference.GetValue<string>() : "";
                if (!target.StartsWith("#/", StringComparison.Ordinal))
                {
                    throw new OpenApiDocumentException($"{where}: only local references are supported, not '{target}'");
                }

                JsonNode? found = root;
                foreach (var segment in target[2..].Split('/'))
                {
                    found = found is JsonObject o ? o[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)] : null;
                }

                schema = found ?? throw new OpenApiDocumentException($"{where}: the reference '{target}' points at nothing");
                continue;
            }

            if (obj["oneOf"] is JsonArray oneOf && oneOf.OfType<JsonObject>().Where(s => !IsNullSchema(s)).ToList() is [var single])
            {
                schema = single;
                continue;
            }

            return obj;
        }

        throw new OpenApiDocumentException($"{where}: references loop");
    }

    /// <summary>The schema's main type, leaving out "null" from a type list: object, array, string, integer, number, boolean or "" when not said.</summary>
    public static string TypeOf(JsonObject schema) => schema["type"] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray a => a.Select(t => t?.GetValue<string>() ?? "null")
            .Where(t => t != "null" && t != "string").Concat(a.Select(t => t?.GetValue<string>() ?? "null").Where(t => t == "string"))
            .FirstOrDefault() ?? "",
        _ => schema["enum"] is JsonArray ? "string" : schema["properties"] is JsonObject ? "object" : "",
    };

    private static bool IsNullSchema(JsonObject schema) => schema["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String && t.GetValue<string>() == "null";

    private static IEnumerable<string> TemplateNames(string path)
    {
        for (var i = path.IndexOf('{', StringComparison.Ordinal); i >= 0; i = path.IndexOf('{', i + 1))
        {
            var end = path.IndexOf('}', i);
            if (end < 0)
            {
                throw new OpenApiDocumentException($"paths['{path}']: unclosed '{{' in the path template");
            }

            yield return path[(i + 1)..end];
        }
    }

    private static List<ApiParameter> ReadParameters(ApiDescription description, JsonNode? node, string where)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            throw new OpenApiDocumentException($"{where}: parameters must be an array");
        }

        var parameters = new List<ApiParameter>();
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{where}[{i}]";
            var parameter = Resolve(description._root, array[i], at);
            var name = parameter["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;
            var location = parameter["in"] is JsonValue l && l.GetValueKind() == JsonValueKind.String ? l.GetValue<string>() : null;
            if (string.IsNullOrEmpty(name))
            {
                throw new OpenApiDocumentException($"{at}: a parameter needs a 'name'");
            }

            if (location is null || !Locations.Contains(location, StringComparer.Ordinal))
            {
                throw new OpenApiDocumentException($"{at}: parameter '{name}' has 'in' = '{location}', not one of {string.Join(", ", Locations)}");
            }

            var schema = parameter["schema"] is null ? new JsonObject() : Resolve(description._root, parameter["schema"], at + ".schema");
            parameters.Add(new ApiParameter(
                name,
                location,
                TypeOf(schema),
                schema["format"]?.GetValue<string>(),
                location == "path" || parameter["required"]?.GetValue<bool>() == true));
        }

        return parameters;
    }

    private static ApiBody? ReadBody(ApiDescription description, JsonNode? node, string where)
    {
        if (node is null)
        {
            return null;
        }

        var body = Resolve(description._root, node, where);
        if (body["content"] is not JsonObject content || content.Count == 0)
        {
            throw new OpenApiDocumentException($"{where}: a request body needs a non-empty 'content' map");
        }

        var media = new List<(string Type, JsonObject Schema)>();
        foreach (var (type, value) in content)
        {
            var schema = value is JsonObject m && m["schema"] is not null ? Resolve(description._root, m["schema"], $"{where}.content['{type}'].schema") : new JsonObject();
            media.Add((type, schema));
        }

        return new ApiBody(media.Select(m => m.Type).ToList(), media[0].Schema, body["required"]?.GetValue<bool>() == true);
    }
}

/// <summary>One operation: <c>POST /api/v1/communities/{id}/posts</c> with what it takes.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, ApiBody? Body)
{
    public string Name => $"{Method} {Path}";

    public bool IsJson => Body?.MediaTypes.Any(m => m.Contains("json", StringComparison.OrdinalIgnoreCase)) == true;

    public IEnumerable<ApiParameter> Query => Parameters.Where(p => p.In == "query");

    public IEnumerable<ApiParameter> Route => Parameters.Where(p => p.In == "path");

    public override string ToString() => Name;
}

public sealed record ApiParameter(string Name, string In, string Type, string? Format, bool Required)
{
    public bool IsNumber => Type is "integer" or "number";
}

/// <summary>The media types a body may have and the (resolved) schema of the first.</summary>
public sealed record ApiBody(IReadOnlyList<string> MediaTypes, System.Text.Json.Nodes.JsonObject Schema, bool Required);

/// <summary>The document handed to the attack suite is not an OpenAPI 3 description it can read.</summary>
public sealed class OpenApiDocumentException : Exception
{
    public OpenApiDocumentException(string message)
        : base("Malformed OpenAPI document: " + message)
    {
    }

    public OpenApiDocumentException(string message, Exception inner)
        : base("Malformed OpenAPI document: " + message, inner)
    {
    }

    public OpenApiDocumentException()
    {
    }
}
