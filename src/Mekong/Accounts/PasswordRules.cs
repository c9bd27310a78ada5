using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Mekong.Accounts;

/// <summary>
/// Password rules after NIST SP 800-63B (5.1.1.2): a minimum and a generous maximum length counted in
/// characters of any script, no composition rules, and no password from a list of commonly used ones or equal
/// to the account's own email or display name.
/// </summary>
internal sealed class PasswordRules(IOptionsMonitor<AccountsOptions> options) : IPasswordValidator<User>
{
    private static readonly Lazy<FrozenSet<string>> Common = new(LoadCommon);

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim().ToLowerInvariant());

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        password ??= "";
        var o = options.CurrentValue;
        var errors = new List<IdentityError>();

        // Characters as people count them: a Thai or Khmer letter with its marks, an emoji, each count once per code point.
        var length = password.EnumerateRunes().Count();
        if (length < o.PasswordMinLength)
        {
            errors.Add(new IdentityError { Code = "PasswordTooShort", Description = $"At least {o.PasswordMinLength} characters; a phrase of several words is easy to remember." });
        }
        else if (length > o.PasswordMaxLength)
        {
            errors.Add(new IdentityError { Code = "PasswordTooLong", Description = $"At most {o.PasswordMaxLength} characters." });
        }
        else if (IsCommon(password))
        {
            errors.Add(new IdentityError { Code = "PasswordCommon", Description = "This password is among the most commonly used ones; choose another, e.g. a phrase of several words." });
        }
        else if (IsOwnName(user, password))
        {
            errors.Add(new IdentityError { Code = "PasswordIsIdentifier", Description = "The password must not be your email address or display name." });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    private static bool IsOwnName(User user, string password)
    {
        var candidate = password.Trim();
        var email = user.Email?.Trim() ?? "";
        string[] names = [email, email.Split('@')[0], user.DisplayName.Trim(), user.UserName?.Trim() ?? ""];
        return names.Any(n => n.Length > 0 && string.Equals(n, candidate, StringComparison.OrdinalIgnoreCase));
    }

    private static FrozenSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("Mekong.Accounts.Data.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-passwords list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
