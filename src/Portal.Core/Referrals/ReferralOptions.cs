namespace Portal.Core.Referrals;

/// <summary>The programme's rules (configuration section "Referrals").</summary>
public sealed class ReferralOptions
{
    /// <summary>The friend's qualifying purchase, in whole currency units.</summary>
    public long MinimumPurchase { get; set; } = 50;

    /// <summary>Days after registering within which the qualifying purchase must happen; also how long the link cookie lasts.</summary>
    public int QualifyingDays { get; set; } = 30;

    public long ReferrerPoints { get; set; } = 500;
    public long FriendPoints { get; set; } = 250;

    /// <summary>Rewarded referrals per referrer per calendar month (UTC) before further ones go to review.</summary>
    public int MonthlyCap { get; set; } = 20;

    /// <summary>Sign-ups with one code from one IP address within <see cref="IpWindowDays"/> from which each goes to review.</summary>
    public int IpThreshold { get; set; } = 10;

    public int IpWindowDays { get; set; } = 7;

    /// <summary>A friend signing up from an IP address the referrer signed in from within this many days is the referrer (0: off).</summary>
    public int ReferrerIpDays { get; set; } = 30;
}
