using Portal.Core.Loyalty;
using Portal.Core.Offers;
using Portal.Core.Segments;

namespace Portal.Core.Tests.Offers;

public class OfferRankingTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);

    private static Offer Offer(long id, string categories, int validDays, string segments = "", string tiers = "") => new()
    {
        Id = id, TitleEn = "Offer " + id, TitleAr = "عرض", Kind = OfferKind.PercentOff, Value = 10, Categories = categories,
        ValidFromUtc = Now.AddDays(-1), ValidUntilUtc = Now.AddDays(validDays), TargetSegments = segments, TargetTiers = tiers,
        Status = OfferStatus.Published,
    };

    // 1,000.00 in 12 months: 38% electronics (10 days ago), 50% grocery (2 days ago), 12% books (200 days ago).
    private static readonly CustomerFacts Sam = new(Segment.Frequent, Tier.Gold, 100_000,
        new Dictionary<string, CategorySpend>(StringComparer.OrdinalIgnoreCase)
        {
            ["Electronics"] = new(38_000, Now.AddDays(-10)),
            ["Grocery"] = new(50_000, Now.AddDays(-2)),
            ["Books"] = new(12_000, Now.AddDays(-200)),
        },
        new HashSet<long> { 4 });

    private static readonly Offer[] Set =
    [
        Offer(1, "Electronics", 60),                // fit 15 + recent 20 = 35
        Offer(2, "Books", 2, segments: "Frequent"),  // fit 5 + segment 15 + urgent 15 = 35, ends sooner than 1
        Offer(3, "", 10, tiers: "Gold"),             // any 10 + recent 20 + tier 10 + urgency 11 = 51
        Offer(4, "Grocery", 90),                     // fit 20 + recent 20 − ignored 30 = 10
        Offer(5, "Toys", 40),                        // nothing = 0
    ];

    [Fact]
    public void The_hand_made_set_ranks_by_the_documented_score()
    {
        var ranked = OfferRanking.Rank(Set, Sam, Now);

        Assert.Equal([3L, 2, 1, 4, 5], ranked.Select(r => r.Offer.Id));
        Assert.Equal([51, 35, 35, 10, 0], ranked.Select(r => r.Score));
    }

    [Fact]
    public void Why_picked_names_the_category_and_its_share_of_spending()
    {
        var electronics = OfferRanking.Score(Set[0], Sam, Now);

        Assert.Equal(
            [new OfferReason(OfferReasonKind.RecentPurchase, 20, "Electronics", Days: 10), new OfferReason(OfferReasonKind.CategoryShare, 15, "Electronics", 38)],
            electronics.Reasons);
    }

    [Fact]
    public void Segment_tier_and_expiry_are_reasons_when_they_count()
    {
        var books = OfferRanking.Score(Set[1], Sam, Now);
        var anything = OfferRanking.Score(Set[2], Sam, Now);

        Assert.Equal([OfferReasonKind.SegmentMatch, OfferReasonKind.ExpiresSoon, OfferReasonKind.CategoryShare], books.Reasons.Select(r => r.Kind));
        Assert.Equal(2, books.Reasons.Single(r => r.Kind == OfferReasonKind.ExpiresSoon).Days);
        Assert.Contains(anything.Reasons, r => r.Kind == OfferReasonKind.TierMatch && r.Target == "Gold");
    }

    [Fact]
    public void An_offer_in_a_category_never_bought_is_something_new()
    {
        var toys = OfferRanking.Score(Set[4], Sam, Now);

        Assert.Equal([new OfferReason(OfferReasonKind.NewCategory, 0, "Toys")], toys.Reasons);
    }

    [Fact]
    public void An_ignored_offer_loses_thirty_points()
    {
        var notIgnored = Sam with { IgnoredOfferIds = new HashSet<long>() };

        Assert.Equal(OfferRanking.Score(Set[3], notIgnored, Now).Score - 30, OfferRanking.Score(Set[3], Sam, Now).Score);
    }

    [Fact]
    public void Recency_and_urgency_fall_linearly_between_their_edges()
    {
        var facts = Sam with { Categories = new Dictionary<string, CategorySpend> { ["Books"] = new(1, Now.AddDays(-105)) }, SpendMinor = 0 };
        var offer = Offer(9, "Books", 30);

        // 105 days: halfway between 30 and 180 → 10 of 20; 30 days left → no urgency.
        Assert.Equal(10, OfferRanking.Score(offer, facts, Now).Score);
        Assert.Equal(15, OfferRanking.Score(offer, Sam with { Categories = new Dictionary<string, CategorySpend>() }, Now.AddDays(27)).Score);
    }

    [Theory]
    [InlineData("", "", Segment.New, Tier.Bronze, true)]
    [InlineData("Vip,Frequent", "", Segment.Frequent, Tier.Bronze, true)]
    [InlineData("Vip", "", Segment.Frequent, Tier.Bronze, false)]
    [InlineData("", "Gold,Platinum", Segment.Frequent, Tier.Silver, false)]
    [InlineData("Frequent", "Gold", Segment.Frequent, Tier.Gold, true)]
    public void Eligibility_is_segment_and_tier_or_everyone(string segments, string tiers, Segment segment, Tier tier, bool eligible) =>
        Assert.Equal(eligible, Offer(1, "", 10, segments, tiers).Targets(segment, tier));
}
