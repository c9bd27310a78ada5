using System.Globalization;
using Mekong.Text;
using Microsoft.Extensions.Localization;

namespace Mekong.Platform.Localization;

/// <summary>
/// Counts in the interface: <c>L.Plural("{count, plural, one {# member} other {# members}}", n)</c>. The key is the
/// English MessageFormat text (like every key here); each resx translates it with its language's CLDR categories
/// (Chinese, Thai, Vietnamese… write only <c>other</c>). Any positional <c>{0}</c> left in the chosen branch is
/// filled from the extra arguments.
/// </summary>
public static class PluralText
{
    public static string Plural(this IStringLocalizer<UiText> localizer, string key, long count, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var culture = CultureInfo.CurrentUICulture;
        var text = PluralMessage.Format(localizer[key].Value, count, culture);
        return args.Length == 0 ? text : string.Format(culture, text, args);
    }
}
