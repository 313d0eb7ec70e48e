namespace Portal.Core.Security;

/// <summary>Config section "Fraud": the thresholds of the fraud rules. Each rule fires at its threshold, not before.</summary>
public sealed class FraudOptions
{
    public const string Section = "Fraud";

    /// <summary>This many failed sign-ins within <see cref="FailedSignInWindow"/> raise an alert.</summary>
    public int FailedSignInThreshold { get; set; } = 5;
    public TimeSpan FailedSignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A sign-in from a browser and system this account has not used before raises an alert.</summary>
    public bool AlertOnNewDevice { get; set; } = true;

    /// <summary>
    /// The request header a trusted proxy or CDN puts the client's country in (e.g. "CF-IPCountry"); off when empty.
    /// Set it only behind a proxy that sets or overwrites the header, or clients can claim any country.
    /// </summary>
    public string? CountryHeader { get; set; }

    /// <summary>A sign-in from a country the account has never signed in from (when earlier ones are known) raises an alert.</summary>
    public bool AlertOnNewCountry { get; set; } = true;

    /// <summary>A redemption this soon after a password, email or phone change or a new-device sign-in is held for review.</summary>
    public TimeSpan HoldAfterSensitiveChange { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Redemption velocity over the last 24 hours: more points or more redemptions than this are held.</summary>
    public long MaxRedeemedPointsPerDay { get; set; } = 50_000;
    public int MaxRedemptionsPerDay { get; set; } = 10;

    /// <summary>Integration keys: a purchase above either cap is refused (minor units; points).</summary>
    public long MaxPurchaseAmountMinor { get; set; } = 5_000_000;
    public long MaxPurchasePoints { get; set; } = 100_000;

    /// <summary>A purchase dated further back than this is refused: a backdated purchase would skip the returns window.</summary>
    public TimeSpan MaxPurchaseAge { get; set; } = TimeSpan.FromDays(3);
}
