using System.Net;
using System.Net.Http.Json;
using Mekong.Platform.Data;
using Mekong.Tests.Platform;
using static Mekong.Tests.Accounts.AccountTestKit;

namespace Mekong.Tests.Accounts;

/// <summary>NIST SP 800-63B password rules: length, not a common password, not the member's own names, no composition rules.</summary>
public sealed class PasswordRulesTests(Apps apps) : IClassFixture<Apps>
{
    public static TheoryData<string, string> Refused => new()
    {
        { "short", "seven77" },
        { "common", "password123" },
        { "common in other case", "PassWord123" },
        { "common keyboard walk", "qwertyuiop" },
        { "common digits", "123456789" },
        { "too long", new string('x', 257) },
    };

    [Theory, MemberData(nameof(Refused))]
    public async Task Weak_passwords_are_refused_naming_the_field(string why, string password)
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = NewEmail("weak"), password }, Ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, why);
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "password");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task The_email_or_display_name_as_password_is_refused(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var email = NewEmail("samesame");

        var asEmail = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = email.ToUpperInvariant() }, Ct);
        var asLocalPart = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = email.Split('@')[0] }, Ct);
        var asName = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "Mekong River Lover", displayName = "Mekong River Lover" }, Ct);

        await asEmail.ExpectProblemAsync(HttpStatusCode.BadRequest, "password");
        await asLocalPart.ExpectProblemAsync(HttpStatusCode.BadRequest, "password");
        await asName.ExpectProblemAsync(HttpStatusCode.BadRequest, "password");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Long_passphrases_in_any_script_need_no_digits_capitals_or_symbols(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();

        foreach (var password in new[] { "แม่น้ำโขงไหลผ่าน", "lowercase words only", new string('ก', 64), new string('z', 200) + " end" })
        {
            var email = NewEmail("phrase");
            await (await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password }, Ct)).ExpectAsync(HttpStatusCode.OK);
            await (await LoginAsync(client, email, password)).ExpectAsync(HttpStatusCode.OK);
        }
    }
}
