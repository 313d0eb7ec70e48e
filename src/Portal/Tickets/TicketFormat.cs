using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;
using Portal.Shell;

namespace Portal.Tickets;

/// <summary>Times and durations on ticket pages, in the reader's language.</summary>
public static class TicketFormat
{
    /// <summary>"3 days", "5 hours", "12 minutes" (counted nouns through the plural helper).</summary>
    public static string Duration(this IStringLocalizer s, TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1)) return s["less than a minute"];
        if (span.TotalHours < 1) return s.Plural("{0} minutes", (long)span.TotalMinutes);
        if (span.TotalDays < 1) return s.Plural("{0} hours", (long)span.TotalHours);
        return s.Plural("{0} days", (long)span.TotalDays);
    }

    /// <summary>A &lt;time&gt; with the machine-readable UTC instant and the culture's short date and time.</summary>
    public static IHtmlContent Time(DateTime utc, string? id = null)
    {
        var text = System.Net.WebUtility.HtmlEncode(Shell.Formats.Moment(utc));
        var idAttr = id is null ? "" : $" id=\"{id}\"";
        return new HtmlString($"<time datetime=\"{utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\"{idAttr}>{text}</time>");
    }

    public static string FileSize(long bytes) =>
        bytes < 1024 * 1024
            ? (Math.Max(1, bytes / 1024)).ToString("N0", CultureInfo.CurrentCulture) + " KB"
            : (bytes / (1024.0 * 1024)).ToString("N1", CultureInfo.CurrentCulture) + " MB";
}
