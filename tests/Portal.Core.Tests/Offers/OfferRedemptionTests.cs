using Portal.Core.Loyalty;
using Portal.Core.Offers;

namespace Portal.Core.Tests.Offers;

public class OfferRedemptionTests
{
    [Fact]
    public async Task A_code_redeems_once_with_its_discount_on_the_purchase()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync(OfferKind.PercentOff, 20);
        var (sam, number) = await kit.AddCustomerAsync();
        var code = (await kit.ActivateAsync(sam, offer.Id)).Activation!;

        var first = await kit.BuyAsync(number, 50_000, RewardRules.Grouped(code.Code).ToLowerInvariant());
        var second = await kit.BuyAsync(number, 50_000, code.Code);

        Assert.Equal((OfferOutcomes.Applied, 10_000L, 400L), (first.OfferOutcome, first.DiscountMinor, first.PointsEarned));
        Assert.Equal((OfferOutcomes.AlreadyUsed, 0L, 500L), (second.OfferOutcome, second.DiscountMinor, second.PointsEarned));
        var used = await kit.ActivationAsync(code.Id);
        Assert.Equal((ActivationStatus.Redeemed, first.OrderId, 10_000L), (used.Status, used.OrderId, used.DiscountMinor));
    }

    [Fact]
    public async Task Another_customers_code_does_nothing()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync(OfferKind.AmountOff, 5_000);
        var (sam, _) = await kit.AddCustomerAsync();
        var (_, laylaNumber) = await kit.AddCustomerAsync("Layla");
        var code = (await kit.ActivateAsync(sam, offer.Id)).Activation!;

        var receipt = await kit.BuyAsync(laylaNumber, 20_000, code.Code);

        Assert.Equal((OfferOutcomes.NotYours, 0L), (receipt.OfferOutcome, receipt.DiscountMinor));
        Assert.Equal(ActivationStatus.Activated, (await kit.ActivationAsync(code.Id)).Status);
    }

    [Fact]
    public async Task A_code_is_refused_after_it_expires()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync(OfferKind.AmountOff, 5_000, validDays: 3);
        var (sam, number) = await kit.AddCustomerAsync();
        var code = (await kit.ActivateAsync(sam, offer.Id)).Activation!;
        kit.Db.Clock.Advance(TimeSpan.FromDays(4));

        var receipt = await kit.BuyAsync(number, 20_000, code.Code);
        Assert.Equal((OfferOutcomes.Expired, 0L), (receipt.OfferOutcome, receipt.DiscountMinor));

        Assert.Equal(1, await kit.Db.UseAsync<OfferService, int>(s => s.ExpireDueAsync()));
        var history = await kit.Db.UseAsync<OfferService, IReadOnlyList<OfferActivation>>(s => s.HistoryAsync(sam));
        Assert.Equal(ActivationStatus.Expired, Assert.Single(history).Status);
    }

    [Fact]
    public async Task Minimum_spend_and_categories_count_only_the_offers_lines()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync(OfferKind.AmountOff, 5_000, categories: "Electronics", minSpend: 30_000, limit: 3);
        var (sam, number) = await kit.AddCustomerAsync();

        var wrong = await kit.BuyAsync(number, 50_000, (await kit.ActivateAsync(sam, offer.Id)).Activation!.Code, "Grocery");
        var small = await kit.BuyAsync(number, 20_000, (await kit.ActivateAsync(sam, offer.Id)).Activation!.Code, "Electronics");
        var fine = await kit.BuyAsync(number, 30_000, (await kit.ActivateAsync(sam, offer.Id)).Activation!.Code, "Electronics");

        Assert.Equal((OfferOutcomes.WrongCategory, OfferOutcomes.MinSpendNotMet, OfferOutcomes.Applied), (wrong.OfferOutcome, small.OfferOutcome, fine.OfferOutcome));
        Assert.Equal(5_000, fine.DiscountMinor);
    }

    [Fact]
    public async Task A_points_multiplier_writes_bonus_points_through_the_ledger_with_the_purchase()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync(OfferKind.PointsMultiplier, 3);
        var (sam, number) = await kit.AddCustomerAsync();
        var code = (await kit.ActivateAsync(sam, offer.Id)).Activation!;

        var receipt = await kit.BuyAsync(number, 10_000, code.Code);

        Assert.Equal((OfferOutcomes.Applied, 100L), (receipt.OfferOutcome, receipt.PointsEarned));
        var bonus = Assert.Single(await kit.LedgerAsync(sam), e => e.Kind == PointsEntryKind.Bonus);
        Assert.Equal((200L, "offer:" + code.Id), (bonus.Points, bonus.IdempotencyKey));
        Assert.Equal(200, (await kit.ActivationAsync(code.Id)).BonusPoints);
    }

    [Fact]
    public async Task The_same_order_sent_again_does_not_use_the_code_twice()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync(OfferKind.PointsMultiplier, 2);
        var (sam, number) = await kit.AddCustomerAsync();
        var code = (await kit.ActivateAsync(sam, offer.Id)).Activation!;
        var input = new PurchaseInput(number, "ORD-SAME", kit.Now, PurchaseChannel.Online, [new PurchaseLineInput("Grocery", 1, 10_000)], code.Code);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
            kit.Db.UseAsync<PurchaseIngestion, PurchaseOutcome<PurchaseReceipt>>(i => i.RecordAsync(input, null)))));

        Assert.All(outcomes, o => Assert.Equal(OfferOutcomes.Applied, o.Value!.OfferOutcome));
        Assert.Single(await kit.LedgerAsync(sam), e => e.Kind == PointsEntryKind.Bonus);
        Assert.Single(await kit.Db.OutboxAsync(nameof(OfferRedeemed)));
    }
}
