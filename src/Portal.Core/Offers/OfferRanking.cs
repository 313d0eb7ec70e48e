using System.Text.Json.Serialization;
using Portal.Core.Loyalty;
using Portal.Core.Segments;

namespace Portal.Core.Offers;

[JsonConverter(typeof(JsonStringEnumConverter<OfferReasonKind>))]
public enum OfferReasonKind { CategoryShare, RecentPurchase, SegmentMatch, TierMatch, ExpiresSoon, AnyCategory, NewCategory }

/// <summary>One "why picked" line: the facts, worded by the page (CategoryShare: "You often buy {Category} — {Percent}% of your spending").</summary>
public sealed record OfferReason(OfferReasonKind Kind, int Points, string? Category = null, int Percent = 0, int Days = 0, string? Target = null);

/// <summary>What the ranking knows of a customer, from the last 12 months of purchases.</summary>
public sealed record CustomerFacts(
    Segment Segment,
    Tier Tier,
    long SpendMinor,
    IReadOnlyDictionary<string, CategorySpend> Categories,
    IReadOnlySet<long> IgnoredOfferIds)
{
    public static CustomerFacts Empty(Segment segment = Segment.New, Tier tier = Tier.Bronze) =>
        new(segment, tier, 0, new Dictionary<string, CategorySpend>(StringComparer.OrdinalIgnoreCase), new HashSet<long>());
}

public sealed record CategorySpend(long SpendMinor, DateTime LastPurchaseUtc);

public sealed record RankedOffer(Offer Offer, int Score, IReadOnlyList<OfferReason> Reasons);

/// <summary>
/// The documented score (0–100, higher first; ties: sooner expiry, then older offer):
/// <list type="bullet">
/// <item>fit, up to 40: 40 × the share of the customer's 12-month spend in the offer's categories (an offer for every category: 10);</item>
/// <item>recency, up to 20: a purchase in those categories (any, for every category) within 30 days gives 20, falling linearly to 0 at 180 days;</item>
/// <item>segment match 15 and tier match 10: only when the offer targets the customer's segment or tier by name (offers for everyone get neither);</item>
/// <item>urgency, up to 15: expiring within 3 days gives 15, falling linearly to 0 at 30 days;</item>
/// <item>ignored, −30: told of it 14 days ago or more and never activated, or a code for it expired unused.</item>
/// </list>
/// Reasons are the parts that added points, biggest first; an offer with none names its category as something new to try.
/// </summary>
public static class OfferRanking
{
    public const int FitWeight = 40, GeneralFit = 10, RecencyWeight = 20, SegmentWeight = 15, TierWeight = 10, UrgencyWeight = 15, IgnoredPenalty = 30;
    public const int RecentFullDays = 30, RecentNoneDays = 180, UrgentFullDays = 3, UrgentNoneDays = 30, IgnoredAfterDays = 14;

    public static IReadOnlyList<RankedOffer> Rank(IEnumerable<Offer> offers, CustomerFacts facts, DateTime now) =>
        offers.Select(o => Score(o, facts, now))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Offer.ValidUntilUtc).ThenBy(r => r.Offer.Id)
            .ToList();

    public static RankedOffer Score(Offer offer, CustomerFacts facts, DateTime now)
    {
        var reasons = new List<OfferReason>();
        var categories = offer.CategoryList;
        DateTime? last;
        if (categories.Count > 0)
        {
            var matched = categories.Select(c => facts.Categories.TryGetValue(c, out var s) ? (Name: c, Spend: s) : default).Where(m => m.Spend is not null).ToList();
            var spend = matched.Sum(m => m.Spend!.SpendMinor);
            var share = facts.SpendMinor > 0 ? (double)spend / facts.SpendMinor : 0;
            var fit = (int)Math.Round(FitWeight * share);
            if (fit > 0)
            {
                var top = matched.OrderByDescending(m => m.Spend!.SpendMinor).First().Name;
                reasons.Add(new OfferReason(OfferReasonKind.CategoryShare, fit, top, (int)Math.Round(share * 100)));
            }
            last = matched.Count == 0 ? null : matched.Max(m => m.Spend!.LastPurchaseUtc);
        }
        else
        {
            reasons.Add(new OfferReason(OfferReasonKind.AnyCategory, GeneralFit));
            last = facts.Categories.Count == 0 ? null : facts.Categories.Values.Max(c => c.LastPurchaseUtc);
        }

        if (last is { } when)
        {
            var days = Math.Max(0, (now - when).TotalDays);
            var recency = (int)Math.Round(RecencyWeight * Falling(days, RecentFullDays, RecentNoneDays));
            if (recency > 0 && categories.Count > 0)
            {
                var category = categories.Where(facts.Categories.ContainsKey).OrderByDescending(c => facts.Categories[c].LastPurchaseUtc).First();
                reasons.Add(new OfferReason(OfferReasonKind.RecentPurchase, recency, category, Days: (int)days));
            }
            else if (recency > 0) reasons.Add(new OfferReason(OfferReasonKind.RecentPurchase, recency, Days: (int)days));
        }

        if (offer.SegmentList.Contains(facts.Segment)) reasons.Add(new OfferReason(OfferReasonKind.SegmentMatch, SegmentWeight, Target: facts.Segment.ToString()));
        if (offer.TierList.Contains(facts.Tier)) reasons.Add(new OfferReason(OfferReasonKind.TierMatch, TierWeight, Target: facts.Tier.ToString()));

        var left = (offer.ValidUntilUtc - now).TotalDays;
        var urgency = (int)Math.Round(UrgencyWeight * Falling(left, UrgentFullDays, UrgentNoneDays));
        if (urgency > 0) reasons.Add(new OfferReason(OfferReasonKind.ExpiresSoon, urgency, Days: Math.Max(0, (int)left)));

        var score = reasons.Sum(r => r.Points);
        if (facts.IgnoredOfferIds.Contains(offer.Id)) score -= IgnoredPenalty;
        if (reasons.Count == 0) reasons.Add(new OfferReason(OfferReasonKind.NewCategory, 0, categories[0]));
        return new RankedOffer(offer, score, reasons.OrderByDescending(r => r.Points).ToList());
    }

    /// <summary>1 up to <paramref name="full"/>, 0 from <paramref name="none"/>, linear between.</summary>
    private static double Falling(double value, double full, double none) =>
        value <= full ? 1 : value >= none ? 0 : (none - value) / (none - full);
}
