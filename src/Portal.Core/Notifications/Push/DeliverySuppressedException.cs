namespace Portal.Core.Notifications;

/// <summary>Thrown by a channel that cannot reach the customer at all: the delivery is suppressed with the reason, not retried.</summary>
public sealed class DeliverySuppressedException(string reason) : Exception($"Suppressed: {reason}")
{
    public string Reason { get; } = reason;
}
