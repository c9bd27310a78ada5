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
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Platform.Select(l => new CultureInfo(l.Code)).ToList();
            o.DefaultRequestCulture = new RequestCulture("en");
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
