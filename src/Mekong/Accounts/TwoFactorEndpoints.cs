using System.Security.Claims;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Mekong.Accounts;

/// <summary>The member's own two-factor settings under /api/v1/me/2fa.</summary>
internal static class TwoFactorEndpoints
{
    public sealed record CodeRequest(string? Code);

    public sealed record DisableRequest(string? Code, string? RecoveryCode);

    public sealed record RecoveryCodesView(IReadOnlyList<string> RecoveryCodes);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", Status).WithSummary("Two-factor sign-in status");
        group.MapPost("/authenticator", Start).WithSummary("Start authenticator setup (new shared key)");
        group.MapPost("/enable", Enable);
        group.MapPost("/disable", Disable);
        group.MapPost("/recovery-codes", NewRecoveryCodes);
    }

    private static async Task<Results<Ok<TwoFactorStatus>, ProblemHttpResult>> Status(ClaimsPrincipal principal, UserManager<User> users, TwoFactor twoFactor) =>
        await users.GetUserAsync(principal) is { } user ? TypedResults.Ok(await twoFactor.StatusAsync(user)) : Problems.NotFound("user");

    /// <summary>A new shared key for the authenticator app; refused while two-factor sign-in is on (turn it off first).</summary>
    private static async Task<Results<Ok<AuthenticatorSetup>, ProblemHttpResult>> Start(ClaimsPrincipal principal, UserManager<User> users, TwoFactor twoFactor)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return Problems.NotFound("user");
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return Problems.Conflict("Two-factor sign-in is on; turn it off before setting up a new authenticator.");
        }

        return TypedResults.Ok(await twoFactor.StartAsync(user));
    }

    private static async Task<Results<Ok<RecoveryCodesView>, ProblemHttpResult, ValidationProblem>> Enable(
        CodeRequest request, ClaimsPrincipal principal, UserManager<User> users, TwoFactor twoFactor)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return Problems.NotFound("user");
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return Problems.Conflict("Two-factor sign-in is already on.");
        }

        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            return Problems.Conflict("No authenticator is being set up; POST /api/v1/me/2fa/authenticator first.");
        }

        var (codes, refusal) = await twoFactor.EnableAsync(user, request.Code);
        return codes is null ? Problems.Invalid("code", refusal!) : TypedResults.Ok(new RecoveryCodesView(codes));
    }

    /// <summary>Turns two-factor sign-in off; while it is on, a current authenticator code or a recovery code proves it is the member.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Disable(
        DisableRequest? request, ClaimsPrincipal principal, UserManager<User> users, TwoFactor twoFactor)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return Problems.NotFound("user");
        }

        var refusal = await twoFactor.DisableAsync(user, request?.Code, request?.RecoveryCode);
        return refusal is null ? TypedResults.NoContent() : Problems.Invalid(string.IsNullOrWhiteSpace(request?.Code) ? "recoveryCode" : "code", refusal);
    }

    private static async Task<Results<Ok<RecoveryCodesView>, ProblemHttpResult>> NewRecoveryCodes(ClaimsPrincipal principal, UserManager<User> users, TwoFactor twoFactor)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return Problems.NotFound("user");
        }

        var (codes, refusal) = await twoFactor.NewRecoveryCodesAsync(user);
        return codes is null ? Problems.Conflict(refusal!) : TypedResults.Ok(new RecoveryCodesView(codes));
    }
}
