namespace Portal.Core.Analytics;

public enum EngagementComponentKind { Recency, Frequency, SignIns, Referrals, Redemptions }

/// <summary>
/// One part of the engagement score. <see cref="Measure"/> is what was counted (days since the last purchase, or a
/// count); <see cref="Level"/> is how far that goes towards full marks (0–1); <see cref="MaxPoints"/> is the part's
/// weight after renormalising; <see cref="Points"/> what it adds. A part that cannot be measured yet (referrals) is
/// not <see cref="Counted"/> and weighs nothing.
/// </summary>
public sealed record EngagementComponent(EngagementComponentKind Kind, int? Measure, double Level, double MaxPoints, double Points, bool Counted);

public sealed record EngagementScore(int Score, IReadOnlyList<EngagementComponent> Components);

/// <summary>
/// The engagement score, 0–100: recency 30, frequency 30, sign-ins 15, referrals 15, redemptions 10. Each part is
/// linear up to its full mark: a purchase today is full recency, falling to none at 180 days; 12 purchases in the last
/// 12 months is full frequency (monthly); 10 sign-ins in the last 90 days; 3 friends' referrals rewarded in the last 12
/// months; 3 rewards redeemed in the last 12 months. A part passed as null is not counted: its weight is shared among the
/// counted parts in proportion (renormalised), and the page says it is not counted.
/// </summary>
public static class Engagement
{
    public const int RecencyDays = 180;
    public const int FrequencyFull = 12;
    public const int SignInDays = 90;
    public const int SignInsFull = 10;
    public const int ReferralsFull = 3;
    public const int RedemptionsFull = 3;

    public static readonly IReadOnlyDictionary<EngagementComponentKind, double> Weights = new Dictionary<EngagementComponentKind, double>
    {
        [EngagementComponentKind.Recency] = 30,
        [EngagementComponentKind.Frequency] = 30,
        [EngagementComponentKind.SignIns] = 15,
        [EngagementComponentKind.Referrals] = 15,
        [EngagementComponentKind.Redemptions] = 10,
    };

    /// <param name="daysSinceLastPurchase">null when the customer has never bought.</param>
    /// <param name="referrals">null while referrals are not recorded: the part is left out and the rest renormalised.</param>
    public static EngagementScore Score(int? daysSinceLastPurchase, int purchasesLast12Months, int signInsLast90Days, int? referrals, int redemptionsLast12Months)
    {
        var parts = new (EngagementComponentKind Kind, int? Measure, double Level, bool Counted)[]
        {
            (EngagementComponentKind.Recency, daysSinceLastPurchase,
                daysSinceLastPurchase is { } d ? Math.Clamp(1 - (double)d / RecencyDays, 0, 1) : 0, true),
            (EngagementComponentKind.Frequency, purchasesLast12Months, Ratio(purchasesLast12Months, FrequencyFull), true),
            (EngagementComponentKind.SignIns, signInsLast90Days, Ratio(signInsLast90Days, SignInsFull), true),
            (EngagementComponentKind.Referrals, referrals, referrals is { } r ? Ratio(r, ReferralsFull) : 0, referrals is not null),
            (EngagementComponentKind.Redemptions, redemptionsLast12Months, Ratio(redemptionsLast12Months, RedemptionsFull), true),
        };
        var countedWeight = parts.Where(p => p.Counted).Sum(p => Weights[p.Kind]);
        var components = parts.Select(p =>
        {
            var max = p.Counted ? Weights[p.Kind] * 100 / countedWeight : 0;
            return new EngagementComponent(p.Kind, p.Measure, p.Level, max, max * p.Level, p.Counted);
        }).ToList();
        var score = (int)Math.Round(components.Sum(c => c.Points), MidpointRounding.AwayFromZero);
        return new EngagementScore(Math.Clamp(score, 0, 100), components);
    }

    private static double Ratio(int count, int full) => Math.Clamp((double)count / full, 0, 1);
}
