using Portal.Core.Loyalty;

namespace Portal.Core.Tests.Loyalty;

public class PurchaseIngestionTests
{
    [Fact]
    public async Task A_purchase_earns_one_point_per_whole_riyal_pending_for_14_days_then_active()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();

        var receipt = (await kit.BuyAsync(number, 12_399)).Value!;

        Assert.Equal(123, receipt.PointsEarned);
        Assert.Equal(kit.Now.AddDays(14), receipt.PointsActiveFromUtc);
        var summary = await kit.SummaryAsync(id);
        Assert.Equal((0, 123), (summary.Active, summary.Pending));
        Assert.Equal(kit.Now.AddDays(14), Assert.Single(summary.PendingAwards).UnlocksAtUtc);

        kit.Clock.Now = kit.Clock.Now.AddDays(14);
        summary = await kit.SummaryAsync(id);
        Assert.Equal((123, 0), (summary.Active, summary.Pending));
    }

    [Fact]
    public async Task The_same_order_sent_twice_is_recorded_once_and_both_calls_get_the_same_receipt()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        var at = kit.Now.AddHours(-1);

        var first = await kit.BuyAsync(number, 5_000, at, "POS-7");
        var second = await kit.BuyAsync(number, 5_000, at, "POS-7");

        Assert.False(first.Repeated);
        Assert.True(second.Repeated);
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(1, await kit.CountAsync<Purchase>());
        Assert.Equal(50, (await kit.SummaryAsync(id)).Pending);
    }

    [Fact]
    public async Task Twenty_concurrent_copies_of_one_order_award_points_once()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        var at = kit.Now.AddMinutes(-3);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => kit.BuyAsync(number, 7_000, at, "RACE-1"))));

        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.Single(outcomes, o => !o.Repeated);
        Assert.Single(outcomes.Select(o => o.Value).Distinct());
        Assert.Equal(70, (await kit.SummaryAsync(id)).Pending);
        Assert.Single(await kit.LedgerAsync(id));
    }

    [Fact]
    public async Task An_order_id_reused_for_a_different_purchase_is_refused()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (_, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, 5_000, kit.Now, "POS-8");

        var reused = await kit.BuyAsync(number, 9_000, kit.Now, "POS-8");

        Assert.Equal(PurchaseError.OrderIdConflict, reused.Error);
        Assert.Equal(1, await kit.CountAsync<Purchase>());
    }

    [Theory]
    [InlineData("4821339018", PurchaseError.InvalidCustomerId)] // wrong check digit
    [InlineData("12", PurchaseError.InvalidCustomerId)]
    public async Task A_wrong_customer_id_records_nothing(string customerId, PurchaseError expected)
    {
        await using var kit = await LoyaltyKit.CreateAsync();

        var outcome = await kit.BuyAsync(customerId, 5_000);

        Assert.Equal(expected, outcome.Error);
        Assert.Equal(0, await kit.CountAsync<Purchase>());
    }

    [Fact]
    public async Task An_unknown_but_well_formed_customer_id_records_nothing()
    {
        await using var kit = await LoyaltyKit.CreateAsync();

        var outcome = await kit.BuyAsync(Portal.Core.Customers.CustomerNumber.NewRandom().Value, 5_000);

        Assert.Equal(PurchaseError.UnknownCustomer, outcome.Error);
        Assert.Equal(0, await kit.CountAsync<Purchase>());
    }

    [Fact]
    public async Task A_purchase_in_the_future_is_refused()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (_, number) = await kit.AddCustomerAsync();

        Assert.Equal(PurchaseError.InvalidOccurredAt, (await kit.BuyAsync(number, 5_000, kit.Now.AddHours(1))).Error);
    }

    [Fact]
    public async Task Partial_refunds_take_back_points_in_proportion_and_a_full_refund_takes_back_all()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, 10_000, kit.Now, "R-1");

        var partial = (await kit.RefundAsync("R-1", "RET-1", 2_550)).Value!;
        Assert.Equal(25, partial.PointsReversed);
        Assert.Equal(75, (await kit.SummaryAsync(id)).Pending);

        var rest = (await kit.RefundAsync("R-1", "RET-2")).Value!;
        Assert.Equal(7_450, rest.AmountMinor);
        Assert.Equal(75, rest.PointsReversed);
        var summary = await kit.SummaryAsync(id);
        Assert.Equal((0, 0, 0), (summary.Active, summary.Pending, summary.QualifyingPoints));
    }

    [Fact]
    public async Task A_refund_repeated_with_the_same_id_reverses_once()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, 10_000, kit.Now, "R-2");

        await kit.RefundAsync("R-2", "RET-1", 5_000);
        var again = await kit.RefundAsync("R-2", "RET-1", 5_000);

        Assert.True(again.Repeated);
        Assert.Equal(50, (await kit.SummaryAsync(id)).Pending);
    }

    [Fact]
    public async Task A_refund_larger_than_what_is_left_is_refused_and_changes_nothing()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, 10_000, kit.Now, "R-3");
        await kit.RefundAsync("R-3", "RET-1", 6_000);

        var tooMuch = await kit.RefundAsync("R-3", "RET-2", 4_001);

        Assert.Equal(PurchaseError.RefundExceedsPurchase, tooMuch.Error);
        Assert.Equal(40, (await kit.SummaryAsync(id)).Pending);
        Assert.Equal(PurchaseError.OrderNotFound, (await kit.RefundAsync("NOPE", "RET-1")).Error);
    }

    [Fact]
    public async Task Refunding_points_already_spent_never_takes_the_balance_below_zero()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, 50_000, kit.Now, "R-4");
        kit.Clock.Now = kit.Clock.Now.AddDays(15);
        var reward = await kit.AddRewardAsync(400);
        Assert.True((await kit.RedeemAsync(id, reward.Id)).Succeeded);

        var refund = (await kit.RefundAsync("R-4", "RET-1")).Value!;

        Assert.Equal(500, refund.PointsReversed);
        var summary = await kit.SummaryAsync(id);
        Assert.Equal(0, summary.Active);
        Assert.Equal(0, summary.QualifyingPoints);
        Assert.Equal(-100, (await kit.LedgerAsync(id)).Single(e => e.Kind == PointsEntryKind.Reverse).Points);
    }
}
