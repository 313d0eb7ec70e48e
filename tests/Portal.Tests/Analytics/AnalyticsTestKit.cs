using Portal.Core.Loyalty;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Analytics;

public static class AnalyticsTestKit
{
    /// <summary>A purchase of the given lines <paramref name="daysAgo"/> days ago, through the till's ingestion.</summary>
    public static async Task<string> BuyLinesAsync(this PortalFactory factory, LoyaltyCustomer customer, double daysAgo, params (string Category, long Amount)[] lines)
    {
        var orderId = $"ORD-{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        var outcome = await factory.WithServiceAsync<PurchaseOutcome<PurchaseReceipt>, PurchaseIngestion>(p => p.RecordAsync(
            new PurchaseInput(customer.Number, orderId, factory.Clock.Now.UtcDateTime.AddDays(-daysAgo), PurchaseChannel.Store,
                lines.Select(l => new PurchaseLineInput(l.Category, 2, l.Amount)).ToList()), null));
        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        return orderId;
    }

    /// <summary>Sara: 3 purchases (Electronics, Grocery, Fashion) with one partly refunded.</summary>
    public static async Task<(LoyaltyCustomer Customer, string[] Orders)> ShopperAsync(this PortalFactory factory, string language = "en")
    {
        var customer = await factory.NewLoyaltyCustomerAsync(language, language == "ar" ? "سارة" : "Sara Shopper");
        var a = await factory.BuyLinesAsync(customer, 40, ("Electronics", 1_250_50), ("Grocery", 100_00));
        var b = await factory.BuyLinesAsync(customer, 10, ("Grocery", 200_00));
        var c = await factory.BuyLinesAsync(customer, 2, ("Fashion", 300_00));
        var refund = await factory.WithServiceAsync<PurchaseOutcome<RefundReceipt>, PurchaseIngestion>(p => p.RefundAsync(c, "R-" + c, 100_00));
        Assert.True(refund.Succeeded);
        return (customer, [a, b, c]);
    }
}
