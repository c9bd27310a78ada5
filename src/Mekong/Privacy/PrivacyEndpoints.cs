using System.Security.Claims;
using Mekong.Accounts;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;

namespace Mekong.Privacy;

/// <summary>
/// A member's rights over their data, under /api/v1/me: consent choices, a copy of everything, erasure. Every
/// route acts on the signed-in member only; there is no route that names another member.
/// </summary>
internal static class PrivacyEndpoints
{
    /// <summary>Fields left out keep their value; anything else in the body (a member id…) is ignored.</summary>
    public sealed record ConsentInput(bool? Personalization, bool? Analytics, bool? ExternalAi);

    public sealed record EraseRequest(string? Password, string? Contributions);

    public static void Map(IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").WithTags("Privacy").RequireAuthorization();
        me.MapGet("/consents", GetConsents);
        me.MapPut("/consents", PutConsents);
        me.MapPost("/export", RequestExport);
        me.MapGet("/export", GetExport);
        me.MapGet("/export/{token}", Download);
        me.MapDelete("/", Erase);
    }

    private static async Task<Ok<ConsentView>> GetConsents(ClaimsPrincipal user, Consent consent, CancellationToken ct) =>
        TypedResults.Ok(await consent.CurrentAsync(user.RequiredId(), ct));

    private static async Task<Results<Ok<ConsentView>, ValidationProblem>> PutConsents(ConsentInput? input, ClaimsPrincipal user, Consent consent, CancellationToken ct)
    {
        if (input is null)
        {
            return Problems.Invalid("body", "Send {personalization, analytics, externalAi} as true or false.");
        }

        return TypedResults.Ok(await consent.RecordAsync(user.RequiredId(), input.Personalization, input.Analytics, input.ExternalAi, ct));
    }

    private static async Task<Accepted<ExportView>> RequestExport(ClaimsPrincipal user, Exports exports, CancellationToken ct) =>
        TypedResults.Accepted("/api/v1/me/export", await exports.RequestAsync(user.RequiredId(), ct));

    private static async Task<Results<Ok<ExportView>, ProblemHttpResult>> GetExport(ClaimsPrincipal user, Exports exports, CancellationToken ct) =>
        await exports.LatestAsync(user.RequiredId(), ct) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No export has been requested; POST /api/v1/me/export starts one.");

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(string token, ClaimsPrincipal user, Exports exports, TimeProvider clock, CancellationToken ct)
    {
        var (file, refusal) = await exports.OpenAsync(user.RequiredId(), token, ct);
        return refusal switch
        {
            DownloadRefusal.None => TypedResults.File(file!, "application/zip", $"mekong-export-{clock.GetUtcNow():yyyyMMdd}.zip"),
            DownloadRefusal.Gone => TypedResults.Problem(
                statusCode: StatusCodes.Status410Gone, title: "Gone", detail: "This download link was used already or has expired; request a new export."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No export has this download link."),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Erase(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] EraseRequest? request,
        ClaimsPrincipal principal,
        UserManager<User> users,
        SignInManager<User> signIn,
        Erasure erasure,
        IOptionsMonitor<PrivacyOptions> options,
        CancellationToken ct)
    {
        var errors = new Errors();
        if (string.IsNullOrEmpty(request?.Password))
        {
            errors.Add("password", "Required: confirm with your password.");
        }

        var contributions = request?.Contributions ?? options.CurrentValue.ErasureDefault;
        if (contributions is not (Erasure.Anonymize or Erasure.Delete))
        {
            errors.Add("contributions", "Use 'delete' (remove your posts and comments) or 'anonymize' (keep them under \"Deleted member\").");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var user = await users.FindByIdAsync(principal.RequiredId().ToString());
        if (user is null || Erasure.IsDeletedMember(user.Id))
        {
            return Problems.NotFound("member");
        }

        // Counts towards lockout like a sign-in, so the endpoint cannot be used to guess the password.
        var check = await signIn.CheckPasswordSignInAsync(user, request!.Password!, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            return Problems.Forbidden(check.IsLockedOut ? "Too many failed attempts; try again later." : "The password does not match; nothing was erased.");
        }

        await erasure.EraseAsync(user.Id, contributions, ct);
        if (principal.Identity?.AuthenticationType == IdentityConstants.ApplicationScheme)
        {
            await signIn.SignOutAsync();
        }

        return TypedResults.NoContent();
    }
}
