using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Accounts;

public sealed record MemberSuggestion(Guid Id, string Handle, string DisplayName);

/// <summary>
/// Members' @handles: made at sign-up from the display name (or the e-mail's local part), backfilled for accounts
/// made before handles, found by prefix for mention autocomplete, and resolved when a text mentions them.
/// </summary>
public sealed partial class MemberHandles(MekongDb db)
{
    public const int MinChars = 3;
    public const int MaxChars = 30;

    [GeneratedRegex("^[a-z0-9_]{3,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();

    /// <summary>An @handle not preceded by a word character (so e-mail addresses are not mentions).</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9_@./])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex Mention();

    public static bool IsValid(string? handle) => handle is not null && Valid().IsMatch(handle);

    /// <summary>Lower-cases and drops one leading '@'; null when nothing is left.</summary>
    public static string? Normalize(string? input)
    {
        var handle = input?.Trim();
        if (handle is { Length: > 0 } && handle[0] == '@')
        {
            handle = handle[1..];
        }

        return string.IsNullOrEmpty(handle) ? null : handle.ToLowerInvariant();
    }

    /// <summary>The distinct handles a Markdown text mentions, lower-cased, in order of first mention.</summary>
    public static IReadOnlyList<string> MentionsIn(string? markdown) => markdown is null
        ? []
        : Mention().Matches(markdown).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The ids of the members the handles name; unknown handles are simply absent.</summary>
    public async Task<Dictionary<string, Guid>> ResolveAsync(IReadOnlyCollection<string> handles, CancellationToken ct = default)
    {
        if (handles.Count == 0)
        {
            return new Dictionary<string, Guid>(StringComparer.Ordinal);
        }

        var names = handles.ToList();
        var rows = await db.Users.AsNoTracking().Where(u => u.Handle != null && names.Contains(u.Handle))
            .Select(u => new { u.Id, u.Handle }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Handle!, r => r.Id, StringComparer.Ordinal);
    }

    public Task<bool> TakenAsync(string handle, Guid? except = null, CancellationToken ct = default) =>
        db.Users.AnyAsync(u => u.Handle == handle && u.Id != except, ct);

    /// <summary>A handle nobody has yet, made from the display name, else the e-mail's local part, else "member1234".</summary>
    public async Task<string> FreeHandleAsync(string? displayName, string? email, CancellationToken ct = default)
    {
        var stem = Stem(displayName) ?? Stem(email?.Split('@')[0]) ?? "member";
        if (stem != "member" && !await TakenAsync(stem, ct: ct) && !TakenLocally(stem))
        {
            return stem;
        }

        for (var attempt = 0; ; attempt++)
        {
            var digits = RandomNumberGenerator.GetInt32(attempt < 10 ? 1000 : 100000, attempt < 10 ? 10000 : 1000000).ToString(CultureInfo.InvariantCulture);
            var candidate = stem[..Math.Min(stem.Length, MaxChars - digits.Length)] + digits;
            if (!await TakenAsync(candidate, ct: ct) && !TakenLocally(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Gives every account made before handles existed one (the demo's members among them).</summary>
    public async Task BackfillAsync(CancellationToken ct = default)
    {
        var without = await db.Users.Where(u => u.Handle == null).OrderBy(u => u.Id).ToListAsync(ct);
        foreach (var user in without)
        {
            user.SetHandle(await FreeHandleAsync(user.DisplayName, user.Email, ct));
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Members whose handle or display name starts with <paramref name="prefix"/> (case-insensitive).</summary>
    public async Task<List<MemberSuggestion>> SuggestAsync(string prefix, int limit, CancellationToken ct = default)
    {
        var lower = prefix.Trim().ToLowerInvariant();
        var handle = Normalize(prefix) ?? "";
        var pattern = LikePrefix(handle);
        var byHandle = await db.Users.AsNoTracking().Where(u => u.Handle != null && EF.Functions.Like(u.Handle, pattern, "\\"))
            .OrderBy(u => u.Handle).Take(limit).Select(u => new MemberSuggestion(u.Id, u.Handle!, u.DisplayName)).ToListAsync(ct);
        if (byHandle.Count >= limit || lower.Length == 0)
        {
            return byHandle;
        }

        var namePattern = LikePrefix(lower);
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(); culture-free on both databases
        var byName = await db.Users.AsNoTracking().Where(u => u.Handle != null && EF.Functions.Like(u.DisplayName.ToLower(), namePattern, "\\"))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id).Take(limit).Select(u => new MemberSuggestion(u.Id, u.Handle!, u.DisplayName)).ToListAsync(ct);
#pragma warning restore CA1304, CA1311, CA1862
        return byHandle.Concat(byName).DistinctBy(s => s.Id).Take(limit).ToList();
    }

    private static string LikePrefix(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private bool TakenLocally(string handle) =>
        db.ChangeTracker.Entries<User>().Any(e => string.Equals(e.Entity.Handle, handle, StringComparison.Ordinal));

    /// <summary>Latin letters without their marks (Nguyễn → nguyen), digits and '_'; null when fewer than three remain.</summary>
    internal static string? Stem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var decomposed = name.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var stem = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                stem.Append(c);
            }
            else if (c is >= 'A' and <= 'Z')
            {
                stem.Append(char.ToLowerInvariant(c));
            }
            else if ((c is ' ' or '_' or '-' or '.') && stem.Length > 0 && stem[^1] != '_')
            {
                stem.Append('_');
            }
        }

        var result = stem.ToString().Trim('_');
        if (result.Length > MaxChars)
        {
            result = result[..MaxChars].TrimEnd('_');
        }

        return result.Length >= MinChars ? result : null;
    }
}
