using System.Security.Claims;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Accounts;

/// <summary>
/// Sign-up, sign-in and profiles under /api/v1. Request and response shapes follow ASP.NET Core Identity's
/// API endpoints ({email, password} in; {tokenType, accessToken, expiresIn, refreshToken} out) so any client
/// written for those works here; registration also takes the profile.
/// </summary>
internal static class AccountEndpoints
{
    public sealed record RegisterRequest(
        string? Email,
        string? Password,
        string? DisplayName,
        string? HomeCountry,
        IReadOnlyList<string>? ReadingLanguages,
        string? InterfaceLanguage);

    /// <summary>As Identity's own login: the second factor, where the account has one, in the same request.</summary>
    public sealed record LoginRequest(string? Email, string? Password, string? TwoFactorCode = null, string? TwoFactorRecoveryCode = null);

    public sealed record RefreshRequest(string? RefreshToken);

    public static void Map(IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Accounts");
        auth.MapPost("/register", Register).RequireRateLimiting(RateLimits.Register);
        auth.MapPost("/login", Login).RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Sign in: a bearer token (or, with useCookies, a cookie)")
            .Produces<Microsoft.AspNetCore.Authentication.BearerToken.AccessTokenResponse>(StatusCodes.Status200OK);
        auth.MapPost("/refresh", Refresh);
        auth.MapPost("/logout", Logout).RequireAuthorization();

        var me = app.MapGroup("/api/v1/me").WithTags("Accounts").RequireAuthorization();
        me.MapGet("/", GetMe);
        me.MapPut("/", UpdateMe);
        me.MapPost("/sessions/revoke", RevokeSessions);
        TwoFactorEndpoints.Map(me.MapGroup("/2fa"));

        app.MapGet("/api/v1/users/{id:guid}", GetUser).WithTags("Accounts");

        var admin = app.MapGroup("/api/v1/admin/users").WithTags("Administration").RequireAuthorization(Roles.AdminPolicy);
        admin.MapGet("/", ListUsers);
        admin.MapPut("/{id:guid}/roles/{role}", AddRole);
        admin.MapDelete("/{id:guid}/roles/{role}", RemoveRole);
    }

    /// <summary>Identity keeps emails (and user names, which are the emails) in 256-character columns.</summary>
    private const int EmailChars = 256;

    private static async Task<Results<Ok, ValidationProblem>> Register(RegisterRequest request, Registration registration, AccountRecovery recovery)
    {
        // Checked here, before the database would refuse them with an error (PostgreSQL) or keep them (SQLite).
        var email = new Errors();
        if (request.Email?.Trim().Length > EmailChars)
        {
            email.Add("email", $"At most {EmailChars} characters.");
        }

        email.RefuseNul("email", request.Email);
        if (email.Any)
        {
            return Problems.Invalid(email);
        }

        var profile = new ProfileInput(request.DisplayName, request.HomeCountry ?? "other", request.ReadingLanguages, request.InterfaceLanguage, null);
        var (user, errors) = await registration.RegisterAsync(request.Email, request.Password, profile);
        if (user is not null)
        {
            await recovery.SendVerificationAsync(user); // sign-in does not wait for it; notification mail does
        }

        return errors is null ? TypedResults.Ok() : TypedResults.ValidationProblem(errors);
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>> Login(
        LoginRequest request, bool? useCookies, MemberSignIn memberSignIn, SignInManager<User> signIn, HttpContext http)
    {
        var errors = new Errors();
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            errors.Add("email", "Required.");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "Required.");
        }

        if (request.Email?.Length > EmailChars)
        {
            errors.Add("email", $"At most {EmailChars} characters.");
        }

        errors.RefuseNul("email", request.Email);
        errors.RefuseNul("twoFactorCode", request.TwoFactorCode);
        errors.RefuseNul("twoFactorRecoveryCode", request.TwoFactorRecoveryCode);
        if (errors.Any || request.Email is null || request.Password is null)
        {
            return Problems.Invalid(errors);
        }

        var attempt = await memberSignIn.PasswordAsync(
            MemberSignIn.ClientOf(http), request.Email, request.Password, request.TwoFactorCode, request.TwoFactorRecoveryCode);
        if (attempt.Outcome == SignInOutcome.Throttled)
        {
            http.Response.SetRetryAfter(attempt.RetryAfter!.Value);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts", detail: attempt.Reason);
        }

