using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mekong.Tests.Attack;

/// <summary>One hostile request and what must hold for its answer.</summary>
public sealed record Probe(string Family, string Target, Who Who, string Method, string Url)
{
    public Func<HttpContent?>? Content { get; init; }

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    /// <summary>Family-specific verdict on the answer: null when the attack failed as it should, else what succeeded.</summary>
    public Func<Outcome, string?>? Check { get; init; }

    /// <summary>Sends something other than one plain request (a form with its token, say).</summary>
    public Func<AttackWorld, CancellationToken, Task<HttpResponseMessage>>? Send { get; init; }

    /// <summary>What is hostile about it, for the failure message.</summary>
    public string Detail { get; init; } = "";

    /// <summary>Probes that may change shared fixtures if an attack succeeds run last.</summary>
    public int Order { get; init; }

    public override string ToString() => $"[{Family}] {Who} {Method} {Url} {Detail}";
}

/// <summary>An answer as the checks read it.</summary>
public sealed record Outcome(int Status, string? MediaType, string Body, HttpResponseMessage Response)
{
    public bool Refused => Status is >= 400 and < 500;

    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>Turns each operation of the API description, and each page, into the probes of each family.</summary>
public sealed class AttackPlan(AttackWorld world, ApiDescription api)
{
    private const string Marker = "31337";

    public IEnumerable<Probe> For(ApiOperation op, string family) => family switch
    {
        AttackFamilies.UnknownCharset => Charset(op),
        AttackFamilies.WrongContentType => ContentTypes(op),
        AttackFamilies.MalformedJson => Malformed(op),
        AttackFamilies.DeepNesting => Deep(op),
        AttackFamilies.Oversize => Oversize(op),
        AttackFamilies.InvalidUtf8 => InvalidUtf8(op),
        AttackFamilies.Nul => Strings(op, family, ["a\0b", "\0"], NulNotStored).Concat(Queries(op, family, ["a\0b"], _ => o => o.Status == 400 ? null : "NUL in a query was not refused with 400")),
        AttackFamilies.WrongTypes => WrongTypes(op),
        AttackFamilies.OutOfRange => OutOfRange(op),
        AttackFamilies.BadCursor => op.Query.Any(p => p.Name == "cursor") ? Queries(op, family, Payloads.Cursors, p => p.Name == "cursor" ? NamesField("cursor") : null) : [],
        AttackFamilies.SqlInjection => Strings(op, family, Payloads.Sql, NoLeak).Concat(Queries(op, family, Payloads.Sql, _ => NoLeak)).Concat(Routes(op, family, Payloads.Sql)),
        AttackFamilies.PathTraversal => Strings(op, family, Payloads.Traversal, NoFile).Concat(Queries(op, family, Payloads.Traversal, _ => NoFile)).Concat(Routes(op, family, Payloads.Traversal)),
        AttackFamilies.HeaderInjection => HeaderInjection(op),
        AttackFamilies.Xss => Strings(op, family, Payloads.Xss, null).Concat(op.Method == "GET" ? Queries(op, family, Payloads.Xss, _ => null) : []),
        AttackFamilies.Csrf => Csrf(op),
        AttackFamilies.Idor => Idor(op),
        AttackFamilies.MassAssignment => MassAssignment(op),
        AttackFamilies.Authz => Authz(op),
        _ => throw new ArgumentException($"Unknown attack family '{family}'. Known families: {string.Join(", ", AttackFamilies.All)}.", nameof(family)),
    };

