using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Accounts;

/// <summary>One member as an administrator sees them.</summary>
public sealed record MemberSummary(
    Guid Id, string DisplayName, string Email, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, bool TwoFactorEnabled, DateTimeOffset? LockoutEnd);

/// <summary>What an administrator may do to members: list them and change their site roles, every change audited.</summary>
public sealed class MemberAdministration(MekongDb db, UserManager<User> users, Audit.AuditLog audit)
{
    public const int MaxQueryChars = 256;

    /// <summary>Members newest first, optionally those whose email or display name contains <paramref name="q"/>.</summary>
    public async Task<Page<MemberSummary>> ListAsync(string? q, Guid? after, int size, CancellationToken ct = default)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var upper = q.Trim().ToUpperInvariant();
            var lower = q.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(); culture-free on both databases
            query = query.Where(u => (u.NormalizedEmail != null && u.NormalizedEmail.Contains(upper)) || u.DisplayName.ToLower().Contains(lower));
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (after is { } a)
        {
            query = query.Where(u => u.Id.CompareTo(a) < 0);
        }

        var rows = await query.OrderByDescending(u => u.Id).Take(size + 1)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.CreatedAt, u.TwoFactorEnabled, u.LockoutEnd })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var roles = await (
                from ur in db.UserRoles
                join r in db.Roles on ur.RoleId equals r.Id
                where ids.Contains(ur.UserId)
                select new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name ?? "");
        var items = rows.Select(r => new MemberSummary(
                r.Id, r.DisplayName, r.Email ?? "", [.. byUser[r.Id].Order(StringComparer.Ordinal)], r.CreatedAt, r.TwoFactorEnabled, r.LockoutEnd))
            .ToList();
        return Cursor.ToPage(items, size, m => m.Id);
    }

    /// <summary>Grants a site role; null when done (or already held), else why not.</summary>
    public async Task<RoleChange> AddRoleAsync(Guid actorId, Guid userId, string role, string? reason)
    {
        if (!Roles.All.Contains(role, StringComparer.Ordinal))
        {
            return RoleChange.UnknownRole;
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return RoleChange.NoSuchUser;
        }

        var before = await RolesOfAsync(user);
        if (!before.Contains(role, StringComparer.Ordinal))
        {
            await users.AddToRoleAsync(user, role);
            await audit.AppendAsync(actorId, "role.add", $"user:{userId}", Reason(reason, role), new { roles = before }, new { roles = await RolesOfAsync(user) });
        }

        return RoleChange.Done;
    }

    public async Task<RoleChange> RemoveRoleAsync(Guid actorId, Guid userId, string role, string? reason)
    {
        if (!Roles.All.Contains(role, StringComparer.Ordinal))
        {
            return RoleChange.UnknownRole;
        }

        if (role == Roles.Member)
        {
            return RoleChange.MemberRoleIsPermanent;
        }

        if (role == Roles.Admin && userId == actorId)
        {
            return RoleChange.OwnAdminRole;
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return RoleChange.NoSuchUser;
        }

        var before = await RolesOfAsync(user);
        if (before.Contains(role, StringComparer.Ordinal))
        {
            await users.RemoveFromRoleAsync(user, role);
            await audit.AppendAsync(actorId, "role.remove", $"user:{userId}", Reason(reason, role), new { roles = before }, new { roles = await RolesOfAsync(user) });
        }

        return RoleChange.Done;
    }

    public static string Explain(RoleChange change) => change switch
    {
        RoleChange.UnknownRole => $"Not a role; use one of {string.Join(", ", Roles.All)}.",
        RoleChange.MemberRoleIsPermanent => "Every account is a member; suspend or erase the account instead.",
        RoleChange.OwnAdminRole => "An admin cannot remove their own admin role; ask another admin.",
        RoleChange.NoSuchUser => "No user has that id.",
        _ => "",
    };

    private static string Reason(string? reason, string role)
    {
        var text = (reason ?? "").Replace("\0", "", StringComparison.Ordinal).Trim().Normalize(System.Text.NormalizationForm.FormC);
        return text.Length == 0 ? role : text.Length > 2000 ? text[..2000] : text;
    }

    private async Task<List<string>> RolesOfAsync(User user) => [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)];
}

public enum RoleChange
{
    Done,
    UnknownRole,
    MemberRoleIsPermanent,
    OwnAdminRole,
    NoSuchUser,
}
