using System.Globalization;
using System.Security.Claims;
using Mekong.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
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

/// <summary>
/// Creates accounts; the first account of a fresh site becomes its admin. An email that already has an account
/// gets the same answer as a new one (no "email taken" to probe with): nothing is created, and the owner of
/// that account is told in a notification instead.
/// </summary>
public sealed class Registration(
    UserManager<User> users, Review.ProfileScreening screening, MekongDb db, TimeProvider clock,
    Notifications.Notifier notifier, IStringLocalizer<Platform.Localization.UiText> text)
{
    public const string AttemptNotificationKind = "account.registration-attempt";

    private static readonly SemaphoreSlim FirstAccountGate = new(1, 1);

    /// <summary>
    /// The new account; or no account and no errors when the email already had one (answer as if created);
    /// or the errors in the request, which are the same whether or not the email is taken.
    /// </summary>
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

        // Email format and password rules first, so a taken email cannot be told apart by which errors come back.
        var refused = new List<IdentityError>();
        foreach (var validator in users.UserValidators)
        {
            refused.AddRange((await validator.ValidateAsync(users, user)).Errors.Where(e => !IsDuplicate(e)));
        }

        foreach (var validator in users.PasswordValidators)
        {
            refused.AddRange((await validator.ValidateAsync(users, user, password!)).Errors);
        }

        if (refused.Count > 0)
        {
            db.ChangeTracker.Clear(); // drop a screening flag queued for an account that is not created
            return (null, ByField(refused));
        }

        if (await users.FindByEmailAsync(user.Email!) is { } existing)
        {
            db.ChangeTracker.Clear();
            await TellOwnerAsync(existing);
            users.PasswordHasher.HashPassword(user, password!); // the same work as creating the account
            return (null, null);
        }

        // Serialised so two simultaneous first sign-ups cannot both become admin.
        await FirstAccountGate.WaitAsync();
        try
        {
            var first = !await db.Users.AnyAsync();
            var created = await users.CreateAsync(user, password!);
            if (!created.Succeeded)
            {
                // Taken between the check above and now (two sign-ups at once): the same answer as above.
                return created.Errors.All(IsDuplicate) ? (null, null) : (null, ByField(created.Errors));
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

    private static bool IsDuplicate(IdentityError e) => e.Code is "DuplicateEmail" or "DuplicateUserName";

    private static Dictionary<string, string[]> ByField(IEnumerable<IdentityError> errors) => errors
        .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email" : e.Code)
        .ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    /// <summary>A notification in the owner's own interface language.</summary>
    private async Task TellOwnerAsync(User owner)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(Platform.Languages.Canonical(owner.InterfaceLanguage) ?? "en");
            notifier.Notify(owner.Id, AttemptNotificationKind, text[AttemptNotificationText], "/signin");
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }

        await db.SaveChangesAsync();
    }

    internal const string AttemptNotificationText =
        "Someone tried to create a new account with your email address. If it was you, simply sign in; otherwise you can ignore this: your account is unchanged.";
}
