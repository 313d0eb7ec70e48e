using Portal.Core.Events;

namespace Portal.Core.Offers;

/// <summary>Published offers newly match the customer: one event per customer per job run, with every new offer.</summary>
public sealed record OfferAvailable(string CustomerId, IReadOnlyList<long> OfferIds) : IDomainEvent
{
    public string StreamKey => CustomerId;
}

/// <summary>An activated code ends soon (raised once per code).</summary>
public sealed record OfferExpiringSoon(string CustomerId, long ActivationId, long OfferId, DateTime ExpiresAtUtc) : IDomainEvent
{
    public string StreamKey => CustomerId;
}

public sealed record OfferActivated(string CustomerId, long ActivationId, long OfferId) : IDomainEvent
{
    public string StreamKey => CustomerId;
}

/// <summary>A code was used with a purchase; bonus points (if any) are in the ledger's own PointsEarned.</summary>
public sealed record OfferRedeemed(string CustomerId, long ActivationId, long OfferId, long PurchaseId, long DiscountMinor, long BonusPoints) : IDomainEvent
{
    public string StreamKey => CustomerId;
}
