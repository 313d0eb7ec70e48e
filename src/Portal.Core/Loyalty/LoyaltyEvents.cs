using Portal.Core.Events;

namespace Portal.Core.Loyalty;

[NotLookedUpByStream]
public sealed record PurchaseRecorded(string UserId, long PurchaseId, string OrderId, long AmountMinor, string Currency) : IDomainEvent
{
    public string StreamKey => UserId;
}

public sealed record PurchaseRefunded(string UserId, long PurchaseId, string RefundId, long AmountMinor) : IDomainEvent
{
    public string StreamKey => UserId;
}

/// <param name="EntryId">The <see cref="PointsEntry"/> id.</param>
[NotLookedUpByStream]
public sealed record PointsEarned(string UserId, long EntryId, long Points) : IDomainEvent
{
    public string StreamKey => UserId;
}

public sealed record PointsExpiringSoon(string UserId, long Points, DateTime ExpiresAtUtc) : IDomainEvent
{
    public string StreamKey => UserId;
}

public sealed record TierChanged(string UserId, string From, string To) : IDomainEvent
{
    public string StreamKey => UserId;
}

public sealed record RewardRedeemed(string UserId, long RedemptionId, long Points) : IDomainEvent
{
    public string StreamKey => UserId;
}
