using System.Globalization;

namespace Portal.Shell;

/// <summary>
/// The portal's one way to show numbers, dates, times and money: in the reader's culture and in the reader's time
/// zone (their own, else the business's), which <see cref="ViewerTimeZone"/> sets per request. Section helpers call these.
/// </summary>
public static class Formats
{
    private static readonly AsyncLocal<TimeZoneInfo?> CurrentZone = new();

    /// <summary>The business's zone, the default for everyone who has not chosen one (set at start-up).</summary>
    public static TimeZoneInfo BusinessZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>The zone times are shown in for this request.</summary>
    public static TimeZoneInfo Zone
    {
        get => CurrentZone.Value ?? BusinessZone;
        set => CurrentZone.Value = value;
    }

    public static string Number(long n) => n.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A stored UTC moment as the reader's local time.</summary>
    public static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>"4 Dec 2026" (the reader's local day).</summary>
    public static string Date(DateTime utc) => Local(utc).ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>"4 December 2026".</summary>
    public static string LongDate(DateTime utc) => Local(utc).ToString("d MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>"4 Dec 2026, 14:05": a moment, in the reader's zone and 24-hour time in both languages.</summary>
    public static string Moment(DateTime utc) => Local(utc).ToString("d MMM yyyy, HH:mm", CultureInfo.CurrentCulture);

    /// <summary>"14:05".</summary>
    public static string Time(DateTime utc) => Local(utc).ToString("HH:mm", CultureInfo.CurrentCulture);

    /// <summary>A calendar date that is already local (a birthday, a reward's last day).</summary>
    public static string LongDate(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.CurrentCulture);

    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>The machine-readable form for &lt;time datetime&gt;.</summary>
    public static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Money(long minor, string currency) => Core.Common.Money.Of(minor, currency).Format(CultureInfo.CurrentCulture);

    /// <summary>Money rounded to whole units, for estimates ("≈ SAR 83").</summary>
    public static string WholeMoney(long minor, string currency)
    {
        var culture = CultureInfo.CurrentCulture;
        var money = Core.Common.Money.Of(minor, currency);
        var whole = money.WholeUnits.ToString("N0", culture);
        var symbol = Core.Common.Money.CurrencySymbol(currency, culture);
        return culture.TextInfo.IsRightToLeft ? $"{whole} {symbol}" : $"{symbol} {whole}";
    }
}
