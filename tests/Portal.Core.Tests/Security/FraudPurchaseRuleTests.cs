using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Security;
using Portal.Core.Tests.Loyalty;

namespace Portal.Core.Tests.Security;

public class FraudPurchaseRuleTests
{
    private static Task<PurchaseOutcome<PurchaseReceipt>> BuyWithKeyAsync(LoyaltyKit kit, string number, long amountMinor, DateTime at, long keyId, string? orderId = null) =>
        kit.UseAsync(sp => sp.GetRequiredService<PurchaseIngestion>().RecordAsync(new PurchaseInput(number, orderId ?? "O-" + Guid.NewGuid().ToString("N")[..10], at,
            PurchaseChannel.Store, [new PurchaseLineInput("Grocery", 1, amountMinor)]), keyId));

    private static Task<List<SecurityAlert>> AlertsAsync(LoyaltyKit kit, string customerId) =>
        kit.UseAsync(async sp => (await sp.GetRequiredService<SecurityAlerts>().PageAsync(customerId, null, 50)).Items.ToList());

    [Fact]
    public async Task A_purchase_at_the_amount_cap_is_recorded_and_one_minor_unit_over_is_refused_and_shown_to_staff()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var cap = new FraudOptions().MaxPurchaseAmountMinor;
        var (id, number) = await kit.AddCustomerAsync();

        Assert.True((await BuyWithKeyAsync(kit, number, cap, kit.Now, 7)).Succeeded);
        Assert.Equal(PurchaseError.OverLimit, (await BuyWithKeyAsync(kit, number, cap + 1, kit.Now, 7, "BIG-1")).Error);

        var alert = Assert.Single(await AlertsAsync(kit, id));
        Assert.Equal((AlertKind.PurchaseOverCap, 7L, "BIG-1", cap + 1), (alert.Kind, alert.IntegrationKeyId, alert.OrderId, alert.Count));
        Assert.Contains(await kit.UseAsync(sp => sp.GetRequiredService<SecurityAlerts>().QueueAsync()), a => a.Id == alert.Id);
        Assert.Equal(1, await kit.CountAsync<Purchase>());
    }

    [Fact]
    public async Task A_purchase_over_the_points_cap_is_refused()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var options = await kit.UseAsync(sp => Task.FromResult(sp.GetRequiredService<FraudOptions>()));
        options.MaxPurchasePoints = kit.Options.PointsFor(10_000, 1m);
        var (_, number) = await kit.AddCustomerAsync();

        Assert.True((await BuyWithKeyAsync(kit, number, 10_000, kit.Now, 7)).Succeeded);
        Assert.Equal(PurchaseError.OverLimit, (await BuyWithKeyAsync(kit, number, 20_000, kit.Now, 7)).Error);
    }

    [Fact]
    public async Task A_backdated_purchase_is_refused_beyond_the_allowed_age_and_recorded_within_it()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var age = new FraudOptions().MaxPurchaseAge;
        var (id, number) = await kit.AddCustomerAsync();

        Assert.True((await BuyWithKeyAsync(kit, number, 1000, kit.Now - age, 7)).Succeeded);
        Assert.Equal(PurchaseError.TooOld, (await BuyWithKeyAsync(kit, number, 1000, kit.Now.AddDays(-20), 7)).Error);
        Assert.Equal(AlertKind.PurchaseBackdated, Assert.Single(await AlertsAsync(kit, id)).Kind);
        Assert.Equal(0, (await kit.SummaryAsync(id)).Active);
    }

    [Fact]
    public async Task A_refund_from_another_key_is_refused_and_the_recording_key_may_refund()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        await BuyWithKeyAsync(kit, number, 5000, kit.Now, 7, "R-1");

        var other = await kit.UseAsync(sp => sp.GetRequiredService<PurchaseIngestion>().RefundAsync("R-1", "RF-1", null, default, integrationKeyId: 8));
        Assert.Equal(PurchaseError.RefundFromOtherKey, other.Error);
        Assert.Equal((AlertKind.RefundFromOtherKey, 8L), Assert.Single(await AlertsAsync(kit, id)) is var a ? (a.Kind, a.IntegrationKeyId!.Value) : default);

        var own = await kit.UseAsync(sp => sp.GetRequiredService<PurchaseIngestion>().RefundAsync("R-1", "RF-1", null, default, integrationKeyId: 7));
        Assert.True(own.Succeeded);
    }
}
