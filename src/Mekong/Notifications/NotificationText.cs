using System.Globalization;
using Mekong.Accounts;
using Mekong.Platform.Localization;
using Microsoft.Extensions.Localization;

namespace Mekong.Notifications;

/// <summary>
/// The one place a notification becomes words: its kind and parameters, in the interface language of the current
/// UI culture (the reader's). Rows stored before notifications kept parameters carry their old text as "text".
/// </summary>
public sealed class NotificationText(IStringLocalizer<UiText> text)
{
    public string Render(string kind, IReadOnlyDictionary<string, string> args)
    {
        string Arg(string name) => args.TryGetValue(name, out var value) ? value : "";
        string Actor() => args.TryGetValue("actor", out var a) && a.Length > 0 ? a : text["Someone"].Value;

        return kind switch
        {
            NotificationKinds.ReplyToPost => text["{0} commented on your post “{1}”.", Actor(), Arg("post")],
            NotificationKinds.ReplyToComment => text["{0} replied to your comment on “{1}”.", Actor(), Arg("post")],
            NotificationKinds.Mention => text["{0} mentioned you in “{1}”.", Actor(), Arg("post")],
            NotificationKinds.FollowedPostComment => text["{0} commented on “{1}”, a post you follow.", Actor(), Arg("post")],
            NotificationKinds.JoinRequested => text["{0} asks to join {1}.", Actor(), Arg("community")],
            NotificationKinds.JoinAccepted => text["Your request to join {0} was accepted.", Arg("community")],
            NotificationKinds.JoinDeclined => text["Your request to join {0} was declined.", Arg("community")],
            NotificationKinds.RegistrationAttempt => text[Registration.AttemptNotificationText],
            NotificationKinds.ModerationDecision when args.ContainsKey("action") => Decision(Arg("action"), Arg("rule"), Arg("days")),
            NotificationKinds.ModerationAppeal when args.ContainsKey("outcome") => string.Equals(Arg("outcome"), "accepted", StringComparison.Ordinal)
                ? text["Your appeal was accepted: {0}", Arg("note")]
                : text["Your appeal was declined: {0}", Arg("note")],
            _ => args.TryGetValue("text", out var stored) ? stored : kind,
        };
    }

    /// <summary>Renders in <paramref name="language"/> (a member's interface language), e.g. for e-mail sent outside a request.</summary>
    public string RenderIn(string? language, string kind, IReadOnlyDictionary<string, string> args) => In(language, () => Render(kind, args));

    /// <summary>Runs <paramref name="render"/> with the UI culture of <paramref name="language"/>, then restores it.</summary>
    public static T In<T>(string? language, Func<T> render)
    {
        var previous = CultureInfo.CurrentUICulture;
        var previousCulture = CultureInfo.CurrentCulture;
        try
        {
            var culture = CultureInfo.GetCultureInfo(Platform.Languages.Canonical(language) ?? "en");
            CultureInfo.CurrentUICulture = culture;
            CultureInfo.CurrentCulture = culture;
            return render();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
            CultureInfo.CurrentCulture = previousCulture;
        }
    }

    /// <summary>The badge's accessible name: "3 unread notifications".</summary>
    public string Unread(int count) => count == 1
        ? text["1 unread notification"].Value
        : text["{0} unread notifications", count.ToString(CultureInfo.CurrentCulture)].Value;

    private string Decision(string action, string rule, string days)
    {
        var what = action switch
        {
            "approve" => text["Your content was reviewed and approved."].Value,
            "editAndApprove" => text["A moderator edited your content before approving it. Rule: {0}", rule].Value,
            "remove" => text["Your content was removed. Rule: {0}", rule].Value,
            "warn" => text["Warning — your content was removed. Rule: {0}", rule].Value,
            "silence" => text["You are silenced for {0} days and your content was removed. Rule: {1}", days, rule].Value,
            _ => text["Your account is suspended and your content was removed. Rule: {0}", rule].Value,
        };
        return action == "approve" ? what : what + " " + text["You may appeal once; see the community guidelines."].Value;
    }
}
