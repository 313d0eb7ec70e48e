namespace Portal.Core.Security;

/// <summary>A browser (or app) and operating system read from a User-Agent; null where it could not be told.</summary>
public readonly record struct DeviceName(string? Browser, string? System);

/// <summary>
/// A readable name for a User-Agent: enough to tell "Chrome on Windows" from "Safari on iPhone", not a full parser.
/// Order matters: Edge and Opera say Chrome too, Chrome says Safari too.
/// </summary>
public static class UserAgents
{
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("EdgA/", "Edge"), ("EdgiOS/", "Edge"), ("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
        ("FxiOS/", "Firefox"), ("Firefox/", "Firefox"), ("CriOS/", "Chrome"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
        ("Version/", "Safari"), ("Safari/", "Safari"), ("okhttp/", "Android app"), ("Dart/", "App"), ("CFNetwork/", "iOS app"),
    ];

    private static readonly (string Token, string Name)[] Systems =
    [
        ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("CrOS", "ChromeOS"), ("Windows", "Windows"),
        ("Macintosh", "macOS"), ("Mac OS X", "macOS"), ("Darwin", "iOS"), ("Linux", "Linux"),
    ];

    public static DeviceName Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return default;
        string? browser = null, system = null;
        foreach (var (token, name) in Browsers)
            if (userAgent.Contains(token, StringComparison.Ordinal)) { browser = name; break; }
        foreach (var (token, name) in Systems)
            if (userAgent.Contains(token, StringComparison.Ordinal)) { system = name; break; }
        // A desktop Safari token without an Apple system is some other WebKit browser.
        if (browser == "Safari" && system is not ("macOS" or "iPhone" or "iPad" or "iOS")) browser = null;
        return new DeviceName(browser, system);
    }
}
