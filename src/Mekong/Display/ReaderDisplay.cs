using Mekong.Platform.Data;
using Mekong.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Display;

/// <summary>
/// How the person reading this request sees the site: their time zone and theme. A member's come from their settings
/// (read once per request, only when a page asks); a visitor gets the site's zone (UTC) and the theme cookie.
/// </summary>
public sealed class ReaderDisplay(IHttpContextAccessor accessor, MekongDb db)
{
    private (string TimeZone, string Theme)? _member;
    private bool _loaded;

    public TimeZoneInfo TimeZone => TimeZones.Find(Member()?.TimeZone);

    public string Theme
    {
        get
        {
            if (Member() is { } member)
            {
                return member.Theme;
            }

            var cookie = accessor.HttpContext?.Request.Cookies[Themes.CookieName];
            return Themes.Canonical(cookie) ?? Themes.System;
        }
    }

    private (string TimeZone, string Theme)? Member()
    {
        if (!_loaded)
        {
            _loaded = true;
            if (accessor.HttpContext?.User.Id() is { } id)
            {
                _member = db.Users.AsNoTracking().Where(u => u.Id == id)
                    .Select(u => new { u.TimeZone, u.Theme }).AsEnumerable()
                    .Select(u => ((string, string)?)(u.TimeZone, u.Theme)).FirstOrDefault();
            }
        }

        return _member;
    }
}
