using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;

namespace Portal.Core.Tests.Loyalty;

public class LoyaltyEventsTests
{
    private static Task<List<OutboxMessage>> MessagesAsync(LoyaltyKit kit, string? type = null) =>
        kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => type == null || m.Type == type).OrderBy(m => m.Id).ToListAsync());

    private static JsonElement Payload(OutboxMessage m) => JsonDocument.Parse(m.Payload).RootElement;

    [Fact]
    public async Task A_new_purchase_stores_PurchaseRecorded_and_PointsEarned_with_their_ids()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();

        await kit.BuyAsync(number, 20_000, orderId: "ORD-A");

        var purchase = await kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<Purchase>().AsNoTracking().SingleAsync());
        var earn = (await kit.LedgerAsync(id)).Single(e => e.Kind == PointsEntryKind.Earn);
        var messages = await MessagesAsync(kit);
        Assert.Equal(["PurchaseRecorded", "PointsEarned"], messages.Select(m => m.Type));
        Assert.All(messages, m => Assert.Equal(id, m.StreamKey));
        // Two per purchase, never read per customer: kept out of the outbox's stream index.
        Assert.All(messages, m => Assert.Null(m.StreamLookupKey));
        var recorded = Payload(messages[0]);
        Assert.Equal(id, recorded.GetProperty("UserId").GetString());
        Assert.Equal(purchase.Id, recorded.GetProperty("PurchaseId").GetInt64());
        Assert.Equal("ORD-A", recorded.GetProperty("OrderId").GetString());
        Assert.Equal(20_000, recorded.GetProperty("AmountMinor").GetInt64());
        var earned = Payload(messages[1]);
        Assert.Equal(earn.Id, earned.GetProperty("EntryId").GetInt64());
        Assert.Equal(earn.Points, earned.GetProperty("Points").GetInt64());
        Assert.DoesNotContain("@", string.Concat(messages.Select(m => m.Payload)));
    }

    [Fact]
    public async Task The_same_order_sent_twice_stores_one_PurchaseRecorded()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (_, number) = await kit.AddCustomerAsync();
        var at = kit.Now;

        await kit.BuyAsync(number, 20_000, at, "ORD-A");
        var again = await kit.BuyAsync(number, 20_000, at, "ORD-A");

        Assert.True(again.Repeated);
        Assert.Single(await MessagesAsync(kit, "PurchaseRecorded"));
        Assert.Single(await MessagesAsync(kit, "PointsEarned"));
    }

    [Fact]
    public async Task A_refund_stores_PurchaseRefunded_once_and_a_refused_one_stores_nothing()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, 20_000, orderId: "ORD-A");

        await kit.RefundAsync("ORD-A", "R1", 5_000);
        await kit.RefundAsync("ORD-A", "R1", 5_000);
        Assert.Equal(PurchaseError.RefundExceedsPurchase, (await kit.RefundAsync("ORD-A", "R2", 50_000)).Error);

        var refunded = Assert.Single(await MessagesAsync(kit, "PurchaseRefunded"));
        var payload = Payload(refunded);
        var purchaseId = await kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<Purchase>().Select(p => p.Id).SingleAsync());
        Assert.Equal(id, payload.GetProperty("UserId").GetString());
        Assert.Equal(purchaseId, payload.GetProperty("PurchaseId").GetInt64());
        Assert.Equal("R1", payload.GetProperty("RefundId").GetString());
        Assert.Equal(5_000, payload.GetProperty("AmountMinor").GetInt64());
    }

    [Fact]
    public async Task Reaching_a_tier_stores_TierChanged_and_the_bonus_as_PointsEarned()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();

        await kit.BuyAsync(number, 100_000); // 1,000 points: Silver
        await kit.BuyAsync(number, 10_000); // still Silver

        var changed = Assert.Single(await MessagesAsync(kit, "TierChanged"));
        Assert.Equal("""{"UserId":"%ID%","From":"Bronze","To":"Silver"}""".Replace("%ID%", id), changed.Payload);
        var bonus = (await kit.LedgerAsync(id)).Single(e => e.Kind == PointsEntryKind.Bonus);
        var earned = (await MessagesAsync(kit, "PointsEarned")).Select(Payload).ToList();
        Assert.Equal(3, earned.Count);
        Assert.Contains(earned, p => p.GetProperty("EntryId").GetInt64() == bonus.Id && p.GetProperty("Points").GetInt64() == 100);
    }

    [Fact]
    public async Task A_staff_adjustment_is_not_PointsEarned()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();

        await kit.AdjustAsync(id, 500);

        Assert.Empty(await MessagesAsync(kit, "PointsEarned"));
    }

    [Fact]
    public async Task A_redemption_stores_RewardRedeemed_and_a_refused_one_stores_nothing()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();
        await kit.AdjustAsync(id, 500);
        var reward = await kit.AddRewardAsync(300);

        var redemption = (await kit.RedeemAsync(id, reward.Id, "tap-1")).Value!;
        await kit.RedeemAsync(id, reward.Id, "tap-1"); // a repeat of the same request
        Assert.Equal(LoyaltyError.InsufficientPoints, (await kit.RedeemAsync(id, reward.Id, "tap-2")).Error);

        var redeemed = Assert.Single(await MessagesAsync(kit, "RewardRedeemed"));
        var payload = Payload(redeemed);
        Assert.Equal(id, payload.GetProperty("UserId").GetString());
        Assert.Equal(redemption.Id, payload.GetProperty("RedemptionId").GetInt64());
        Assert.Equal(300, payload.GetProperty("Points").GetInt64());
    }

    [Fact]
    public async Task Points_expiring_soon_are_announced_once_across_maintenance_runs()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        // Active from 11 months ago, so it expires in about a month (within the 60 days).
        await kit.BuyAsync(number, 20_000, kit.Now.AddMonths(-11).AddDays(-kit.Options.PendingDays), "OLD");
        await kit.BuyAsync(number, 30_000, kit.Now, "NEW");
        var old = (await kit.LedgerAsync(id)).Single(e => e.SourceRef == "purchase:OLD");

        await kit.RunDailyAsync();
        kit.Clock.Now = kit.Clock.Now.AddDays(1);
        await kit.RunDailyAsync();

        var warning = Assert.Single(await MessagesAsync(kit, "PointsExpiringSoon"));
        var payload = Payload(warning);
        Assert.Equal(id, payload.GetProperty("UserId").GetString());
        Assert.Equal(old.Points, payload.GetProperty("Points").GetInt64());
        Assert.Equal(old.ExpiresAtUtc, payload.GetProperty("ExpiresAtUtc").GetDateTime());
    }

    [Fact]
    public async Task Nothing_expiring_soon_raises_no_warning()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (_, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, 20_000, kit.Now.AddDays(-kit.Options.PendingDays));

        await kit.RunDailyAsync();

        Assert.Empty(await MessagesAsync(kit, "PointsExpiringSoon"));
    }
}
