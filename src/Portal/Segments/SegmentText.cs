using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Common;
using Portal.Core.Segments;
using Portal.Shell;

namespace Portal.Segments;

/// <summary>Segments in the reader's language: names, what they mean, their benefits and what moves a customer up.</summary>
public static class SegmentText
{
    public static string SegmentName(this IStringLocalizer s, Segment segment) => segment switch
    {
        Segment.Vip => s["VIP"],
        Segment.Frequent => s["Frequent"],
        Segment.Occasional => s["Occasional"],
        Segment.AtRisk => s["At risk"],
        Segment.Inactive => s["Inactive"],
        _ => s["New"],
    };

    public static string Meaning(this IStringLocalizer s, Segment segment, SegmentOptions o) => segment switch
    {
        Segment.Vip => s["You are among our top customers by spending over the last {0}.", s.Plural("{0} months", o.WindowMonths)],
        Segment.Frequent => s["You shop with us often: {0} or more purchases in the last {1}.", Number(o.FrequentPurchases), s.Plural("{0} days", o.RecentDays)],
        Segment.Occasional => s["You shop with us now and then."],
        Segment.AtRisk => s["You have spent less with us in the last {0} than in the {0} before.", s.Plural("{0} days", o.RecentDays)],
        Segment.Inactive => s["We have not seen you for a while: no purchase in the last {0}.", s.Plural("{0} days", o.InactiveDays)],
        _ => s["You have not made a purchase yet. Your segment appears after your first purchase, and it is worked out again every night."],
    };

    public static IReadOnlyList<string> Benefits(this IStringLocalizer s, Segment segment) => segment switch
    {
        Segment.Vip => [s["Priority help from our support team"], s["Early access to sales"], s["Invitations to members' events"]],
        Segment.Frequent => [s["Offers picked for regular shoppers"], s["Early access to sales"]],
        Segment.Occasional => [s["Member offers by email"], s["Points on every purchase"]],
        Segment.AtRisk => [s["A welcome-back offer on your next visit"], s["Points on every purchase"]],
        Segment.Inactive => [s["A welcome-back offer when you return"]],
        _ => [s["Points from your very first purchase"]],
    };

    public static string Move(this IStringLocalizer s, SegmentMove move, SegmentOptions o, string currency) => move.Kind switch
    {
        MoveKind.FirstPurchase => s["Make your first purchase to get your segment."],
        MoveKind.LeaveInactive => s["One purchase brings you back from Inactive."],
        MoveKind.LeaveAtRisk => s["Spend {0} more within {1} to leave At risk.", MoneyText(move.AmountMinor, currency), s.Plural("{0} days", o.RecentDays)],
        MoveKind.BecomeFrequent => s["Make {0} before {1} to become Frequent.", s.Plural("{0} more purchases", move.Count), LongDate(move.ByUtc!.Value)],
        MoveKind.BecomeVip => s["Spend {0} more in the next {1} to join VIP.", MoneyText(move.AmountMinor, currency), s.Plural("{0} months", o.WindowMonths)],
        _ => "",
    };

    public static string Number(long n) => Shell.Formats.Number(n);

    public static string Decimal(double n, int digits = 1) => n.ToString("N" + digits, CultureInfo.CurrentCulture);

    public static string Percent(double share) => share.ToString("P1", CultureInfo.CurrentCulture);

    public static string MoneyText(long minor, string currency) => Shell.Formats.Money(minor, currency);

    public static string LongDate(DateTime utc) => Shell.Formats.LongDate(utc);

    public static string DateTimeText(this IStringLocalizer s, DateTime utc) => Shell.Formats.Moment(utc);
}
