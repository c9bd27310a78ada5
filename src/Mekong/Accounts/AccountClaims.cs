using System.Security.Claims;
using Mekong.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Accounts;

/// <summary>Puts the display name and interface language into the sign-in so pages need no lookup per request.</summary>
internal sealed class AccountClaims(UserManager<User> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User, IdentityRole<Guid>>(users, roles, options)
{
    public const string DisplayName = "mekong:display_name";
    public const string InterfaceLanguage = "mekong:ui_language";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(InterfaceLanguage, user.InterfaceLanguage));
        return identity;
    }
}

/// <summary>Creates accounts; the first account of a fresh site becomes its admin.</summary>
public sealed class Registration(UserManager<User> users, Review.ProfileScreening screening, MekongDb db, TimeProvider clock)
{
    private static readonly SemaphoreSlim FirstAccountGate = new(1, 1);

    public async Task<(User? User, Dictionary<string, string[]>? Errors)> RegisterAsync(string? email, string? password, ProfileInput profile)
    {
        var errors = new Platform.Http.Errors();
        if (string.IsNullOrWhiteSpace(email))
        {
            errors.Add("email", "Required.");
        }

        if (string.IsNullOrEmpty(password))
        {
            errors.Add("password", "Required.");
        }

        var user = new User
        {
            Email = email?.Trim(),
            UserName = email?.Trim(),
            CreatedAt = clock.GetUtcNow(),
            DisplayName = email?.Split('@')[0] ?? "",
        };
        profile.ApplyTo(user, errors);

        // A blocked name is refused here; a flagged one is queued and saved together with the new account.
        if (errors.Any || !await screening.CheckAsync(user, errors))
        {
            return (null, errors.ToDictionary());
        }

        // Serialised so two simultaneous first sign-ups cannot both become admin.
        await FirstAccountGate.WaitAsync();
        try
        {
            var first = !await db.Users.AnyAsync();
            var created = await users.CreateAsync(user, password!);
            if (!created.Succeeded)
            {
                return (null, created.Errors
                    .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email" : e.Code)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray(), StringComparer.Ordinal));
            }

            await users.AddToRoleAsync(user, Roles.Member);
            if (first)
            {
                await users.AddToRoleAsync(user, Roles.Admin);
            }

            return (user, null);
        }
        finally
        {
            FirstAccountGate.Release();
        }
    }
}
