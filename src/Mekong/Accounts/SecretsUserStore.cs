using Mekong.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Mekong.Accounts;

/// <summary>
/// Identity's EF Core user store, with the authenticator key and the recovery codes encrypted at rest by
/// ASP.NET Core Data Protection (the key ring lives outside the database, under DataProtection:KeysPath):
/// a copy of the database alone yields neither a member's TOTP secret nor their recovery codes.
/// </summary>
internal sealed class SecretsUserStore(MekongDb context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<User, IdentityRole<Guid>, MekongDb, Guid>(context, describer)
{
    public const string Purpose = "Mekong.Accounts.Secrets.v1";

    /// <summary>Identity's own provider name and token names for the two secrets (UserStoreBase's constants).</summary>
    private const string IdentityProvider = "[AspNetUserStore]";

    private static readonly string[] SecretNames = ["AuthenticatorKey", "RecoveryCodes"];

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public override Task SetTokenAsync(User user, string loginProvider, string name, string? value, CancellationToken cancellationToken)
    {
        if (IsSecret(loginProvider, name) && value is not null)
        {
            value = _protector.Protect(value);
        }

        return base.SetTokenAsync(user, loginProvider, name, value, cancellationToken);
    }

    public override async Task<string?> GetTokenAsync(User user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var value = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        if (!IsSecret(loginProvider, name) || string.IsNullOrEmpty(value))
        {
            return value;
        }

        try
        {
            return _protector.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Written before encryption was added, or under a lost key ring: treated as absent, so the member
            // sets up a new authenticator (an administrator can turn two-factor sign-in off for them).
            return null;
        }
    }

    private static bool IsSecret(string loginProvider, string name) =>
        string.Equals(loginProvider, IdentityProvider, StringComparison.Ordinal) && SecretNames.Contains(name, StringComparer.Ordinal);
}
