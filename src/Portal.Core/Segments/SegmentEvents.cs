using Portal.Core.Events;

namespace Portal.Core.Segments;

/// <summary>A computation put a customer in another segment (From is New when first scored; To is New when no longer scored).</summary>
[NotLookedUpByStream]
public sealed record SegmentChanged(string UserId, Segment From, Segment To) : IDomainEvent
{
    public string StreamKey => UserId;
}