    /// <summary>The probes of a family against a page (a non-API route): query strings, redirects, forms without a token.</summary>
    public IEnumerable<Probe> ForPage(string route, string family)
    {
        var path = string.Join('/', route.Split('/').Select((s, i) => s.StartsWith('{') ? Uri.EscapeDataString(world.Fixture(route, new ApiParameter(s.Trim('{', '}'), "path", "string", null, true))) : s));
        switch (family)
        {
            case AttackFamilies.Nul:
                yield return new Probe(family, route, Who.Anonymous, "GET", path + "?q=%00") { Headers = [("Accept", "text/html")], Detail = "q=%00 as HTML", Check = HtmlError(400) };
                yield return new Probe(family, route, Who.Anonymous, "GET", path + "?ReturnUrl=/%00/evil.example") { Headers = [("Accept", "text/html")], Detail = "ReturnUrl with NUL", Check = HtmlError(400) };
                break;
            case AttackFamilies.Xss:
                foreach (var payload in Payloads.Xss)
                {
                    var e = Uri.EscapeDataString(payload);
                    yield return new Probe(family, route, Who.AdminCookie, "GET", $"{path}?q={e}&ReturnUrl={e}&tag={e}&lang={e}") { Detail = payload, Check = o => LiveXss(o.Body) };
                }

                break;
            case AttackFamilies.SqlInjection:
                foreach (var payload in Payloads.Sql)
                {
                    yield return new Probe(family, route, Who.Anonymous, "GET", $"{path}?q={Uri.EscapeDataString(payload)}") { Detail = payload, Check = NoLeak };
                }

                break;
            case AttackFamilies.PathTraversal when route.Contains('{', StringComparison.Ordinal):
                foreach (var payload in Payloads.Traversal)
                {
                    var hostile = string.Join('/', route.Split('/').Select(s => s.StartsWith('{') ? payload : s));
                    yield return new Probe(family, route, Who.Anonymous, "GET", hostile) { Detail = payload, Check = NoFile };
                }

                break;
            case AttackFamilies.HeaderInjection:
                foreach (var (header, value) in Payloads.Headers)
                {
                    yield return new Probe(family, route, Who.Anonymous, "GET", path) { Headers = [(header, value)], Detail = $"{header}: {value}" };
                }

                foreach (var target in Payloads.Redirects)
                {
                    yield return new Probe(family, route, Who.Anonymous, "GET", $"{path}?ReturnUrl={Uri.EscapeDataString(target)}&returnUrl={Uri.EscapeDataString(target)}") { Detail = "ReturnUrl " + target };
                }

                break;
            case AttackFamilies.Csrf:
                // A signed-in browser posts the page's form from another site: no antiforgery token. Staff pages are posted by the admin,
                // so that the antiforgery check, not the authorization before it, is what must refuse.
                var staff = route.StartsWith("/moderation", StringComparison.Ordinal) || route.StartsWith("/glossary/edit", StringComparison.Ordinal);
                yield return new Probe(family, route, staff ? Who.AdminCookie : Who.OwnerCookie, "POST", path)
                {
                    Content = () => new FormUrlEncodedContent(new Dictionary<string, string> { ["Title"] = "csrf", ["Body"] = "csrf", ["culture"] = "th" }),
                    Detail = "form post without antiforgery token",
                    Check = o => o.Status == 400 ? null : $"a form post without antiforgery token answered {o.Status}, not 400",
                    Order = route == "/signout" ? 3 : 2,
                };
                break;
        }
    }

