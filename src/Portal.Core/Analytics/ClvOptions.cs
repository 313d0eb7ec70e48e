namespace Portal.Core.Analytics;

/// <summary>How the customer-lifetime-value forecast is made (configuration section "Clv").</summary>
public sealed class ClvOptions
{
    /// <summary>The forecast horizon: the next 12 months, in weeks.</summary>
    public double HorizonWeeks { get; set; } = 365.25 / 7;

    /// <summary>The central probability of the shown interval (0.8: the 10th to the 90th percentile).</summary>
    public double IntervalLevel { get; set; } = 0.8;

    /// <summary>Simulated futures per forecast: 2,000 puts the interval's ends within about a percentile point, in a millisecond or two.</summary>
    public int Draws { get; set; } = 2000;

    /// <summary>The simulation's seed, fixed so a customer sees the same interval on every visit.</summary>
    public int Seed { get; set; } = 20051;
}