        if (attempt.Outcome != SignInOutcome.SignedIn || attempt.User is not { } user)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: attempt.Outcome is SignInOutcome.SecondFactorRequired or SignInOutcome.SecondFactorRefused ? "Second factor required" : "Sign-in failed",
                detail: attempt.Reason);
        }

        // The sign-in manager writes the bearer token response, or sets the cookie.
        signIn.AuthenticationScheme = useCookies == true ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
        await memberSignIn.CompleteAsync(signIn, user, isPersistent: useCookies == true, attempt.SecondFactor);
        return TypedResults.Empty;
    }

    private static async Task<Results<SignInHttpResult, ChallengeHttpResult>> Refresh(
        RefreshRequest request, SignInManager<User> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock)
    {
        var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : protector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return TypedResults.Challenge();
        }

        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<NoContent> Logout(SignInManager<User> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Signs the member out everywhere: a new security stamp makes every refresh token and every sign-in cookie
    /// invalid (cookies at their next validation, within a minute); access tokens already issued run out within the hour.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeSessions(ClaimsPrincipal principal, UserManager<User> users, SignInManager<User> signIn)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return Problems.NotFound("user");
        }

        await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeView>, NotFound>> GetMe(ClaimsPrincipal principal, UserManager<User> users, MekongDb db)
    {
        var user = await users.FindByIdAsync(principal.RequiredId().ToString());
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        var roles = await users.GetRolesAsync(user);
        return TypedResults.Ok(new MeView(await ViewAsync(db, user), user.Email ?? "", [.. roles.Order(StringComparer.Ordinal)], user.TimeZone, user.Theme));
    }

    private static async Task<Results<Ok<ProfileView>, ValidationProblem, ProblemHttpResult, NotFound>> UpdateMe(
        ProfileInput input, ClaimsPrincipal principal, UserManager<User> users, Review.ProfileScreening screening, MekongDb db, MemberHandles handles)
    {
        var user = await users.FindByIdAsync(principal.RequiredId().ToString());
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        var errors = new Errors();
        input.ApplyTo(user, errors);
        var handle = MemberHandles.Normalize(input.Handle);
        if (input.Handle is not null && !MemberHandles.IsValid(handle))
        {
            errors.Add("handle", "A handle is 3 to 30 of a-z, 0-9 and _.");
        }

        if (errors.Any || !await screening.CheckAsync(user, errors))
        {
            return Problems.Invalid(errors);
        }

        if (input.Handle is not null && !string.Equals(handle, user.Handle, StringComparison.Ordinal))
        {
            if (await handles.TakenAsync(handle!, user.Id))
            {
                return Problems.Conflict("That handle is taken; choose another.");
            }

            user.SetHandle(handle!);
        }

        await users.UpdateAsync(user);
        return TypedResults.Ok(await ViewAsync(db, user));
    }

    private static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> GetUser(Guid id, MekongDb db)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id);
        return user is null ? Problems.NotFound("user") : TypedResults.Ok(await ViewAsync(db, user));
    }

    private static async Task<Results<Ok<Page<MemberSummary>>, ValidationProblem>> ListUsers(string? q, string? cursor, int? limit, MemberAdministration members)
    {
        var errors = new Errors();
        if (q?.Length > MemberAdministration.MaxQueryChars)
        {
            errors.Add("q", $"At most {MemberAdministration.MaxQueryChars} characters.");
        }

        errors.RefuseNul("q", q);
        if (limit is < 1 or > Platform.Limits.MaxPageSize)
        {
            errors.Add("limit", $"Between 1 and {Platform.Limits.MaxPageSize}.");
        }

        if (!Cursor.TryDecode(cursor, out var after))
        {
            errors.Add("cursor", "Not a cursor this API issued.");
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(await members.ListAsync(q, after, Cursor.Size(limit)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> AddRole(
        Guid id, string role, string? reason, ClaimsPrincipal principal, MemberAdministration members) =>
        RoleAnswer(await members.AddRoleAsync(principal.RequiredId(), id, role, reason), role);

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RemoveRole(
        Guid id, string role, string? reason, ClaimsPrincipal principal, MemberAdministration members) =>
        RoleAnswer(await members.RemoveRoleAsync(principal.RequiredId(), id, role, reason), role);

    private static Results<NoContent, ProblemHttpResult, ValidationProblem> RoleAnswer(RoleChange change, string role) => change switch
    {
        RoleChange.Done => TypedResults.NoContent(),
        RoleChange.NoSuchUser => Problems.NotFound("user"),
        RoleChange.OwnAdminRole => Problems.Conflict(MemberAdministration.Explain(change)),
        RoleChange.UnknownRole => Problems.Invalid("role", $"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}."),
        _ => Problems.Invalid("role", MemberAdministration.Explain(change)),
    };

    internal static async Task<ProfileView> ViewAsync(MekongDb db, User user)
    {
        var followers = await db.Follows.CountAsync(f => f.FolloweeId == user.Id);
        var following = await db.Follows.CountAsync(f => f.FollowerId == user.Id);
        return new ProfileView(user.Id, user.DisplayName, user.HomeCountry, user.ReadingLanguageList, user.InterfaceLanguage, user.Bio, user.CreatedAt, followers, following, user.Handle);
    }
}
