using Portal.Core.Events;

namespace Portal.Core.SpecialDates;

/// <summary>A birthday or anniversary reward's window opened: the customer can claim it until <paramref name="AvailableUntil"/>.</summary>
public sealed record SpecialDateRewardAvailable(string UserId, long RewardId, SpecialDateKind Kind, int Year, long Points, DateOnly AvailableUntil)
    : IDomainEvent
{
    public string StreamKey => UserId;
}
