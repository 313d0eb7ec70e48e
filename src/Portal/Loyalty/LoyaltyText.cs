using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Core.Common;
using Portal.Core.Loyalty;
using Portal.Shell;
using Codes = Portal.Shell.Api.ApiProblems.Codes;

namespace Portal.Loyalty;

/// <summary>The loyalty programme in the reader's language: tier names, benefits and what ledger entries mean.</summary>
public static class LoyaltyText
{
    public static string TierName(this IStringLocalizer s, Tier tier) => tier switch
    {
        Tier.Bronze => s["Bronze"],
        Tier.Silver => s["Silver"],
        Tier.Gold => s["Gold"],
        Tier.Platinum => s["Platinum"],
        _ => tier.ToString(),
    };

    /// <summary>
    /// The tier's name inside a sentence. Arabic tier names are adjectives of "المستوى" (the tier), so a sentence
    /// needs the definite form ("المستوى الذهبي", "مستواك الفضي"), never the bare label ("ذهبي").
    /// </summary>
    public static string TierInSentence(this IStringLocalizer s, Tier tier) => s[$"Tier.{tier}.InSentence"];

    /// <summary>"Gold" in English, "المستوى الذهبي" in Arabic: a tier as a noun in a list.</summary>
    public static string TierNoun(this IStringLocalizer s, Tier tier) => s["the {0} tier", s.TierInSentence(tier)];

    public static string ProgressTo(this IStringLocalizer s, Tier tier) => s["Progress to {0}", s.TierInSentence(tier)];

    public static string YourBenefits(this IStringLocalizer s, Tier tier) => s["Your {0} benefits", s.TierInSentence(tier)];

    public static string MoreToReach(this IStringLocalizer s, long points, Tier tier) =>
        s["{0} to reach {1}", s.Plural("{0} more points", points), s.TierInSentence(tier)];

    public static string KeepTier(this IStringLocalizer s, TierWarning warning) =>
        s["Earn {0} by {1} to keep {2}.", s.Plural("{0} more points", warning.PointsNeeded), Formats.LongDate(warning.ByUtc), s.TierInSentence(warning.Tier)];

    /// <summary>"Spend SAR 1,240 more by 30 March 2027 to reach Gold." (without a date when the amount never grows).</summary>
    public static string SpendToReach(this IStringLocalizer s, LoyaltySummary summary, string currency) =>
        summary.NextTier is not { } next ? ""
        : summary.NextTierByUtc is { } by
            ? s["Spend {0} more by {1} to reach {2}.", Isolate(Formats.WholeMoney(summary.SpendToNextTierMinor, currency)), Formats.LongDate(by), s.TierInSentence(next.Tier)]
            : s["Spend {0} more to reach {1}.", Isolate(Formats.WholeMoney(summary.SpendToNextTierMinor, currency)), s.TierInSentence(next.Tier)];

    public static string TierBonus(this IStringLocalizer s, Tier tier) => s["Bonus for reaching {0}", s.TierInSentence(tier)];

    public static string ForMembersAndAbove(this IStringLocalizer s, Tier tier) => s["For {0} members and above", s.TierInSentence(tier)];

    public static string MembersAndAboveSentence(this IStringLocalizer s, Tier tier) => s["This reward is for {0} members and above.", s.TierInSentence(tier)];

    public static string AndAbove(this IStringLocalizer s, Tier tier) => s["{0} tier and above", s.TierInSentence(tier)];

    public static string Member(this IStringLocalizer s, Tier tier) => s["{0} member", s.TierInSentence(tier)];

    public static string WelcomeToTier(this IStringLocalizer s, Tier tier) => s["Welcome to the {0} tier", s.TierInSentence(tier)];

    public static string TierIsNow(this IStringLocalizer s, Tier tier) => s["Your tier is now the {0} tier", s.TierInSentence(tier)];

    public static string MemberOffer(this IStringLocalizer s, Tier tier) => s["A {0} tier member offer", s.TierInSentence(tier)];

