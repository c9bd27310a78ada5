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

    public sealed record LoginRequest(string? Email, string? Password);

    public sealed record RefreshRequest(string? RefreshToken);

    public static void Map(IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Accounts");
        auth.MapPost("/register", Register).RequireRateLimiting(RateLimits.Register);
        auth.MapPost("/login", Login).RequireRateLimiting(RateLimits.SignIn);
        auth.MapPost("/refresh", Refresh);
        auth.MapPost("/logout", Logout).RequireAuthorization();

        var me = app.MapGroup("/api/v1/me").WithTags("Accounts").RequireAuthorization();
        me.MapGet("/", GetMe);
        me.MapPut("/", UpdateMe);

        app.MapGet("/api/v1/users/{id:guid}", GetUser).WithTags("Accounts");

        var admin = app.MapGroup("/api/v1/admin/users").WithTags("Administration").RequireAuthorization(Roles.AdminPolicy);
        admin.MapPut("/{id:guid}/roles/{role}", AddRole);
        admin.MapDelete("/{id:guid}/roles/{role}", RemoveRole);
    }

    /// <summary>Identity keeps emails (and user names, which are the emails) in 256-character columns.</summary>
    private const int EmailChars = 256;

    private static async Task<Results<Ok, ValidationProblem>> Register(RegisterRequest request, Registration registration)
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
        var (_, errors) = await registration.RegisterAsync(request.Email, request.Password, profile);
        return errors is null ? TypedResults.Ok() : TypedResults.ValidationProblem(errors);
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>> Login(
        LoginRequest request, bool? useCookies, SignInManager<User> signIn)
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

        errors.RefuseNul("email", request.Email);
        if (errors.Any || request.Email is null || request.Password is null)
        {
            return Problems.Invalid(errors);
        }

        signIn.AuthenticationScheme = useCookies == true ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.Email.Trim(), request.Password, isPersistent: useCookies == true, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed",
                detail: result.IsLockedOut ? "Too many failed attempts; try again later." : "Email or password is wrong.");
        }

        // The sign-in manager has already written the bearer token response or set the cookie.
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

    private static async Task<Results<Ok<MeView>, NotFound>> GetMe(ClaimsPrincipal principal, UserManager<User> users, MekongDb db)
    {
        var user = await users.FindByIdAsync(principal.RequiredId().ToString());
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        var roles = await users.GetRolesAsync(user);
        return TypedResults.Ok(new MeView(await ViewAsync(db, user), user.Email ?? "", [.. roles.Order(StringComparer.Ordinal)]));
    }

    private static async Task<Results<Ok<ProfileView>, ValidationProblem, NotFound>> UpdateMe(
        ProfileInput input, ClaimsPrincipal principal, UserManager<User> users, Review.ProfileScreening screening, MekongDb db)
    {
        var user = await users.FindByIdAsync(principal.RequiredId().ToString());
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        var errors = new Errors();
        input.ApplyTo(user, errors);
        if (errors.Any || !await screening.CheckAsync(user, errors))
        {
            return Problems.Invalid(errors);
        }

        await users.UpdateAsync(user);
        return TypedResults.Ok(await ViewAsync(db, user));
    }

    private static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> GetUser(Guid id, MekongDb db)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id);
        return user is null ? Problems.NotFound("user") : TypedResults.Ok(await ViewAsync(db, user));
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> AddRole(Guid id, string role, UserManager<User> users)
    {
        if (!Roles.All.Contains(role, StringComparer.Ordinal))
        {
            return Problems.Invalid("role", $"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}.");
        }

        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return Problems.NotFound("user");
        }

        if (!await users.IsInRoleAsync(user, role))
        {
            await users.AddToRoleAsync(user, role);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RemoveRole(
        Guid id, string role, ClaimsPrincipal principal, UserManager<User> users)
    {
        if (!Roles.All.Contains(role, StringComparer.Ordinal))
        {
            return Problems.Invalid("role", $"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}.");
        }

        if (role == Roles.Member)
        {
            return Problems.Invalid("role", "Every account is a member; suspend or erase the account instead.");
        }

        if (role == Roles.Admin && id == principal.RequiredId())
        {
            return Problems.Conflict("An admin cannot remove their own admin role; ask another admin.");
        }

        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return Problems.NotFound("user");
        }

        await users.RemoveFromRoleAsync(user, role);
        return TypedResults.NoContent();
    }

    internal static async Task<ProfileView> ViewAsync(MekongDb db, User user)
    {
        var followers = await db.Follows.CountAsync(f => f.FolloweeId == user.Id);
        var following = await db.Follows.CountAsync(f => f.FollowerId == user.Id);
        return new ProfileView(user.Id, user.DisplayName, user.HomeCountry, user.ReadingLanguageList, user.InterfaceLanguage, user.Bio, user.CreatedAt, followers, following);
    }
}
