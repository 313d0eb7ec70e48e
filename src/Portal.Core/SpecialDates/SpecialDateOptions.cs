using Portal.Core.Loyalty;

namespace Portal.Core.SpecialDates;

/// <summary>The rules of birthday and anniversary rewards (configuration section "SpecialDates").</summary>
public sealed class SpecialDateOptions
{
    public const string Section = "SpecialDates";

    /// <summary>A reward can be claimed from this many days before the date…</summary>
    public int DaysBefore { get; set; } = 7;

    /// <summary>…until this many days after it (inclusive, in the customer's calendar).</summary>
    public int DaysAfter { get; set; } = 30;

    /// <summary>A date entered or changed fewer days than this before it earns nothing until the next year.</summary>
    public int NoticeDays { get; set; } = 30;

    /// <summary>How often the job looks for windows that opened and closed.</summary>
    public double JobHours { get; set; } = 24;

    /// <summary>
    /// What each tier gets; a rule with a <see cref="SpecialDateRewardRule.Kind"/> wins over one without. Empty means
    /// <see cref="DefaultRewards"/>. A rule with an <see cref="SpecialDateRewardRule.Offer"/> gives that offer instead of points.
    /// </summary>
    public List<SpecialDateRewardRule> Rewards { get; set; } = [];

    public static IReadOnlyList<SpecialDateRewardRule> DefaultRewards { get; } =
    [
        new() { Tier = Tier.Bronze, Points = 100 },
        new() { Tier = Tier.Silver, Points = 200 },
        new() { Tier = Tier.Gold, Points = 300 },
        new() { Tier = Tier.Platinum, Points = 500 },
    ];

    /// <summary>The rule for a tier and kind; null when nothing is given for it.</summary>
    public SpecialDateRewardRule? RuleFor(Tier tier, SpecialDateKind kind)
    {
        var rules = Rewards.Count == 0 ? DefaultRewards : Rewards;
        var rule = rules.FirstOrDefault(r => r.Tier == tier && r.Kind == kind) ?? rules.FirstOrDefault(r => r.Tier == tier && r.Kind is null);
        return rule is { Points: > 0 } or { Offer.Length: > 0 } ? rule : null;
    }
}

public sealed class SpecialDateRewardRule
{
    public Tier Tier { get; set; }

    /// <summary>Null: every kind of date.</summary>
    public SpecialDateKind? Kind { get; set; }

    public long Points { get; set; }

    /// <summary>An offer key the Offers module knows; when set, the reward is that offer rather than points.</summary>
    public string? Offer { get; set; }

    public SpecialDateRewardType Type => string.IsNullOrWhiteSpace(Offer) ? SpecialDateRewardType.Points : SpecialDateRewardType.Offer;
}

/// <summary>
/// The seam to the Offers module: issues the offer an offer reward names, once per <paramref name="idempotencyKey"/>.
/// Without an implementation registered, offer rewards cannot be claimed (points rewards always can).
/// </summary>
public interface ISpecialDateOfferIssuer
{
    /// <returns>The code or reference the customer gets; null when the offer does not exist (any more).</returns>
    Task<string?> IssueAsync(string customerId, string offerKey, string idempotencyKey, CancellationToken ct);
}
