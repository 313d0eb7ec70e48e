using Portal.Core.Loyalty;

namespace Portal.Core.Security;

/// <summary>Integration-key limits on purchases and refunds, and the alert a refusal leaves for staff.</summary>
public interface IPurchaseScreen
{
    FraudOptions Limits { get; }
    Task RefusedAsync(string customerId, PurchaseError error, long? integrationKeyId, string orderId, long? amountMinor, CancellationToken ct);
}

public sealed class FraudPurchaseRules(FraudOptions options, SecurityAlerts alerts, TimeProvider clock) : IPurchaseScreen
{
    public FraudOptions Limits => options;

    public async Task RefusedAsync(string customerId, PurchaseError error, long? integrationKeyId, string orderId, long? amountMinor, CancellationToken ct)
    {
        var kind = error switch
        {
            PurchaseError.OverLimit => AlertKind.PurchaseOverCap,
            PurchaseError.TooOld => AlertKind.PurchaseBackdated,
            _ => AlertKind.RefundFromOtherKey,
        };
        await alerts.RaiseAsync(SecurityAlert.For(customerId, kind, clock.GetUtcNow().UtcDateTime, count: amountMinor,
            integrationKeyId: integrationKeyId, orderId: orderId.Length > 64 ? orderId[..64] : orderId), ct);
    }
}
