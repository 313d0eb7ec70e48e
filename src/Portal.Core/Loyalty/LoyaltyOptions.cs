namespace Portal.Core.Loyalty;

public enum Tier { Bronze, Silver, Gold, Platinum }

public sealed class TierDefinition
{
    public Tier Tier { get; set; }

    /// <summary>Points earned in the qualifying window (not the spendable balance) that reach this tier.</summary>
    public long Threshold { get; set; }

    /// <summary>Earning multiplier, e.g. 1.25.</summary>
    public decimal Multiplier { get; set; } = 1m;

    /// <summary>Points given once, the first time a customer reaches the tier (also when they skip past it).</summary>
    public long EntryBonus { get; set; }
}

/// <summary>The programme's rules (configuration section "Loyalty").</summary>
public sealed class LoyaltyOptions
{
    public string Currency { get; set; } = Common.Money.DefaultCurrency;

    /// <summary>Points per whole currency unit spent, before the tier multiplier.</summary>
    public int PointsPerCurrencyUnit { get; set; } = 1;

    /// <summary>Days an award stays pending (the returns window) before it can be spent.</summary>
    public int PendingDays { get; set; } = 14;

    /// <summary>Months an award stays spendable after it became active.</summary>
    public int ExpiryMonths { get; set; } = 12;

    /// <summary>The rolling window of earned points that decides the tier.</summary>
    public int QualifyingMonths { get; set; } = 12;

    /// <summary>How far ahead the page warns that a tier is about to be lost.</summary>
    public int KeepTierWarningDays { get; set; } = 60;

    /// <summary>Awards expiring within this many days are flagged as expiring soon.</summary>
    public int ExpiringSoonDays { get; set; } = 60;

    /// <summary>Points worth one whole currency unit when spent on rewards (100: 8,300 points ≈ 83 SAR); 0 hides the money value.</summary>
    public int RedeemPointsPerCurrencyUnit { get; set; } = 100;

    /// <summary>Days a reward code can be used after it is issued; 0 means codes never expire.</summary>
    public int RewardCodeValidDays { get; set; } = 90;

    /// <summary>Empty means <see cref="DefaultTiers"/>. When set, list every tier.</summary>
    public List<TierDefinition> Tiers { get; set; } = [];

    public static IReadOnlyList<TierDefinition> DefaultTiers { get; } =
    [
        new() { Tier = Tier.Bronze, Threshold = 0, Multiplier = 1m, EntryBonus = 0 },
        new() { Tier = Tier.Silver, Threshold = 1_000, Multiplier = 1.25m, EntryBonus = 100 },
        new() { Tier = Tier.Gold, Threshold = 5_000, Multiplier = 1.5m, EntryBonus = 250 },
        new() { Tier = Tier.Platinum, Threshold = 15_000, Multiplier = 2m, EntryBonus = 500 },
    ];

    public IReadOnlyList<TierDefinition> EffectiveTiers =>
        Tiers.Count == 0 ? DefaultTiers : Tiers.OrderBy(t => t.Threshold).ToList();

    public TierDefinition TierFor(long qualifyingPoints) =>
        EffectiveTiers.Last(t => t.Threshold <= qualifyingPoints);

    public TierDefinition Definition(Tier tier) => EffectiveTiers.First(t => t.Tier == tier);

    public TierDefinition? NextAbove(Tier tier) => EffectiveTiers.SkipWhile(t => t.Tier != tier).Skip(1).FirstOrDefault();

    /// <summary>What <paramref name="points"/> are worth when spent, in minor units rounded down; null when no value is configured.</summary>
    public long? ValueOfPoints(long points)
    {
        if (RedeemPointsPerCurrencyUnit <= 0 || points <= 0) return RedeemPointsPerCurrencyUnit <= 0 ? null : 0;
        var unit = Common.Money.Of(1, Currency).Exponent;
        long minorPerUnit = 1;
        for (var i = 0; i < unit; i++) minorPerUnit *= 10;
        return points * minorPerUnit / RedeemPointsPerCurrencyUnit;
    }

    /// <summary>The least spend, in whole currency units as minor units, that earns <paramref name="points"/> at <paramref name="multiplier"/>.</summary>
    public long SpendForPoints(long points, decimal multiplier)
    {
        if (points <= 0) return 0;
        var perUnit = PointsPerCurrencyUnit * multiplier;
        if (perUnit <= 0) return 0;
        var units = (long)decimal.Ceiling(points / perUnit);
        return new Common.Money(1, Currency).Exponent switch { 0 => units, 3 => units * 1000, _ => units * 100 };
    }

    /// <summary>When a reward code issued at <paramref name="issuedUtc"/> stops working; null when codes never expire.</summary>
    public DateTime? CodeExpiresAt(DateTime issuedUtc) => RewardCodeValidDays > 0 ? issuedUtc.AddDays(RewardCodeValidDays) : null;

    /// <summary>Points for a purchase: whole currency units × points per unit × multiplier, rounded down.</summary>
    public long PointsFor(long amountMinor, decimal multiplier)
    {
        if (amountMinor <= 0) return 0;
        var whole = new Common.Money(amountMinor, Currency).WholeUnits;
        return (long)decimal.Floor(whole * PointsPerCurrencyUnit * multiplier);
    }
}
