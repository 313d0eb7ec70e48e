using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Loyalty;
using Portal.Shell;

namespace Portal.Pages.Staff.Loyalty;

/// <summary>What a ledger line says: a localized label, and the data it refers to (an order id or a code, shown left to right).</summary>
public sealed record EntryDescription(string Label, string? Reference = null, string? Note = null);

/// <summary>The staff screens' words for the loyalty domain (tiers, ledger lines, errors), in the reader's language.</summary>
public static class LoyaltyText
{
    // One set of tier names and one reading of a SourceRef, shared with the customer's /loyalty page.
    public static string Tier(IStringLocalizer s, Tier tier) => Portal.Pages.Loyalty.LoyaltyText.TierName(s, tier);

    public static EntryDescription Describe(IStringLocalizer s, PointsEntry entry)
    {
        var (source, reference) = Split(entry.SourceRef);
        return entry.Kind switch
        {
            PointsEntryKind.Earn => new(s["Purchase"], reference),
            PointsEntryKind.Bonus when source == "tier" && Enum.TryParse<Tier>(reference, out var tier) =>
                new(s["Bonus for reaching {0}", Tier(s, tier)]),
            PointsEntryKind.Bonus => new(s["Bonus"]),
            PointsEntryKind.Redeem => new(s["Reward code"], RewardRules.Grouped(reference ?? "")),
            PointsEntryKind.Expire => new(s["Points expired"]),
            PointsEntryKind.Reverse => new(s["Refund of purchase"], reference),
            PointsEntryKind.Adjust => new(s["Adjusted by {0}", entry.ActorName ?? ""], null, entry.Note),
            _ => new(entry.Kind.ToString(), entry.SourceRef),
        };
    }

    public static string AdjustError(IStringLocalizer s, LoyaltyError error, long available) => error switch
    {
        LoyaltyError.ReasonRequired => s["Enter a reason for the change."],
        LoyaltyError.ReasonTooLong => s["The reason can be at most 500 characters."],
        LoyaltyError.InsufficientPoints => s["Not enough points to remove: the customer has {0} available.", s.Plural("{0} points", available)],
        _ => s["Enter a whole number of points other than 0, at most 1,000,000 either way."],
    };

    /// <summary>A moment for staff: the date and time in UTC, which is what the app runs on.</summary>
    public static string When(IStringLocalizer s, DateTime utc) =>
        s["{0} UTC", utc.ToString("g", CultureInfo.CurrentCulture)];

    public static string Day(DateTime utc) => utc.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>
    /// The last day a reward is offered. Its end is stored as the moment it stops (exclusive), so a window the form
    /// saved "until 30 Nov" ends at 1 Dec 00:00 UTC.
    /// </summary>
    public static DateOnly LastDay(DateTime untilUtc) =>
        DateOnly.FromDateTime(untilUtc.TimeOfDay == TimeSpan.Zero ? untilUtc.AddDays(-1) : untilUtc);

    public static string Day(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    private static (string Source, string? Reference) Split(string sourceRef)
    {
        var (source, reference) = Portal.Pages.Loyalty.LoyaltyText.Source(sourceRef);
        return (source, reference.Length == 0 ? null : reference);
    }

    /// <summary>The language of the page, to pick a reward's English or Arabic name.</summary>
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
}
