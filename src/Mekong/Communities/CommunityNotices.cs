using System.Globalization;
using Mekong.Notifications;
using Mekong.Platform.Data;
using Mekong.Platform.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Mekong.Communities;

/// <summary>
/// The in-site notifications of the join queue, each written in its reader's interface language: the owner and
/// moderators hear of a request, the requester of the decision.
/// </summary>
public sealed class CommunityNotices(MekongDb db, Notifier notifier, IStringLocalizer<UiText> text)
{
    public const string JoinRequested = "community.joinRequest";
    public const string JoinAccepted = "community.joinAccepted";
    public const string JoinDeclined = "community.joinDeclined";

    public async Task RequestedAsync(Community community, Guid requesterId, IEnumerable<Guid> moderatorIds, CancellationToken ct = default)
    {
        var requester = await db.Users.Where(u => u.Id == requesterId).Select(u => u.DisplayName).FirstAsync(ct);
        var readers = moderatorIds.ToList();
        var languages = await LanguagesAsync(readers, ct);
        foreach (var reader in readers)
        {
            notifier.Notify(reader, JoinRequested, In(languages.GetValueOrDefault(reader), "{0} asks to join {1}.", requester, community.Name), $"/c/{community.Slug}");
        }
    }

    public async Task DecidedAsync(Community community, Guid requesterId, bool accepted, CancellationToken ct = default)
    {
        var languages = await LanguagesAsync([requesterId], ct);
        var message = accepted ? "Your request to join {0} was accepted." : "Your request to join {0} was declined.";
        notifier.Notify(requesterId, accepted ? JoinAccepted : JoinDeclined, In(languages.GetValueOrDefault(requesterId), message, community.Name), $"/c/{community.Slug}");
    }

    private Task<Dictionary<Guid, string>> LanguagesAsync(List<Guid> userIds, CancellationToken ct) =>
        db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.InterfaceLanguage, ct);

    /// <summary>The text in the reader's language; the resource lookup follows the current UI culture, so switch it briefly.</summary>
    private string In(string? language, string key, params object[] args)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = Culture(language);
            return text[key, args].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static CultureInfo Culture(string? language)
    {
        try
        {
            return string.IsNullOrEmpty(language) ? CultureInfo.GetCultureInfo("en") : CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.GetCultureInfo("en");
        }
    }
}
