using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Common;

namespace Portal.Shell;

public static class PluralExtensions
{
    /// <summary>
    /// "{0} points" in the right CLDR form: looks up "<paramref name="key"/>.one", ".few", … for the
    /// current language and formats the number for the culture.
    /// </summary>
    public static LocalizedString Plural(this IStringLocalizer localizer, string key, long count)
    {
        var culture = CultureInfo.CurrentUICulture;
        var category = PluralRules.Select(culture.TwoLetterISOLanguageName, count);
        var formatted = count.ToString("N0", CultureInfo.CurrentCulture);
        var text = localizer[$"{key}.{category.ToString().ToLowerInvariant()}", formatted];
        return text.ResourceNotFound ? localizer[$"{key}.other", formatted] : text;
    }

    /// <summary>A whole sentence that agrees with <paramref name="count"/> ("{0} points expire on {1}"), with more arguments.</summary>
    public static LocalizedString Plural(this IStringLocalizer localizer, string key, long count, params object[] more)
    {
        var culture = CultureInfo.CurrentUICulture;
        var category = PluralRules.Select(culture.TwoLetterISOLanguageName, count);
        object[] args = [count.ToString("N0", CultureInfo.CurrentCulture), .. more];
        var text = localizer[$"{key}.{category.ToString().ToLowerInvariant()}", args];
        return text.ResourceNotFound ? localizer[$"{key}.other", args] : text;
    }
}
