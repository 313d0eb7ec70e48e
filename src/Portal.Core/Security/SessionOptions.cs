namespace Portal.Core.Security;

/// <summary>Config section "Sessions".</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>A browser left alone this long is signed out (the auth cookie slides with use).</summary>
    public TimeSpan BrowserIdleTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>However active, a browser signs in again after this.</summary>
    public TimeSpan BrowserLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>An app that has not refreshed its token for this long is signed out.</summary>
    public TimeSpan AppIdleTimeout { get; set; } = TimeSpan.FromDays(14);

    /// <summary>However active, an app signs in again after this.</summary>
    public TimeSpan AppLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Last seen is written at most this often per session (every request reads; few write).</summary>
    public TimeSpan LastSeenResolution { get; set; } = TimeSpan.FromMinutes(1);
}
