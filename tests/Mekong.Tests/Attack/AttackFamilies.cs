namespace Mekong.Tests.Attack;

/// <summary>The hostile families the suite knows, by name; a name it does not know is an error, never silently skipped.</summary>
public static class AttackFamilies
{
    public const string UnknownCharset = "unknownCharset";
    public const string WrongContentType = "wrongContentType";
    public const string MalformedJson = "malformedJson";
    public const string DeepNesting = "deepNesting";
    public const string Oversize = "oversize";
    public const string InvalidUtf8 = "invalidUtf8";
    public const string Nul = "nul";
    public const string WrongTypes = "wrongTypes";
    public const string OutOfRange = "outOfRange";
    public const string BadCursor = "badCursor";
    public const string SqlInjection = "sqlInjection";
    public const string PathTraversal = "pathTraversal";
    public const string HeaderInjection = "headerInjection";
    public const string Xss = "xss";
    public const string Csrf = "csrf";
    public const string Idor = "idor";
    public const string MassAssignment = "massAssignment";
    public const string Authz = "authz";

    public static IReadOnlyList<string> All { get; } =
    [
        UnknownCharset, WrongContentType, MalformedJson, DeepNesting, Oversize, InvalidUtf8, Nul, WrongTypes, OutOfRange,
        BadCursor, SqlInjection, PathTraversal, HeaderInjection, Xss, Csrf, Idor, MassAssignment, Authz,
    ];

    /// <summary>
    /// Reads a comma-separated selection ("xss,csrf"); empty or null means every family. An unknown name fails with the
    /// list of known ones, so a typo in MEKONG_ATTACK_FAMILIES cannot turn the suite into a no-op.
    /// </summary>
    public static IReadOnlyList<string> Select(string? selection)
    {
        if (string.IsNullOrWhiteSpace(selection))
        {
            return All;
        }

        var chosen = new List<string>();
        foreach (var name in selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var known = All.FirstOrDefault(f => string.Equals(f, name, StringComparison.Ordinal))
                ?? throw new ArgumentException($"Unknown attack family '{name}'. Known families: {string.Join(", ", All)}.", nameof(selection));
            if (!chosen.Contains(known, StringComparer.Ordinal))
            {
                chosen.Add(known);
            }
        }

        return chosen;
    }
}

/// <summary>The hostile values themselves.</summary>
public static class Payloads
{
    /// <summary>Each carries the marker 31337 so a rendered page can be searched for live copies without false alarms from the site's own markup.</summary>
    public static IReadOnlyList<string> Xss { get; } =
    [
        "<script>alert(31337)</script>",
        "<img src=x onerror=alert(31337)>",
        "<svg onload=alert(31337)>",
        "<svg><script>alert(31337)</script></svg>",
        "\"><script>alert(31337)</script>",
        "'><img src=x onerror=alert(31337)>",
        "\" onmouseover=\"alert(31337)\" x=\"",
        "' onfocus='alert(31337)' autofocus='",
        "<iframe src=\"javascript:alert(31337)\"></iframe>",
        "<a href=\"javascript:alert(31337)\">x</a>",
        "[click](javascript:alert(31337))",
        "![x](javascript:alert(31337))",
        "[x](&#106;avascript:alert(31337))",
        "<details open ontoggle=alert(31337)>",
        "<body onload=alert(31337)>",
        "<input autofocus onfocus=alert(31337)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(31337)>",
        "<object data=\"javascript:alert(31337)\"></object>",
        "<embed src=\"javascript:alert(31337)\">",
        "<base href=\"javascript:alert(31337)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(31337)\">",
        "<form action=\"javascript:alert(31337)\"><button>x</button></form>",
        "<scr<script>ipt>alert(31337)</script>",
        "javascript:alert(31337)",
        "</textarea><script>alert(31337)</script>",
        "</title><script>alert(31337)</script>",
        "<style>@import 'javascript:alert(31337)';</style>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgzMTMzNyk8L3NjcmlwdD4=\">31337</a>",
    ];

