using System.Globalization;
using Mekong.Platform.Localization;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace Mekong.Display;

/// <summary>
/// <c>&lt;time at="@value"&gt;&lt;/time&gt;</c> becomes <c>&lt;time datetime="2026-12-07T12:15:00Z" title="exact time (zone)"&gt;3 hours ago&lt;/time&gt;</c>:
/// machine-readable, relative in the reader's language, exact in the reader's time zone on hover.
/// </summary>
[HtmlTargetElement("time", Attributes = "at")]
public sealed class TimeTagHelper(ReaderDisplay reader, TimeProvider clock, IStringLocalizer<UiText> l) : TagHelper
{
    public DateTimeOffset? At { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.Attributes.RemoveAll("at");
        if (At is not { } at)
        {
            output.SuppressOutput();
            return;
        }

        var culture = CultureInfo.CurrentCulture;
        var zone = reader.TimeZone;
        output.Attributes.SetAttribute("datetime", RelativeTime.Iso(at));
        output.Attributes.SetAttribute("title", RelativeTime.Exact(at, zone, culture));
        output.Content.SetContent(RelativeTime.Text(at, clock.GetUtcNow(), zone, culture, l));
    }
}
