using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mekong.Tests.Platform;

namespace Mekong.Tests.Privacy;

/// <summary>The privacy steps other suites share: a member's consent choices.</summary>
public static class PrivacyApi
{
    /// <summary>Records the member's answer about external AI (translation, classification) under the current policy.</summary>
    public static async Task<JsonElement> AllowExternalAiAsync(this Member member, bool allow = true) =>
        await (await member.Client.PutAsJsonAsync("/api/v1/me/consents", new { externalAi = allow }, TestContext.Current.CancellationToken))
            .ExpectAsync(HttpStatusCode.OK);
}
