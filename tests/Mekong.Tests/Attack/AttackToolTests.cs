namespace Mekong.Tests.Attack;

/// <summary>The suite's own tools refuse what they cannot read, with a message that says what is wrong.</summary>
public sealed class AttackToolTests
{
    private const string Minimal = """
        {"openapi": "3.1.1", "paths": {
          "/api/v1/posts/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "schema": {"type": "string", "format": "uuid"}},
                                                         {"name": "limit", "in": "query", "schema": {"type": ["integer", "string"]}}]},
                                 "put": {"parameters": [{"$ref": "#/components/parameters/Id"}],
                                         "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PostInput"}}}}}}},
         "components": {"parameters": {"Id": {"name": "id", "in": "path", "schema": {"type": "string"}}},
                        "schemas": {"PostInput": {"type": "object", "properties": {"title": {"type": ["null", "string"]}}}}}}
        """;

    [Fact]
    public void Reads_operations_parameters_and_bodies()
    {
        var api = ApiDescription.Parse(Minimal);

        Assert.Equal(["GET /api/v1/posts/{id}", "PUT /api/v1/posts/{id}"], api.Operations.Select(o => o.Name));
        var get = api.Operations[0];
        Assert.Equal(["id", "limit"], get.Parameters.Select(p => p.Name));
        Assert.True(get.Parameters[1].IsNumber);
        Assert.Null(get.Body);
        var put = api.Operations[1];
        Assert.True(put.IsJson);
        Assert.Equal("object", ApiDescription.TypeOf(put.Body!.Schema));
        Assert.Equal("string", ApiDescription.TypeOf((System.Text.Json.Nodes.JsonObject)put.Body.Schema["properties"]!["title"]!));
    }

    [Theory]
    [InlineData("this is not json", "not JSON")]
    [InlineData("[1, 2]", "JSON object at its root")]
    [InlineData("""{"paths": {}}""", "'openapi' version 3.x")]
    [InlineData("""{"openapi": "2.0", "paths": {}}""", "'openapi' version 3.x")]
    [InlineData("""{"openapi": "3.1.1"}""", "no 'paths' object")]
    [InlineData("""{"openapi": "3.1.1", "paths": []}""", "no 'paths' object")]
    [InlineData("""{"openapi": "3.1.1", "paths": {"api/v1/posts": {}}}""", "must start with '/'")]
    [InlineData("""{"openapi": "3.1.1", "paths": {"/a": 7}}""", "path item must be an object")]
    [InlineData("""{"openapi": "3.1.1", "paths": {"/a": {"get": "yes"}}}""", "operation must be an object")]
    [InlineData("""{"openapi": "3.1.1", "paths": {"/a/{id}": {"get": {}}}}""", "path parameter 'id' is not described")]
    [InlineData("""{"openapi": "3.1.1", "paths": {"/a/{id": {"get": {}}}}""", "unclosed")]
    [InlineData("""{"openapi": "3.1.1", "paths": {"/a": {"get": {"parameters": {"name": "x"}}}}}""", "parameters must be an array")]
    [InlineData("""{"openapi": "3.1.1", "paths": {"/a": {"get": {"parameters": [{"in": "query"}]}}}}""", "needs a 'name'")]
    [InlineData("""{"openapi": "3.1.1", "paths": {"/a": {"get": {"parameters": [{"name": "x", "in": "body"}]}}}}""", "not one of path, query, header, cookie")]
    [InlineData("""{"openapi": "3.1.1", "paths": {"/a": {"post": {"requestBody": {"content": {}}}}}}""", "non-empty 'content'")]
    [InlineData("""{"openapi": "3.1.1", "paths": {"/a": {"post": {"requestBody": {"$ref": "#/components/requestBodies/Nope"}}}}}""", "points at nothing")]
    [InlineData("""{"openapi": "3.1.1", "paths": {"/a": {"post": {"requestBody": {"$ref": "https://evil.example/x.json"}}}}}""", "only local references")]
    [InlineData("""{"openapi": "3.1.1", "components": {"a": {"$ref": "#/components/a"}}, "paths": {"/a": {"post": {"requestBody": {"$ref": "#/components/a"}}}}}""", "references loop")]
    public void Refuses_a_malformed_document_saying_what_is_wrong(string json, string reason)
    {
        var error = Assert.Throws<OpenApiDocumentException>(() => ApiDescription.Parse(json));

        Assert.StartsWith("Malformed OpenAPI document: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Selects_families_by_name_and_every_family_by_default()
    {
        Assert.Equal(AttackFamilies.All, AttackFamilies.Select(null));
        Assert.Equal(AttackFamilies.All, AttackFamilies.Select(" "));
        Assert.Equal([AttackFamilies.Xss, AttackFamilies.Csrf], AttackFamilies.Select("xss, csrf,xss"));
        Assert.True(AttackFamilies.All.Count >= 14);
    }

    [Theory]
    [InlineData("xss,sqlinjection", "sqlinjection")]
    [InlineData("bogus", "bogus")]
    [InlineData("csrf;idor", "csrf;idor")]
    public void Refuses_an_unknown_family_naming_it_and_the_known_ones(string selection, string unknown)
    {
        var error = Assert.Throws<ArgumentException>(() => AttackFamilies.Select(selection));

        Assert.Contains($"Unknown attack family '{unknown}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sqlInjection", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<p>&lt;script&gt;alert(31337)&lt;/script&gt;</p>", false)]
    [InlineData("<textarea>&lt;img src=x onerror=alert(31337)&gt;</textarea>", false)]
    [InlineData("<p title=\"&quot; onmouseover=&quot;alert(31337)\">x</p>", false)]
    [InlineData("<a href=\"https://example.org/31337\">ok</a>", false)]
    [InlineData("<script>alert(31337)</script>", true)]
    [InlineData("<img src=x onerror=alert(31337)>", true)]
    [InlineData("<p title=\"\" onmouseover=\"alert(31337)\">x</p>", true)]
    [InlineData("<a href=\"javascript:alert(31337)\">x</a>", true)]
    [InlineData("<iframe src=\"/x?31337\"></iframe>", true)]
    public void Finds_live_payloads_and_not_escaped_ones(string html, bool live)
    {
        Assert.Equal(live, AttackPlan.LiveXss(html) is not null);
    }
}
