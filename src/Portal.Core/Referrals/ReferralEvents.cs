using Portal.Core.Events;

namespace Portal.Core.Referrals;

/// <summary>The friend made a qualifying purchase (raised also when the referral goes to review).</summary>
public sealed record ReferralQualified(string UserId, long ReferralId, bool UnderReview) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <summary>Raised for the referrer; the friend's points are in the ledger's own PointsEarned.</summary>
public sealed record ReferralRewarded(string UserId, long ReferralId, long Points) : IDomainEvent
{
    public string StreamKey => UserId;
}

public sealed record ReferralRejected(string UserId, long ReferralId) : IDomainEvent
{
    public string StreamKey => UserId;
}