    /// <summary>Every sentence a tier is put into, so a test can read each one in each language.</summary>
    public static IEnumerable<string> TierSentences(this IStringLocalizer s, Tier tier)
    {
        yield return s.TierNoun(tier);
        yield return s.ProgressTo(tier);
        yield return s.YourBenefits(tier);
        yield return s.MoreToReach(120, tier);
        yield return s.KeepTier(new TierWarning(tier, 120, new DateTime(2027, 3, 30, 0, 0, 0, DateTimeKind.Utc)));
        yield return s.TierBonus(tier);
        yield return s.ForMembersAndAbove(tier);
        yield return s.MembersAndAboveSentence(tier);
        yield return s.AndAbove(tier);
        yield return s.Member(tier);
        yield return s.WelcomeToTier(tier);
        yield return s.TierIsNow(tier);
        yield return s.MemberOffer(tier);
        yield return s.RedeemProblem(LoyaltyError.TierTooLow, 0, tier).Text;
    }

    /// <summary>A way to earn besides shopping, as "ways to earn" lists it.</summary>
    public static string WayToEarn(this IStringLocalizer s, EarnBonus bonus) => bonus.Kind switch
    {
        EarnBonusKind.SignUp => s["Join the programme: {0}, once.", Ltr(SignedPoints(bonus.Points))],
        _ => s["Complete your profile (name, phone and birthday): {0}, once.", Ltr(SignedPoints(bonus.Points))],
    };

    /// <summary>Points per whole riyal at this tier, e.g. "1.25".</summary>
    public static string EarnRate(LoyaltyOptions options, TierDefinition tier) =>
        (options.PointsPerCurrencyUnit * tier.Multiplier).ToString("0.##", CultureInfo.CurrentCulture);

    /// <summary>"1 point per riyal", "1.25 points per riyal": whole rates agree through the plural helper.</summary>
    public static string PerRiyal(this IStringLocalizer s, LoyaltyOptions options, TierDefinition tier) => Rate(s, "{0} points per riyal", options, tier);

    public static string EarnPerRiyal(this IStringLocalizer s, LoyaltyOptions options, TierDefinition tier) => Rate(s, "Earn {0} points per riyal", options, tier);

    private static string Rate(IStringLocalizer s, string key, LoyaltyOptions options, TierDefinition tier)
    {
        var rate = options.PointsPerCurrencyUnit * tier.Multiplier;
        return rate == decimal.Truncate(rate) ? s.Plural(key, (long)rate) : s[key, EarnRate(options, tier)];
    }

    /// <summary>"×1.5", isolated left to right so the sign stays before the number inside Arabic text.</summary>
    public static string Multiplier(TierDefinition tier) =>
        Ltr("×" + tier.Multiplier.ToString("0.##", CultureInfo.CurrentCulture));

    /// <summary>A first-strong isolate (U+2068 … U+2069): text of either direction kept whole inside a sentence.</summary>
    public static string Isolate(string text) => Bidi.Isolate(text);

    /// <summary>Wraps a number with its sign in a left-to-right isolate (U+2066 … U+2069) for use inside running text.</summary>
    public static string Ltr(string text) => Bidi.Ltr(text);

    /// <summary>What membership of a tier gives, the earning rate first. The single list the page and comparison use.</summary>
    public static IReadOnlyList<string> Benefits(this IStringLocalizer s, LoyaltyOptions options, TierDefinition tier)
    {
        var earn = s.EarnPerRiyal(options, tier);
        return tier.Tier switch
        {
            Tier.Bronze => [earn, s["A birthday surprise"], s["Members-only offers"]],
            Tier.Silver => [earn, s["Everything in Bronze"],
                s["Free delivery on online orders over {0}", Money.Of(100_00, options.Currency).Format(CultureInfo.CurrentCulture)]],
            Tier.Gold => [earn, s["Everything in Silver"], s["Priority customer support"], s["Early access to sales and offers"]],
            Tier.Platinum => [earn, s["Everything in Gold"], s["A dedicated customer line"], s["Free gift wrapping"], s["Invitations to members' events"]],
            _ => [earn],
        };
    }