    /// <summary>The forms that redirect to a return address: the interface-language switcher and sign-in, each with a valid token.</summary>
    public IEnumerable<Probe> Redirects()
    {
        foreach (var target in Payloads.Redirects)
        {
            yield return new Probe(AttackFamilies.HeaderInjection, "POST /language", Who.Anonymous, "POST", "/language")
            {
                Detail = "returnUrl " + target,
                Send = async (w, ct) =>
                {
                    using var browser = w.NewBrowser();
                    var token = await AttackWorld.FormTokenAsync(browser, "/signin", ct);
                    return await browser.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["culture"] = "th",
                        ["returnUrl"] = target,
                        ["__RequestVerificationToken"] = token,
                    }), ct);
                },
            };
            yield return new Probe(AttackFamilies.HeaderInjection, "POST /signin", Who.Anonymous, "POST", "/signin")
            {
                Detail = "ReturnUrl " + target,
                Send = async (w, ct) =>
                {
                    using var browser = w.NewBrowser();
                    var token = await AttackWorld.FormTokenAsync(browser, "/signin", ct);
                    return await browser.PostAsync("/signin?ReturnUrl=" + Uri.EscapeDataString(target), new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["Email"] = w.LoginEmail,
                        ["Password"] = "correct horse battery",
                        ["__RequestVerificationToken"] = token,
                    }), ct);
                },
            };
        }
    }

    // ---- request building ---------------------------------------------------------------------------------

    /// <summary>The principal that may call the operation on the fixtures: staff endpoints → admin, appeals → the affected owner, else the owner.</summary>
    public Who Actor(ApiOperation op) =>
        world.AccessOf(op).Roles.Count > 0 && !op.Path.EndsWith("/appeal", StringComparison.Ordinal) ? Who.Admin : Who.Owner;

    public string Url(ApiOperation op, IReadOnlyDictionary<string, string>? route = null, IReadOnlyDictionary<string, string>? query = null)
    {
        var path = op.Path;
        foreach (var p in op.Route)
        {
            var value = route?.GetValueOrDefault(p.Name) ?? Uri.EscapeDataString(world.Fixture(op.Path, p));
            path = path.Replace("{" + p.Name + "}", value, StringComparison.Ordinal);
        }

        var parts = new List<string>();
        foreach (var p in op.Query)
        {
            if (query?.TryGetValue(p.Name, out var hostile) == true)
            {
                parts.Add($"{p.Name}={hostile}");
            }
            else if (p.Required)
            {
                parts.Add($"{p.Name}={Uri.EscapeDataString(ValidQuery(p))}");
            }
        }

        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }

    private static string ValidQuery(ApiParameter p) => p.Name switch
    {
        "limit" => "10",
        "lang" or "language" => "th",
        _ => p.IsNumber ? "1" : p.Type == "boolean" ? "false" : "attack",
    };

    /// <summary>A body the operation accepts: fixture values by field name, else the simplest value of the schema's type.</summary>
    public JsonNode? ValidBody(ApiOperation op) => op.Body is null ? null : Value(op.Body.Schema, "", 0);

    private JsonNode? Value(JsonObject schema, string name, int depth)
    {
        schema = api.Resolve(schema);
        if (schema["enum"] is JsonArray values)
        {
            var options = values.Where(v => v is not null).Select(v => v!.GetValue<string>()).ToList();
            return options.FirstOrDefault(o => o is "flag" or "approve" or "spam" or "post" or "public" or "food") ?? options.FirstOrDefault();
        }

        var n = world.Next();
        switch (name)
        {
            case "email": return $"attack{n}-{Guid.NewGuid():N}@test.mekong";
            case "password": return "correct horse battery";
            case "homeCountry": return "TH";
            case "readingLanguages": return new JsonArray("th", "en");
            case "interfaceLanguage": return "en";
            case "language": return "th";
            case "tags": return new JsonArray("attack");
            case "name": return $"Attack community {n} {Guid.NewGuid():N}"[..40];
            case "slug" or "communityId" or "parentId" or "tag" or "days" or "editedText" or "revision": return null;
            case "id" when schema["format"]?.GetValue<string>() == "uuid": return world.Post.ToString();
            case "id": return $"attack-{n}-{Guid.NewGuid():N}"[..30];
            case "pattern": return $"attackpattern{n}x{Guid.NewGuid():N}"[..30];
            case "refreshToken": return world.RefreshToken;
            case "value": return 1;
            case "overturn": return false;
            case "text": return "Bài viết\n\nNội dung";
            case "category": return "food";
            case "terms": return new JsonArray(new JsonObject { ["language"] = "th", ["preferred"] = "ขนมครก", ["allowed"] = new JsonArray() });
        }

        return ApiDescription.TypeOf(schema) switch
        {
            "object" when depth < 8 => Object(schema, depth),
            "array" => new JsonArray(),
            "integer" => 1,
            "number" => 0.5,
            "boolean" => false,
            "string" when schema["format"]?.GetValue<string>() == "uuid" => Guid.CreateVersion7().ToString(),
            "string" => $"Attack {name} {n}",
            _ => null,
        };
    }

    private JsonObject Object(JsonObject schema, int depth)
    {
        var body = new JsonObject();
        foreach (var (property, propertySchema) in schema["properties"] as JsonObject ?? new JsonObject())
        {
            body[property] = Value(propertySchema as JsonObject ?? new JsonObject(), property, depth + 1);
        }

        return body;
    }

    /// <summary>Paths to every string the body schema holds (title, tags[0], terms[0].preferred), each with its schema.</summary>
    private IEnumerable<(string[] Path, JsonObject Schema)> Leaves(JsonObject schema, string[] at, int depth)
    {
        schema = api.Resolve(schema);
        if (depth > 6)
        {
            yield break;
        }

        switch (ApiDescription.TypeOf(schema))
        {
            case "object":
                foreach (var (property, propertySchema) in schema["properties"] as JsonObject ?? new JsonObject())
                {
                    foreach (var leaf in Leaves(propertySchema as JsonObject ?? new JsonObject(), [.. at, property], depth + 1))
                    {
                        yield return leaf;
                    }
                }

                break;
            case "array":
                foreach (var leaf in Leaves(schema["items"] as JsonObject ?? new JsonObject(), [.. at, "0"], depth + 1))
                {
                    yield return leaf;
                }

                break;
            default:
                yield return (at, schema);
                break;
        }
    }

    /// <summary>The valid body with the value at <paramref name="path"/> replaced (arrays and objects on the way made as needed).</summary>
    private JsonNode With(ApiOperation op, string[] path, JsonNode? value)
    {
        var body = ValidBody(op) ?? new JsonObject();
        if (path.Length == 0)
        {
            return value ?? JsonValue.Create((string?)null)!;
        }

        JsonNode node = body;
        for (var i = 0; i < path.Length; i++)
        {
            var last = i == path.Length - 1;
            var nextIsIndex = !last && int.TryParse(path[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out _);
            if (node is JsonObject obj)
            {
                if (last)
                {
                    obj[path[i]] = value;
                }
                else
                {
                    if (obj[path[i]] is not JsonNode child || (nextIsIndex ? child is not JsonArray : child is not JsonObject))
                    {
                        obj[path[i]] = child = nextIsIndex ? new JsonArray() : new JsonObject();
                    }

                    node = child;
                }
            }
            else if (node is JsonArray array)
            {
                if (array.Count == 0)
                {
                    array.Add(nextIsIndex ? new JsonArray() : last ? null : new JsonObject());
                }

                if (last)
                {
                    array[0] = value;
                }
                else
                {
                    node = array[0] ??= nextIsIndex ? new JsonArray() : new JsonObject();
                }
            }
        }

        return body;
    }

    private static ByteArrayContent JsonBody(string json, string mediaType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }

    private static ByteArrayContent Bytes(byte[] bytes, string? mediaType)
    {
        var content = new ByteArrayContent(bytes);
        if (mediaType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        }

        return content;
    }

    private ByteArrayContent ValidContent(ApiOperation op) => op.IsJson
        ? JsonBody(ValidBody(op)?.ToJsonString() ?? "{}")
        : JsonBody("attack\n", op.Body!.MediaTypes[0]);

    private Probe BodyProbe(ApiOperation op, string family, string detail, Func<HttpContent> content, Func<Outcome, string?>? check) =>
        new(family, op.Name, Actor(op), op.Method, Url(op)) { Content = content, Detail = detail, Check = check };

    // ---- the families -------------------------------------------------------------------------------------

    private IEnumerable<Probe> Charset(ApiOperation op)
    {
        if (op.Body is null)
        {
            yield break;
        }

        foreach (var charset in new[] { "ebcdic-xx", "utf-99", "x-user-defined-nonsense", "\"\"" })
        {
            var media = op.Body.MediaTypes[0];
            var body = op.IsJson ? ValidBody(op)?.ToJsonString() ?? "{}" : "attack\n";
            yield return BodyProbe(op, AttackFamilies.UnknownCharset, $"{media}; charset={charset}", () => Bytes(Encoding.UTF8.GetBytes(body), $"{media}; charset={charset}"), Refused);
        }
    }

    private IEnumerable<Probe> ContentTypes(ApiOperation op)
    {
        if (op.Body is null)
        {
            yield break;
        }

        var body = op.IsJson ? ValidBody(op)?.ToJsonString() ?? "{}" : "attack\n";
        foreach (var media in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", "image/png", null })
        {
            if (media is not null && op.Body.MediaTypes.Any(m => media.StartsWith(m, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            yield return BodyProbe(op, AttackFamilies.WrongContentType, media ?? "no Content-Type", () => Bytes(Encoding.UTF8.GetBytes(body), media), Refused);
        }
    }

    private IEnumerable<Probe> Malformed(ApiOperation op)
    {
        if (!op.IsJson)
        {
            yield break;
        }

        var valid = ValidBody(op)?.ToJsonString() ?? "{}";
        foreach (var json in new[]
        {
            valid[..(valid.Length / 2)], valid.TrimEnd('}') + ",}", valid.Replace('"', '\''), "{", "}", "nul", "\"just a string\"", "[]", "42",
            valid + valid, "{\"a\":1,,}", "\uFEFF" + valid.Replace(":", "::", StringComparison.Ordinal), "{/* comment */}", "{\"title\": \"x\" \"body\": \"y\"}",
        })
        {
            yield return BodyProbe(op, AttackFamilies.MalformedJson, json.Length > 40 ? json[..40] + "…" : json, () => JsonBody(json), Refused);
        }
    }

    private IEnumerable<Probe> Deep(ApiOperation op)
    {
        if (!op.IsJson)
        {
            yield break;
        }

        const int Depth = 10_000;
        var arrays = new string('[', Depth) + new string(']', Depth);
        var objects = string.Concat(Enumerable.Repeat("{\"a\":", Depth)) + "1" + new string('}', Depth);
        yield return BodyProbe(op, AttackFamilies.DeepNesting, "10,000 nested arrays", () => JsonBody(arrays), Refused);
        yield return BodyProbe(op, AttackFamilies.DeepNesting, "10,000 nested objects", () => JsonBody(objects), Refused);
        foreach (var (path, _) in Leaves(op.Body!.Schema, [], 0).Take(3))
        {
            var field = string.Join('.', path);
            var json = With(op, path, JsonValue.Create("DEEP"))!.ToJsonString().Replace("\"DEEP\"", arrays, StringComparison.Ordinal);
            yield return BodyProbe(op, AttackFamilies.DeepNesting, $"10,000 nested arrays in {field}", () => JsonBody(json), Refused);
        }
    }

    private IEnumerable<Probe> Oversize(ApiOperation op)
    {
        if (op.Body is null)
        {
            yield break;
        }

        var big = "{\"x\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        foreach (var accept in new[] { "application/json", "text/html" })
        {
            yield return BodyProbe(op, AttackFamilies.Oversize, "2 MB body, Accept " + accept, () => JsonBody(big), o =>
                o.Status != 413 ? $"a 2 MB body answered {o.Status}, not 413"
                : accept == "text/html" && o.MediaType != "text/html" ? $"an HTML client got {o.MediaType} for 413"
                : null) with
            { Headers = [("Accept", accept)] };
        }
    }

    private IEnumerable<Probe> InvalidUtf8(ApiOperation op)
    {
        if (op.Body is null)
        {
            yield break;
        }

        byte[][] bad = [[0xC3, 0x28], [0xFF, 0xFE], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];
        var leaves = op.IsJson ? Leaves(op.Body.Schema, [], 0).Where(l => ApiDescription.TypeOf(l.Schema) == "string").Select(l => l.Path).ToList() : [];
        foreach (var bytes in bad)
        {
            var label = Convert.ToHexString(bytes);
            if (op.IsJson && leaves.Count > 0)
            {
                var path = leaves[world.Next() % leaves.Count];
                var json = With(op, path, "BADUTF8").ToJsonString();
                var at = Encoding.UTF8.GetBytes(json[..json.IndexOf("BADUTF8", StringComparison.Ordinal)]);
                var rest = Encoding.UTF8.GetBytes(json[(json.IndexOf("BADUTF8", StringComparison.Ordinal) + 7)..]);
                yield return BodyProbe(op, AttackFamilies.InvalidUtf8, $"bytes {label} in {string.Join('.', path)}", () => Bytes([.. at, .. bytes, .. rest], op.Body.MediaTypes[0]), Refused);
            }
            else
            {
                yield return BodyProbe(op, AttackFamilies.InvalidUtf8, $"bytes {label}", () => Bytes([.. "a,b\n"u8.ToArray(), .. bytes, .. "\n"u8.ToArray()], op.Body.MediaTypes[0]), null);
            }
        }
    }

    private IEnumerable<Probe> Strings(ApiOperation op, string family, IReadOnlyList<string> payloads, Func<Outcome, string?>? check)
    {
        if (op.Body is null)
        {
            yield break;
        }

        if (!op.IsJson)
        {
            foreach (var payload in payloads)
            {
                var csv = "pattern,kind,action,language,community,tag,reason\n" + $"\"{payload.Replace("\"", "\"\"", StringComparison.Ordinal)}\",plain,flag,,,,\"{payload.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n";
                yield return BodyProbe(op, family, payload, () => Bytes(Encoding.UTF8.GetBytes(csv), op.Body.MediaTypes[0]), check);
            }

            yield break;
        }

        foreach (var (path, schema) in Leaves(op.Body.Schema, [], 0))
        {
            if (ApiDescription.TypeOf(schema) != "string" || schema["format"] is not null || schema["enum"] is not null)
            {
                continue;
            }

            foreach (var payload in payloads)
            {
                var json = With(op, path, payload).ToJsonString();
                yield return BodyProbe(op, family, $"{string.Join('.', path)} = {Printable(payload)}", () => JsonBody(json), check);
            }
        }
    }

    private IEnumerable<Probe> Queries(ApiOperation op, string family, IReadOnlyList<string> payloads, Func<ApiParameter, Func<Outcome, string?>?> check)
    {
        foreach (var p in op.Query)
        {
            foreach (var payload in payloads)
            {
                yield return new Probe(family, op.Name, Actor(op), op.Method, Url(op, query: new Dictionary<string, string> { [p.Name] = Uri.EscapeDataString(payload) }))
                {
                    Content = op.Body is null ? null : () => ValidContent(op),
                    Detail = $"?{p.Name}={Printable(payload)}",
                    Check = check(p),
                };
            }
        }
    }

    private IEnumerable<Probe> Routes(ApiOperation op, string family, IReadOnlyList<string> payloads)
    {
        foreach (var p in op.Route)
        {
            foreach (var payload in payloads)
            {
                yield return new Probe(family, op.Name, Actor(op), op.Method, Url(op, route: new Dictionary<string, string> { [p.Name] = Uri.EscapeDataString(payload) }))
                {
                    Content = op.Body is null ? null : () => ValidContent(op),
                    Detail = $"{{{p.Name}}} = {payload}",
                    Check = o => NoLeak(o) ?? NoFile(o),
                };
            }
        }
    }

    private IEnumerable<Probe> WrongTypes(ApiOperation op)
    {
        if (!op.IsJson)
        {
            yield break;
        }

        foreach (var (path, schema) in Leaves(op.Body!.Schema, [], 0).Concat(TopLevel(op)))
        {
            var type = ApiDescription.TypeOf(schema);
            JsonNode?[] wrong = type switch
            {
                "string" => [123, new JsonObject { ["th"] = "x" }, new JsonArray("x"), true],
                "integer" or "number" => ["ten", new JsonObject(), new JsonArray(1), true, 1.5],
                "boolean" => ["yes", 1, new JsonObject()],
                "array" => ["x", new JsonObject(), 7],
                "object" => ["x", 1, new JsonArray()],
                _ => [],
            };
            foreach (var value in wrong)
            {
                if (type == "integer" && value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && path.Length > 0 && path[^1] == "value")
                {
                    continue;
                }

                var json = With(op, path, value?.DeepClone()).ToJsonString();
                yield return BodyProbe(op, AttackFamilies.WrongTypes, $"{string.Join('.', path)} = {value?.ToJsonString()}", () => JsonBody(json), Refused);
            }
        }
    }

    /// <summary>Arrays and nested objects themselves, besides their leaves.</summary>
    private IEnumerable<(string[] Path, JsonObject Schema)> TopLevel(ApiOperation op)
    {
        var schema = api.Resolve(op.Body!.Schema);
        foreach (var (property, propertySchema) in schema["properties"] as JsonObject ?? new JsonObject())
        {
            var resolved = api.Resolve(propertySchema);
            if (ApiDescription.TypeOf(resolved) is "array" or "object")
            {
                yield return ([property], resolved);
            }
        }
    }

    private IEnumerable<Probe> OutOfRange(ApiOperation op)
    {
        foreach (var p in op.Query.Where(p => p.IsNumber))
        {
            foreach (var (value, refused) in Payloads.Numbers)
            {
                var mustRefuse = refused || p.Name == "limit";
                yield return new Probe(AttackFamilies.OutOfRange, op.Name, Actor(op), op.Method, Url(op, query: new Dictionary<string, string> { [p.Name] = value }))
                {
                    Detail = $"?{p.Name}={value}",
                    Check = mustRefuse ? NamesField(p.Name) : null,
                };
            }
        }

        if (!op.IsJson)
        {
            yield break;
        }

        foreach (var (path, schema) in Leaves(op.Body!.Schema, [], 0).Where(l => ApiDescription.TypeOf(l.Schema) is "integer" or "number"))
        {
            foreach (var (value, refused) in Payloads.Numbers)
            {
                // Non-finite values travel as strings (JSON has no literal for them); 1e309 and overflows as raw numbers.
                var raw = value is "NaN" or "Infinity" or "-Infinity" ? $"\"{value}\"" : value;
                var json = With(op, path, "NUMBER").ToJsonString().Replace("\"NUMBER\"", raw, StringComparison.Ordinal);
                yield return BodyProbe(op, AttackFamilies.OutOfRange, $"{string.Join('.', path)} = {raw}", () => JsonBody(json), refused ? Refused : null);
            }
        }
    }

    private IEnumerable<Probe> HeaderInjection(ApiOperation op)
    {
        if (op.Method != "GET")
        {
            yield break; // a valid write would change the shared fixtures; the headers are read the same way on every method
        }

        foreach (var (header, value) in Payloads.Headers)
        {
            yield return new Probe(AttackFamilies.HeaderInjection, op.Name, Actor(op), op.Method, Url(op)) { Headers = [(header, value)], Detail = $"{header}: {Printable(value)}" };
        }
    }

    private IEnumerable<Probe> Csrf(ApiOperation op)
    {
        if (op.Method is "GET" or "HEAD" || op.Path is "/api/v1/auth/login" or "/api/v1/auth/register" or "/api/v1/auth/refresh")
        {
            yield break;
        }

        var who = Actor(op) == Who.Admin ? Who.AdminCookie : Who.OwnerCookie;
        yield return new Probe(AttackFamilies.Csrf, op.Name, who, op.Method, Url(op))
        {
            Content = op.Body is null ? null : () => ValidContent(op),
            Detail = "sign-in cookie, no antiforgery token",
            Check = o => o.Status is 400 or 401 or 403 ? null : $"a cookie-authenticated write without antiforgery token answered {o.Status} (accepted without proof of intent)",
            Order = op.Path.EndsWith("/logout", StringComparison.Ordinal) ? 3 : 2,
        };
    }

    private IEnumerable<Probe> Idor(ApiOperation op)
    {
        if (!op.Route.Any() && op.Body is null)
        {
            yield break;
        }

        // The other member uses the owner's ids.
        // Writes to the resource itself (/posts/{id}, /comments/{id}), to the owner's own things (/me/…) or to moderation are the owner's alone;
        // writes to one's own relation with it (/posts/{id}/reactions/{kind}, /users/{id}/follow) are anyone's.
        var owned = op.Method != "GET" && (op.Path.StartsWith("/api/v1/me/", StringComparison.Ordinal)
            || op.Path.EndsWith('}') && op.Route.Count() == 1 && !op.Path.StartsWith("/api/v1/users/", StringComparison.Ordinal)
            || op.Path.EndsWith("/restore", StringComparison.Ordinal) || op.Path.EndsWith("/appeal", StringComparison.Ordinal)
            || op.Path.EndsWith("/accept", StringComparison.Ordinal) || op.Path.StartsWith("/api/v1/moderation/", StringComparison.Ordinal));
        if (op.Route.Any())
        {
            yield return new Probe(AttackFamilies.Idor, op.Name, Who.Member, op.Method, Url(op))
            {
                Content = op.Body is null ? null : () => ValidContent(op),
                Detail = "another member's ids",
                Check = owned ? o => o.Refused ? null : $"another member's resource answered {o.Status}" : null,
                Order = 1,
            };
        }

        // Members-only content by id, as someone who is not a member.
        var posts = op.Route.FirstOrDefault(p => world.Fixture(op.Path, p) == world.Post.ToString());
        var communities = op.Route.FirstOrDefault(p => world.Fixture(op.Path, p) == world.Community.ToString());
        var hidden = posts is not null ? (posts, world.PrivatePost.ToString()) : communities is not null ? (communities, world.PrivateCommunity.ToString()) : default;
        if (hidden.Item1 is not null && !op.Path.EndsWith("/membership", StringComparison.Ordinal) && !(op.Method == "GET" && op.Path == "/api/v1/communities/{id}"))
        {
            yield return new Probe(AttackFamilies.Idor, op.Name, Who.Member, op.Method, Url(op, route: new Dictionary<string, string> { [hidden.Item1.Name] = hidden.Item2 }))
            {
                Content = op.Body is null ? null : () => ValidContent(op),
                Detail = "members-only content, not a member",
                // Removing one's own (absent) bookmark or reaction is idempotent and shows nothing of the post.
                Check = op.Method == "DELETE" ? null : o => o.Refused ? null : $"members-only content answered {o.Status} to a non-member",
                Order = 1,
            };
        }

        if (op.IsJson)
        {
            foreach (var (path, _) in Leaves(op.Body!.Schema, [], 0).Where(l => l.Schema["format"]?.GetValue<string>() == "uuid"))
            {
                var json = With(op, path, world.PrivatePost.ToString()).ToJsonString();
                yield return new Probe(AttackFamilies.Idor, op.Name, Who.Member, op.Method, Url(op))
                {
                    Content = () => JsonBody(json),
                    Detail = $"{string.Join('.', path)} = a members-only post",
                    Check = o => o.Refused ? null : $"a members-only post named in {string.Join('.', path)} answered {o.Status} to a non-member",
                    Order = 1,
                };
            }
        }
    }

    private IEnumerable<Probe> MassAssignment(ApiOperation op)
    {
        if (!op.IsJson)
        {
            yield break;
        }

        var declared = (api.Resolve(op.Body!.Schema)["properties"] as JsonObject)?.Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var injected = Guid.CreateVersion7();
        foreach (var (name, make) in Payloads.Privileged.Where(p => !declared.Contains(p.Name)))
        {
            var body = ValidBody(op) as JsonObject ?? new JsonObject();
            body[name] = make(injected);
            var json = body.ToJsonString();
            yield return BodyProbe(op, AttackFamilies.MassAssignment, $"{name} = {make(injected).ToJsonString()}", () => JsonBody(json), o =>
                o.Succeeded && o.Body.Contains(injected.ToString(), StringComparison.OrdinalIgnoreCase) ? $"the injected {name} was taken: {o.Body[..Math.Min(300, o.Body.Length)]}"
                : o.Succeeded && name is "roles" or "role" or "isAdmin" or "admin" && RolesTaken(o.Body) ? $"the injected {name} was taken"
                : null);
        }
    }

    private static bool RolesTaken(string body) =>
        JsonReading.TryParse(body) is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("roles", out var roles)
        && roles.ValueKind == JsonValueKind.Array && roles.EnumerateArray().Any(r => r.GetString() is "admin" or "moderator");

    private IEnumerable<Probe> Authz(ApiOperation op)
    {
        var access = world.AccessOf(op);
        if (!access.SignedIn)
        {
            yield break;
        }

        yield return new Probe(AttackFamilies.Authz, op.Name, Who.Anonymous, op.Method, Url(op))
        {
            Content = op.Body is null ? null : () => ValidContent(op),
            Detail = "anonymous",
            Check = o => o.Status == 401 ? null : $"anonymous got {o.Status}, not 401",
        };
        foreach (var (who, roles) in new[] { (Who.Member, new[] { "member" }), (Who.Moderator, new[] { "member", "moderator" }) })
        {
            if (!access.Allows(roles))
            {
                yield return new Probe(AttackFamilies.Authz, op.Name, who, op.Method, Url(op))
                {
                    Content = op.Body is null ? null : () => ValidContent(op),
                    Detail = who.ToString(),
                    Check = o => o.Status == 403 ? null : $"{who} got {o.Status}, not 403",
                };
            }
        }
    }

    // ---- verdicts -----------------------------------------------------------------------------------------

    private static string? Refused(Outcome o) => o.Refused ? null : $"answered {o.Status}, not a 4xx refusal";

    private static Func<Outcome, string?> NamesField(string field) => o =>
        o.Status != 400 ? $"answered {o.Status}, not 400"
        : !o.Body.Contains($"\"{field}\"", StringComparison.OrdinalIgnoreCase) ? $"the 400 does not name '{field}': {o.Body[..Math.Min(300, o.Body.Length)]}"
        : null;

    private static string? NulNotStored(Outcome o) =>
        o.Succeeded && o.Body.Contains("\\u0000", StringComparison.Ordinal) ? "U+0000 was stored and echoed back" : null;

    private static readonly string[] Leaks =
    [
        "SqliteException", "PostgresException", "NpgsqlException", "SQLite Error", "Npgsql.", "syntax error at or near", "Microsoft.EntityFrameworkCore",
        "   at Mekong.", "   at Microsoft.", "StackTrace", "System.NullReferenceException", "System.InvalidOperationException", "unrecognized token",
    ];

    public static string? NoLeak(Outcome o) => Leaks.FirstOrDefault(l => o.Body.Contains(l, StringComparison.Ordinal)) is { } leak ? $"the answer leaks '{leak}'" : null;

    private static string? NoFile(Outcome o) =>
        o.Body.Contains("root:x:0:0", StringComparison.Ordinal) || o.Body.Contains("[boot loader]", StringComparison.Ordinal) ? "a system file was served" : NoLeak(o);

    private static Func<Outcome, string?> HtmlError(int status) => o =>
        o.Status != status ? $"answered {o.Status}, not {status}"
        : o.MediaType != "text/html" ? $"an HTML client got {o.MediaType}, not the site's error page"
        : null;

    /// <summary>A payload that made it into the page as markup that runs: script, handler attribute, or a javascript:/data: address.</summary>
    public static string? LiveXss(string html)
    {
        if (!html.Contains(Marker, StringComparison.Ordinal) && !html.Contains("PHNjcmlwdD5hbGVydCgzMTMzNyk8L3NjcmlwdD4", StringComparison.Ordinal))
        {
            return null;
        }

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        foreach (var element in document.All)
        {
            var name = element.LocalName;
            if (name is "script" or "style" && element.TextContent.Contains(Marker, StringComparison.Ordinal))
            {
                return $"a live <{name}> with the payload: {Snippet(element.OuterHtml)}";
            }

            foreach (var attribute in element.Attributes)
            {
                var value = attribute.Value.Trim();
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) && value.Contains(Marker, StringComparison.Ordinal))
                {
                    return $"a live {attribute.Name} handler: {Snippet(element.OuterHtml)}";
                }

                if (attribute.Name is "href" or "src" or "action" or "formaction" or "data" or "srcdoc" or "content" or "xlink:href"
                    && (value.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase)
                        || value.StartsWith("data:text/html", StringComparison.OrdinalIgnoreCase) || value.Contains("url=javascript:", StringComparison.OrdinalIgnoreCase)))
                {
                    return $"a live {attribute.Name}={value}: {Snippet(element.OuterHtml)}";
                }
            }

            // Elements that act without script when injected; the site's own markup (a hidden returnUrl input holding the escaped query) is not among them.
            if ((name is "iframe" or "object" or "embed" or "base" || name == "meta" && element.HasAttribute("http-equiv"))
                && element.Attributes.Any(a => a.Value.Contains(Marker, StringComparison.Ordinal)))
            {
                return $"an injected <{name}>: {Snippet(element.OuterHtml)}";
            }
        }

        return null;
    }

    private static string Snippet(string html) => html.Length > 200 ? html[..200] + "…" : html;

    private static string Printable(string value) => value.Replace("\0", "\\0", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
