using System.Globalization;
using Mekong.Accounts;
using Microsoft.AspNetCore.Localization;

namespace Mekong.Platform.Localization;

public static class LocalizationModule
{
    public const string CookieName = ".mekong.culture";

    public static WebApplicationBuilder AddInterfaceLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizer<UiText>, UiTextLocalizer>(); // lock-free reads (UiTextLocalizer)
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            // Read-only and with their formats built once: the middleware hands a read-only culture to each request as
            // it is (a writable one it would copy, and each copy would build its number and date formats again).
            var cultures = Languages.Platform.Select(l => CultureInfo.ReadOnly(new CultureInfo(l.Code))).ToList();
            foreach (var culture in cultures)
            {
                _ = (culture.NumberFormat, culture.DateTimeFormat, culture.CompareInfo, culture.TextInfo);
            }

            o.DefaultRequestCulture = new RequestCulture(cultures.First(c => c.Name == "en"));
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;

            // The member's saved setting wins; then the switcher's cookie (for visitors); then the browser.
            o.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(ctx => Task.FromResult(FromUserSetting(ctx))),
                new CookieRequestCultureProvider { CookieName = CookieName },
                new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 },
            ];
        });
        return builder;
    }

    public static string CookieValue(string culture) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));

    private static ProviderCultureResult? FromUserSetting(HttpContext context)
    {
        var language = context.User.FindFirst(AccountClaims.InterfaceLanguage)?.Value;
        return string.IsNullOrEmpty(language) ? null : new ProviderCultureResult(language);
    }
}
