using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Analytics;
using Portal.Shell;

namespace Portal.Analytics;

/// <summary>Figures of the dashboard in the reader's culture, and the machine values charts read (invariant).</summary>
public static class AnalyticsText
{
    public static string Money(long minor, string currency) => Formats.Money(minor, currency);

    /// <summary>Major units, invariant ("1250.5"): what a chart reads from a table cell's data-value.</summary>
    public static string ChartValue(long minor, string currency)
    {
        var exponent = Core.Common.Money.CurrencyExponent(currency);
        return ((decimal)minor / (decimal)Math.Pow(10, exponent)).ToString(CultureInfo.InvariantCulture);
    }

    public static string Month(DateTime month) => month.ToString("MMM yyyy", CultureInfo.CurrentCulture);

    public static string Share(double share) => (share * 100).ToString("0", CultureInfo.CurrentCulture) + "%";

    public static string Date(DateTime utc) => Formats.Date(utc);

    public static string IsoDate(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Number(long n) => Formats.Number(n);

    public static string Name(this IStringLocalizer s, EngagementComponentKind kind) => kind switch
    {
        EngagementComponentKind.Recency => s["Recent purchases"],
        EngagementComponentKind.Frequency => s["Purchase frequency"],
        EngagementComponentKind.SignIns => s["Sign-ins"],
        EngagementComponentKind.Referrals => s["Referrals"],
        _ => s["Rewards redeemed"],
    };

    /// <summary>What was measured, in words: "12 days since your last purchase", "4 sign-ins in 90 days".</summary>
    public static string Explain(this IStringLocalizer s, EngagementComponent c) => c.Kind switch
    {
        EngagementComponentKind.Recency => c.Measure is { } days
            ? s.Plural("{0} days since your last purchase", days).ToString()
            : s["No purchases yet"],
        EngagementComponentKind.Frequency => s.Plural("{0} purchases in the last 12 months", c.Measure ?? 0).ToString(),
        EngagementComponentKind.SignIns => s.Plural("{0} sign-ins in the last 90 days", c.Measure ?? 0).ToString(),
        EngagementComponentKind.Referrals => c.Counted
            ? s.Plural("{0} friends rewarded in the last 12 months", c.Measure ?? 0).ToString()
            : s["Not counted yet: referrals are coming soon."],
        _ => s.Plural("{0} rewards redeemed in the last 12 months", c.Measure ?? 0).ToString(),
    };

    public static string Points(double points) => Math.Round(points, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.CurrentCulture);
}
