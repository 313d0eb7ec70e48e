namespace Portal.Core.Segments;

/// <summary>The segment rules' thresholds (configuration section "Segments").</summary>
public sealed class SegmentOptions
{
    /// <summary>No purchase for this many days makes a customer Inactive.</summary>
    public int InactiveDays { get; set; } = 90;

    /// <summary>The share of scored customers, by trailing-window net spend, who are VIP.</summary>
    public double VipTopShare { get; set; } = 0.05;

    /// <summary>At Risk: spend in the recent window below this fraction of the window before it.</summary>
    public double AtRiskRatio { get; set; } = 0.5;

    /// <summary>Frequent: at least this many purchases in the recent window.</summary>
    public int FrequentPurchases { get; set; } = 3;

    /// <summary>The recent window for Frequent and At Risk (the earlier window has the same length).</summary>
    public int RecentDays { get; set; } = 90;

    /// <summary>The trailing window for frequency, monetary value and the VIP edge.</summary>
    public int WindowMonths { get; set; } = 12;

    /// <summary>
    /// A run rereads only the customers whose figures can have changed since the last one (new purchases or refunds, a
    /// purchase crossing a window's edge); a full pass over every purchase happens at least this often regardless.
    /// </summary>
    public TimeSpan FullPassEvery { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A run still "Running" after this long is taken as abandoned (the process stopped) and marked failed.</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(30);
}
