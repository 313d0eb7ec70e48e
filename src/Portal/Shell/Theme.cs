using Microsoft.AspNetCore.Http;

namespace Portal.Shell;

public enum ThemeChoice { System, Light, Dark }

public static class Theme
{
    public const string CookieName = ".Portal.Theme";

    public static ThemeChoice Current(HttpContext context) =>
        Enum.TryParse<ThemeChoice>(context.Request.Cookies[CookieName], ignoreCase: true, out var t) ? t : ThemeChoice.System;

    /// <summary>The class on &lt;html&gt;: the server decides, so the first paint is right.</summary>
    public static string HtmlClass(ThemeChoice choice) => choice switch
    {
        ThemeChoice.Dark => "dark",
        ThemeChoice.Light => "light",
        _ => "theme-system",
    };

    public static void Remember(HttpResponse response, ThemeChoice choice) =>
        response.Cookies.Append(CookieName, choice.ToString().ToLowerInvariant(), Preferences.CookieOptions());
}