    /// <summary>"8,300 points ≈ SAR 83": the balance and what it is worth in rewards (just the points when no value is set).</summary>
    public static string PointsWorth(this IStringLocalizer s, LoyaltyOptions options, long points) =>
        options.ValueOfPoints(points) is { } minor && points > 0
            ? s["{0} ≈ {1}", s.Plural("{0} points", points), Isolate(Formats.WholeMoney(minor, options.Currency))]
            : s.Plural("{0} points", points);

    /// <summary>
    /// The one-line expiry nudge: the points expiring soon and the soonest date (or the next lot when none is soon);
    /// null when nothing is due to expire.
    /// </summary>
    public static string? ExpiryNudge(this IStringLocalizer s, LoyaltySummary summary)
    {
        if (summary.Expiring.Count == 0) return null;
        var first = summary.Expiring[0];
        var soon = summary.Expiring.Where(e => e.Soon).ToList();
        var sameDay = summary.Expiring.Where(e => Formats.Local(e.ExpiresAtUtc).Date == Formats.Local(first.ExpiresAtUtc).Date).ToList();
        if (soon.Count > sameDay.Count)
            return s.Plural("{0} points expire soon, the first on {1}", soon.Sum(e => e.Points), Formats.LongDate(first.ExpiresAtUtc));
        return s.Plural("{0} points expire on {1}", sameDay.Sum(e => e.Points), Formats.LongDate(first.ExpiresAtUtc));
    }

    /// <summary>"+120" or "−300" (a real minus sign).</summary>
    public static string SignedPoints(long points) =>
        (points >= 0 ? "+" : "\u2212") + Math.Abs(points).ToString("N0", CultureInfo.CurrentCulture);

    public static string Number(long n) => Shell.Formats.Number(n);

    public static string Date(DateTime utc) => Shell.Formats.Date(utc);

    public static string LongDate(DateTime utc) => Shell.Formats.LongDate(utc);

    /// <summary>Splits "purchase:ORD-1" into ("purchase", "ORD-1").</summary>
    public static (string Kind, string Value) Source(string sourceRef)
    {
        var colon = sourceRef.IndexOf(':');
        return colon < 0 ? (sourceRef, "") : (sourceRef[..colon], sourceRef[(colon + 1)..]);
    }

    /// <summary>
    /// What a ledger line was for, as words and an optional left-to-right reference (an order id or reward name
    /// the view keeps apart, encoded). <paramref name="rewardNames"/> maps redemption codes to reward names.
    /// </summary>
    public static EntryDescription Describe(this IStringLocalizer s, PointsEntry entry, IReadOnlyDictionary<string, string> rewardNames)
    {
        var (kind, value) = Source(entry.SourceRef);
        return entry.Kind switch
        {
            PointsEntryKind.Earn when kind == "purchase" => new(s["Purchase"], value, Ltr: true),
            PointsEntryKind.Bonus when kind == "tier" && Enum.TryParse<Tier>(value, out var tier) => new(s.TierBonus(tier), null),
            PointsEntryKind.Bonus when kind == "signup" => new(s["Welcome bonus for joining"], null),
            PointsEntryKind.Bonus when kind == "profile" => new(s["Bonus for completing your profile"], null),
            PointsEntryKind.Bonus when kind == "referral" => new(s["Referral bonus"], null),
            PointsEntryKind.Reverse when kind == "referral" => new(s["Referral bonus cancelled"], null),
            PointsEntryKind.Redeem => rewardNames.TryGetValue(value, out var name) ? new(s["Redeemed"], name) : new(s["Redeemed a reward"], null),
            PointsEntryKind.Reverse when kind == "refund" => new(s["Refund of"], value, Ltr: true),
            PointsEntryKind.Expire => new(s["Points expired"], null),
            PointsEntryKind.Adjust => string.IsNullOrWhiteSpace(entry.Note) ? new(s["Adjusted by staff"], null) : new(s["Adjusted by staff:"], entry.Note),
            PointsEntryKind.Earn => new(s["Points earned"], null),
            PointsEntryKind.Bonus => new(s["Bonus points"], null),
            _ => new(s["Points returned"], null),
        };
    }

