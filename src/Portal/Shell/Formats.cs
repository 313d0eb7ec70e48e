using System.Globalization;

namespace Portal.Shell;

/// <summary>The portal's one way to show numbers, dates and money in the reader's culture; section helpers call these.</summary>
public static class Formats
{
    public static string Number(long n) => n.ToString("N0", CultureInfo.CurrentCulture);

    public static string Date(DateTime utc) => utc.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    public static string LongDate(DateTime utc) => utc.ToString("d MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>A calendar date that is already local (a birthday, a reward's last day).</summary>
    public static string LongDate(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.CurrentCulture);

    public static string Money(long minor, string currency) => Core.Common.Money.Of(minor, currency).Format(CultureInfo.CurrentCulture);
}