    public static IReadOnlyList<string> Sql { get; } =
    [
        "' OR '1'='1",
        "'; DROP TABLE \"Posts\"; --",
        "\" OR \"\"=\"",
        "1; SELECT pg_sleep(5)--",
        "' UNION SELECT NULL, sqlite_version()--",
        "admin'--",
        "%' OR 1=1 --",
        "1' AND (SELECT 1 FROM (SELECT COUNT(*), CONCAT(version(), FLOOR(RAND(0)*2)) x FROM information_schema.tables GROUP BY x) a)--",
        "\\'; SELECT * FROM \"AspNetUsers\" --",
        "' || (SELECT \"PasswordHash\" FROM \"AspNetUsers\" LIMIT 1) || '",
    ];

    public static IReadOnlyList<string> Traversal { get; } =
    [
        "../../etc/passwd",
        "..%2f..%2f..%2fetc%2fpasswd",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "....//....//etc/passwd",
        "..\\..\\windows\\win.ini",
        "/etc/passwd",
        "file:///etc/passwd",
        "..%c0%af..%c0%afetc/passwd",
    ];

    public static IReadOnlyList<string> Cursors { get; } = ["!!!!!!", "AAAAAAAAAAAAAAAAAAAAA=", "abc", "!!!!!!!!!!!!!!!!!!!!!!", "%%%%", "eyJ4IjoxfQ", "AAAA", "////____"];

    /// <summary>(value, must be refused): the limits and non-finite numbers must be refused; other values only must not break anything.</summary>
    public static IReadOnlyList<(string Value, bool Refused)> Numbers { get; } =
    [
        ("-1", false), ("0", false), ("101", false), ("100000", false),
        ("NaN", true), ("Infinity", true), ("-Infinity", true), ("1e309", true), ("2147483648", true), ("-2147483649", true), ("9223372036854775808", true),
    ];

    /// <summary>Values of return addresses that a redirect must never follow off the site or into a header.</summary>
    public static IReadOnlyList<string> Redirects { get; } =
    [
        "/\\evil.example", "/\\t/evil.example", "/\r\nX-Injected: 1", "//evil.example", "https://evil.example/",
        "/%0d%0aX-Injected:%201", "\\\\evil.example", "/%00/evil.example", "javascript:alert(31337)", "/\t/evil.example",
    ];

    /// <summary>Header values that try to split the response or smuggle a second header.</summary>
    public static IReadOnlyList<(string Header, string Value)> Headers { get; } =
    [
        ("Accept-Language", "th\r\nX-Injected: 1"),
        ("Accept-Language", "th;q=NaN, " + new string('x', 300)),
        ("X-Forwarded-For", "127.0.0.1\r\nX-Injected: 1"),
        ("X-Forwarded-Host", "evil.example"),
        ("Referer", "javascript:alert(31337)"),
        ("Cookie", "mekong.culture=c%3Dth%7Cuic%3D%0d%0aX-Injected%3A1"),
        ("Accept", "text/html\r\nX-Injected: 1"),
        ("User-Agent", "<script>alert(31337)</script>"),
    ];

    /// <summary>Fields an attacker adds to a body hoping the server binds them.</summary>
    public static IReadOnlyList<(string Name, Func<Guid, System.Text.Json.Nodes.JsonNode> Value)> Privileged { get; } =
    [
        ("roles", _ => new System.Text.Json.Nodes.JsonArray("admin", "moderator")),
        ("role", _ => "admin"),
        ("isAdmin", _ => true),
        ("admin", _ => true),
        ("ownerId", g => g.ToString()),
        ("authorId", g => g.ToString()),
        ("userId", g => g.ToString()),
        ("id", g => g.ToString()),
        ("createdAt", _ => "2000-01-01T00:00:00Z"),
        ("status", _ => "removed"),
        ("emailConfirmed", _ => true),
        ("lockoutEnabled", _ => false),
        ("passwordHash", _ => "AQAAAAEAACcQAAAAEJ"),
        ("moderation", _ => "visible"),
        ("revision", _ => 999),
    ];
}
