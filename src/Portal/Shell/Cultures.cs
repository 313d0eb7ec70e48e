using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Portal.Core.Customers;

namespace Portal.Shell;

public static class Cultures
{
    public const string CookieName = ".Portal.Culture";
    public const string PreferredLanguageClaim = "pref_lang";

    public static readonly CultureInfo English = Make(Languages.English);
    public static readonly CultureInfo Arabic = Make(Languages.Arabic);
    public static readonly IList<CultureInfo> Supported = [English, Arabic];

    /// <summary>Arabic dates stay Gregorian: ar-SA's default Umm al-Qura calendar would move birthdays.</summary>
    private static CultureInfo Make(string name)
    {
        var culture = new CultureInfo(name);
        if (culture.DateTimeFormat.Calendar is not GregorianCalendar)
            culture.DateTimeFormat.Calendar = new GregorianCalendar();
        if (culture.TextInfo.IsRightToLeft)
        {
            // .NET prints Latin digits; CLDR pairs those with Latin separators in Arabic ("1,500.25", not "1٬500٫25").
            var n = culture.NumberFormat;
            n.NumberGroupSeparator = n.CurrencyGroupSeparator = n.PercentGroupSeparator = ",";
            n.NumberDecimalSeparator = n.CurrencyDecimalSeparator = n.PercentDecimalSeparator = ".";
        }
        return CultureInfo.ReadOnly(culture);
    }

    public static CultureInfo For(string? language) => language == Languages.Arabic ? Arabic : English;

    /// <summary>?culture=, then the switcher's cookie, then the signed-in user's language, then Accept-Language.</summary>
    public static void Configure(RequestLocalizationOptions options)
    {
        options.DefaultRequestCulture = new RequestCulture(English);
        options.SupportedCultures = Supported;
        options.SupportedUICultures = Supported;
        options.FallBackToParentCultures = true;
        options.FallBackToParentUICultures = true;
        options.RequestCultureProviders =
        [
            new QueryStringRequestCultureProvider { QueryStringKey = "culture", UIQueryStringKey = "culture" },
            new CookieRequestCultureProvider { CookieName = CookieName },
            new CustomRequestCultureProvider(ctx =>
            {
                var lang = ctx.User.FindFirst(PreferredLanguageClaim)?.Value;
                return Task.FromResult(Languages.IsSupported(lang) ? new ProviderCultureResult(lang) : null);
            }),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
    }

    public static string CookieValue(string language) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language));

    /// <summary>"rtl" or "ltr" for the current UI culture.</summary>
    public static string Dir => CultureInfo.CurrentUICulture.TextInfo.IsRightToLeft ? "rtl" : "ltr";

    public static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
}
