using System.Globalization;
using Mekong.Platform.Localization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace Mekong.Display;

/// <summary>
/// <c>&lt;time at="@value"&gt;&lt;/time&gt;</c> becomes <c>&lt;time datetime="2026-12-07T12:15:00Z" title="exact time (zone)"&gt;3 hours ago&lt;/time&gt;</c>:
/// machine-readable, relative in the reader's language, exact in the reader's time zone on hover.
/// </summary>
/// <remarks>
/// A thread of fifty comments has a hundred of these: the reader's zone, the clock and the strings are looked up once
/// per request (kept in the request's items), not resolved from the container for every element.
/// </remarks>
[HtmlTargetElement("time", Attributes = "at")]
public sealed class TimeTagHelper : TagHelper
{
    private static readonly object Key = new();

    public DateTimeOffset? At { get; set; }

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.Attributes.RemoveAll("at");
        if (At is not { } at)
        {
            output.SuppressOutput();
            return;
        }

        var items = ViewContext.HttpContext.Items;
        if (items[Key] is not Reader reader)
        {
            var services = ViewContext.HttpContext.RequestServices;
            items[Key] = reader = new Reader(
                services.GetRequiredService<ReaderDisplay>().TimeZone,
                services.GetRequiredService<TimeProvider>().GetUtcNow(),
                services.GetRequiredService<IStringLocalizer<UiText>>());
        }

        var culture = CultureInfo.CurrentCulture;
        output.Attributes.SetAttribute("datetime", RelativeTime.Iso(at));
        output.Attributes.SetAttribute("title", RelativeTime.Exact(at, reader.Zone, culture));
        output.Content.SetContent(RelativeTime.Text(at, reader.Now, reader.Zone, culture, reader.Text));
    }

    /// <summary>One page's view of time: every relative time on it counts from the same moment.</summary>
    private sealed record Reader(TimeZoneInfo Zone, DateTimeOffset Now, IStringLocalizer<UiText> Text);
}
