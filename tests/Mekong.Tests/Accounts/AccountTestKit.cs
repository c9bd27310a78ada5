using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Mekong.Tests.Platform;

namespace Mekong.Tests.Accounts;

/// <summary>What the account tests share: RFC 6238 codes computed here, and clients from chosen IP addresses.</summary>
internal static class AccountTestKit
{
    public const string Password = "correct horse battery";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The TOTP code (HMAC-SHA1, 30-second steps, 6 digits) for a base32 key, <paramref name="stepOffset"/> steps from now.</summary>
    public static string TotpCode(string sharedKey, int stepOffset = 0)
    {
        var key = Base32(sharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var step = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30) + stepOffset;
        var counter = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238 is HMAC-SHA1
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A client whose requests arrive from <paramref name="ip"/>, as the sign-in throttle sees them.</summary>
    public static HttpClient ClientFrom(MekongApp app, string ip)
    {
        var address = IPAddress.Parse(ip);
        var handler = app.Server.CreateHandler(ctx => ctx.Connection.RemoteIpAddress = address);
        return new HttpClient(handler) { BaseAddress = app.Server.BaseAddress };
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, string? code = null, string? recoveryCode = null) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { email, password, twoFactorCode = code, twoFactorRecoveryCode = recoveryCode }, Ct);

    /// <summary>Turns two-factor sign-in on for the member; answers the shared key and the recovery codes.</summary>
    public static async Task<(string Key, string[] RecoveryCodes)> EnableTwoFactorAsync(Member member)
    {
        var setup = await (await member.Client.PostAsync("/api/v1/me/2fa/authenticator", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var key = setup.GetProperty("sharedKey").GetString()!;
        var enabled = await (await member.Client.PostAsJsonAsync("/api/v1/me/2fa/enable", new { code = TotpCode(key) }, Ct)).ExpectAsync(HttpStatusCode.OK);
        return (key, [.. enabled.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!)]);
    }

    /// <summary>The body without the per-request trace id, to compare two answers.</summary>
    public static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (text.Length == 0)
        {
            return "";
        }

        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(text)!;
        body.Remove("traceId");
        return JsonSerializer.Serialize(body);
    }

    public static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@test.mekong";

    public static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString() ?? "";

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = ((buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal)) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}

/// <summary>Form posts the way a browser makes them: the antiforgery token from the page, then the fields.</summary>
internal static class Pages
{
    public static async Task<string> FormAsync(HttpClient browser, string url) =>
        Antiforgery(await browser.GetStringAsync(url, AccountTestKit.Ct));

    public static string Antiforgery(string html) => Platform.InterfaceLanguageTests.AntiforgeryToken().Match(html).Groups[1].Value;

    public static FormUrlEncodedContent Fields(string token, params (string Name, string Value)[] fields)
    {
        var all = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
        all.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return new FormUrlEncodedContent(all);
    }
}
