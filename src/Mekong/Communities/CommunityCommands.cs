using System.Text.RegularExpressions;
using Mekong.Platform;
using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Communities;

/// <summary>Founding, joining and leaving communities: the rules shared by the API and the pages.</summary>
public sealed partial class CommunityCommands(MekongDb db, TimeProvider clock)
{
    public async Task<Community?> FoundAsync(
        string? slugInput, string? nameInput, string? descriptionInput, CommunityKind? kind, CommunityVisibility? visibility, string? languageInput,
        Guid ownerId, Errors errors)
    {
        var name = errors.Required("name", nameInput, Limits.CommunityNameChars);
        var description = errors.Optional("description", descriptionInput, Limits.CommunityDescriptionChars);
        var language = errors.Language("language", languageInput, Languages.Undetermined);
        if (kind is null)
        {
            errors.Add("kind", "Required: interestClub, hometownAssociation, universityExchange, industryGroup, diasporaNetwork or culturalOrganization.");
        }

        var slug = string.IsNullOrWhiteSpace(slugInput) ? SlugFrom(name ?? "") : slugInput.Trim().ToLowerInvariant();
        if (!SlugPattern().IsMatch(slug))
        {
            errors.Add("slug", $"Use 3 to {Limits.SlugChars} of a–z, 0–9 and inner hyphens.");
        }
        else if (await db.Communities.AnyAsync(c => c.Slug == slug))
        {
            errors.Add("slug", $"'{slug}' is taken.");
        }

        if (errors.Any)
        {
            return null;
        }

        var community = new Community(slug, name!, description, kind!.Value, visibility ?? CommunityVisibility.Public, language, ownerId, clock.GetUtcNow());
        db.Communities.Add(community);
        await db.SaveChangesAsync();
        return community;
    }

    /// <summary>Joins if not yet a member; joining twice changes nothing.</summary>
    public async Task<MemberRole> JoinAsync(CommunityAccess access, Guid userId)
    {
        if (access.Role is { } role)
        {
            return role;
        }

        access.Community.Join(userId, clock.GetUtcNow());
        await db.SaveChangesAsync();
        return MemberRole.Member;
    }

    /// <summary>Leaves the community; false when the member is its owner, who cannot leave.</summary>
    public async Task<bool> LeaveAsync(CommunityAccess access, Guid userId)
    {
        if (access.Role == MemberRole.Owner)
        {
            return false;
        }

        if (access.Role is not null)
        {
            var communityId = access.Community.Id;
            db.Memberships.Remove(await db.Memberships.SingleAsync(m => m.CommunityId == communityId && m.UserId == userId));
            access.Community.Left();
            await db.SaveChangesAsync();
        }

        return true;
    }

    /// <summary>An ASCII address from a name; names in other scripts get a short unique one instead.</summary>
    internal static string SlugFrom(string name)
    {
        var ascii = NonSlug().Replace(name.ToLowerInvariant(), "-").Trim('-');
        if (ascii.Length > Limits.SlugChars)
        {
            ascii = ascii[..Limits.SlugChars].TrimEnd('-');
        }

        return ascii.Length >= 3 ? ascii : "c-" + Guid.CreateVersion7().ToString("N")[^10..];
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
