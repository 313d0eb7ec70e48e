using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Chat;

namespace Portal.Chat;

/// <summary>Chat's opening hours in words: in the schedule's own zone, named, since the reader may be elsewhere.</summary>
public static class SupportHoursText
{
    /// <summary>"Live chat is closed. It opens on Sunday at 09:00 Riyadh time."</summary>
    public static string ClosedUntil(this IStringLocalizer s, SupportHours hours, DateTimeOffset opens) =>
        s["Live chat is closed. It opens on {0} at {1} {2}.", opens.ToString("dddd", CultureInfo.CurrentCulture),
            opens.ToString("HH:mm", CultureInfo.CurrentCulture), s.ZoneName(hours.TimeZone)];

    /// <summary>"Riyadh time" / "بتوقيت الرياض"; a zone without its own words is named by its city.</summary>
    public static string ZoneName(this IStringLocalizer s, string? zoneId)
    {
        var id = string.IsNullOrWhiteSpace(zoneId) || zoneId is "Etc/UTC" ? "UTC" : zoneId;
        // Keys "Time zone Asia/Riyadh", "Time zone UTC"…: zones with words of their own.
        var key = "Time zone " + id;
        var named = s[key];
        if (!named.ResourceNotFound) return named;
        return s["{0} time", id[(id.LastIndexOf('/') + 1)..].Replace('_', ' ')];
    }
}
