using System.Security.Claims;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Mekong.Accounts;

/// <summary>
/// Account recovery and changes under /api/v1: password reset by email, password change, email change with
/// confirmation, and email verification. The links in the mails open pages (/reset-password, /confirm-email);
/// the confirm endpoints here take the same token for clients that handle the links themselves.
/// </summary>
internal static class RecoveryEndpoints
{
    public sealed record ResetRequest(string? Email);

    public sealed record ResetConfirmRequest(Guid? UserId, string? Token, string? NewPassword);

    public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

    public sealed record EmailChangeRequest(string? NewEmail, string? Password);

    public sealed record EmailConfirmRequest(Guid? UserId, string? Token, string? Email = null);

    public sealed record AcceptedAnswer(string Message);

    public const string ResetAccepted = "If an account has this email address, a link to reset its password is on its way.";
    public const string EmailChangeAccepted = "A confirmation link is on its way to the new address; the change applies when it is opened.";
    public const string VerificationAccepted = "A confirmation link is on its way to your email address.";

    /// <summary>Tokens are a few hundred characters; anything longer is not one the site made.</summary>
    private const int TokenChars = 2048;

    public static void Map(IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Accounts");
        auth.MapPost("/password-reset", RequestReset).RequireRateLimiting(RateLimits.SignIn);
        auth.MapPost("/password-reset/confirm", ConfirmReset).RequireRateLimiting(RateLimits.SignIn);
        auth.MapPost("/email/confirm", ConfirmEmail).RequireRateLimiting(RateLimits.SignIn);

        var me = app.MapGroup("/api/v1/me").WithTags("Accounts").RequireAuthorization();
        me.MapPost("/password", ChangePassword);
        me.MapPost("/email", ChangeEmail).RequireRateLimiting(RateLimits.SignIn);
        me.MapPost("/email/verification", ResendVerification).RequireRateLimiting(RateLimits.SignIn);
    }

    private static async Task<Results<Accepted<AcceptedAnswer>, ValidationProblem>> RequestReset(ResetRequest request, AccountRecovery recovery)
    {
        var errors = new Errors();
        var email = errors.Required("email", request.Email, AccountRecovery.EmailChars);
        if (errors.Any || email is null)
        {
            return Problems.Invalid(errors);
        }

        await recovery.RequestResetAsync(email);
        return TypedResults.Accepted((string?)null, new AcceptedAnswer(ResetAccepted));
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> ConfirmReset(ResetConfirmRequest request, AccountRecovery recovery)
    {
        var errors = new Errors();
        if (request.UserId is null)
        {
            errors.Add("userId", "Required.");
        }

        Token(errors, "token", request.Token);
        if (string.IsNullOrEmpty(request.NewPassword))
        {
            errors.Add("newPassword", "Required.");
        }

        errors.RefuseNul("newPassword", request.NewPassword);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        return Answer(await recovery.ResetAsync(request.UserId!.Value, request.Token!, request.NewPassword!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> ConfirmEmail(EmailConfirmRequest request, AccountRecovery recovery)
    {
        var errors = new Errors();
        if (request.UserId is null)
        {
            errors.Add("userId", "Required.");
        }

        Token(errors, "token", request.Token);
        var email = request.Email is null ? null : errors.Required("email", request.Email, AccountRecovery.EmailChars);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        return Answer(email is null
            ? await recovery.ConfirmEmailAsync(request.UserId!.Value, request.Token!)
            : await recovery.ConfirmEmailChangeAsync(request.UserId!.Value, email, request.Token!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> ChangePassword(
        PasswordChangeRequest request, ClaimsPrincipal principal, UserManager<User> users, AccountRecovery recovery)
    {
        var errors = new Errors();
        if (string.IsNullOrEmpty(request.CurrentPassword))
        {
            errors.Add("currentPassword", "Required.");
        }

        if (string.IsNullOrEmpty(request.NewPassword))
        {
            errors.Add("newPassword", "Required.");
        }

        errors.RefuseNul("currentPassword", request.CurrentPassword);
        errors.RefuseNul("newPassword", request.NewPassword);
        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        if (await users.GetUserAsync(principal) is not { } user)
        {
            return Problems.NotFound("user");
        }

        return Answer(await recovery.ChangePasswordAsync(user, request.CurrentPassword!, request.NewPassword!));
    }

    private static async Task<Results<Accepted<AcceptedAnswer>, ProblemHttpResult, ValidationProblem>> ChangeEmail(
        EmailChangeRequest request, ClaimsPrincipal principal, UserManager<User> users, AccountRecovery recovery)
    {
        var errors = new Errors();
        var email = errors.Required("newEmail", request.NewEmail, AccountRecovery.EmailChars);
        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "Required: confirm with your password.");
        }

        errors.RefuseNul("password", request.Password);
        if (errors.Any || email is null)
        {
            return Problems.Invalid(errors);
        }

        if (await users.GetUserAsync(principal) is not { } user)
        {
            return Problems.NotFound("user");
        }

        var result = await recovery.RequestEmailChangeAsync(user, email, request.Password!);
        return result.Outcome switch
        {
            RecoveryOutcome.Done => TypedResults.Accepted((string?)null, new AcceptedAnswer(EmailChangeAccepted)),
            RecoveryOutcome.WrongPassword => Problems.Forbidden(AccountRecovery.WrongPasswordMessage),
            _ => TypedResults.ValidationProblem(result.Errors ?? new Dictionary<string, string[]>()),
        };
    }

    private static async Task<Results<Accepted<AcceptedAnswer>, ProblemHttpResult>> ResendVerification(
        ClaimsPrincipal principal, UserManager<User> users, AccountRecovery recovery)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return Problems.NotFound("user");
        }

        var result = await recovery.SendVerificationAsync(user);
        return result.Outcome == RecoveryOutcome.AlreadyConfirmed
            ? Problems.Conflict(AccountRecovery.AlreadyConfirmedMessage)
            : TypedResults.Accepted((string?)null, new AcceptedAnswer(VerificationAccepted));
    }

    private static void Token(Errors errors, string field, string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            errors.Add(field, "Required.");
        }
        else if (token.Length > TokenChars)
        {
            errors.Add(field, $"At most {TokenChars} characters.");
        }

        errors.RefuseNul(field, token);
    }

    private static Results<NoContent, ProblemHttpResult, ValidationProblem> Answer(RecoveryResult result) => result.Outcome switch
    {
        RecoveryOutcome.Done => TypedResults.NoContent(),
        RecoveryOutcome.WrongPassword => Problems.Forbidden(AccountRecovery.WrongPasswordMessage),
        RecoveryOutcome.InvalidLink => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid link", detail: AccountRecovery.InvalidLinkMessage),
        _ => TypedResults.ValidationProblem(result.Errors ?? new Dictionary<string, string[]>()),
    };
}