    /// <summary>Where an award in the expiry schedule came from (only its source is known there).</summary>
    public static EntryDescription DescribeSource(this IStringLocalizer s, string sourceRef)
    {
        var (kind, value) = Source(sourceRef);
        return kind switch
        {
            "purchase" => new(s["Purchase"], value, Ltr: true),
            "tier" when Enum.TryParse<Tier>(value, out var tier) => new(s.TierBonus(tier), null),
            "signup" => new(s["Welcome bonus for joining"], null),
            "profile" => new(s["Bonus for completing your profile"], null),
            "staff" => new(s["Added by staff"], null),
            "referral" => new(s["Referral bonus"], null),
            _ => new(s["Points earned"], null),
        };
    }

    /// <summary>
    /// Why a redemption was refused: status, stable code and words, the one wording the page and the API both use.
    /// The page knows how many points are missing and which tier is needed; the API says it in general.
    /// </summary>
    public static LoyaltyProblem RedeemProblem(this IStringLocalizer s, LoyaltyError? error, long shortBy = 0, Tier? minimumTier = null) => error switch
    {
        LoyaltyError.InsufficientPoints => new(422, Codes.InsufficientPoints,
            shortBy > 0 ? s.Plural("You need {0} more points for this reward.", shortBy) : s["You do not have enough points for this reward."]),
        LoyaltyError.OutOfStock => new(409, Codes.OutOfStock, s["Sorry, this reward is out of stock."]),
        LoyaltyError.TierTooLow => new(403, Codes.TierTooLow,
            minimumTier is { } t ? s.MembersAndAboveSentence(t) : s["This reward is for a higher tier."]),
        LoyaltyError.RewardNotAvailable => new(422, Codes.RewardNotAvailable, s["This reward is no longer available."]),
        LoyaltyError.RewardNotFound => new(404, Codes.RewardNotFound, s["This reward is no longer available."]),
        _ => new(409, Codes.BadRequest, s["The reward could not be redeemed. Please try again."]),
    };

    public static string RedeemError(this IStringLocalizer s, LoyaltyError? error, long shortBy, Tier? minimumTier) =>
        s.RedeemProblem(error, shortBy, minimumTier).Text;

    // Staff screens: the same tier names and reading of a SourceRef as the customer's page.


    public static StaffEntryDescription DescribeForStaff(IStringLocalizer s, PointsEntry entry)
    {
        var (source, reference) = Split(entry.SourceRef);
        return entry.Kind switch
        {
            PointsEntryKind.Earn => new(s["Purchase"], reference),
            PointsEntryKind.Bonus when source == "tier" && Enum.TryParse<Tier>(reference, out var tier) =>
                new(s.TierBonus(tier)),
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

    /// <summary>A moment for staff, in their local time (the portal's one format).</summary>
    public static string When(IStringLocalizer s, DateTime utc) => Formats.Moment(utc);

    public static string Day(DateTime utc) => Formats.Date(utc);

    /// <summary>
    /// The last day a reward is offered. Its end is stored as the moment it stops (exclusive), so a window the form
    /// saved "until 30 Nov" ends at 1 Dec 00:00 UTC.
    /// </summary>
    public static DateOnly LastDay(DateTime untilUtc) =>
        DateOnly.FromDateTime(untilUtc.TimeOfDay == TimeSpan.Zero ? untilUtc.AddDays(-1) : untilUtc);

    public static string Day(DateOnly day) => Formats.Date(day);

    private static (string Source, string? Reference) Split(string sourceRef)
    {
        var (source, reference) = Source(sourceRef);
        return (source, reference.Length == 0 ? null : reference);
    }

    /// <summary>The language of the page, to pick a reward's English or Arabic name.</summary>
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
}


/// <summary>Words, then an optional reference shown apart (order ids left to right, user text encoded by Razor).</summary>
public sealed record EntryDescription(string Text, string? Reference, bool Ltr = false);

/// <summary>What a ledger line says to staff: a localized label, and the data it refers to (an order id or a code, shown left to right).</summary>
public sealed record StaffEntryDescription(string Label, string? Reference = null, string? Note = null);

/// <summary>A refusal as the customer reads it, with the HTTP status and stable code the API answers with.</summary>
public sealed record LoyaltyProblem(int Status, string Code, string Text);
