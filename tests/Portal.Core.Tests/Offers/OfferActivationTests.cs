using Portal.Core.Offers;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Offers;

public class OfferActivationTests
{
    [Fact]
    public async Task Twenty_racing_activations_on_an_offer_with_one_left_give_exactly_one_code()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync(budget: 1);
        var customers = new List<string>();
        for (var i = 0; i < 20; i++) customers.Add((await kit.AddCustomerAsync("Customer " + i)).Id);

        var outcomes = await Task.WhenAll(customers.Select(c => Task.Run(() => kit.ActivateAsync(c, offer.Id))));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.Equal(19, outcomes.Count(o => o.Error == OfferError.BudgetExhausted));
        Assert.Equal(1, await kit.Db.CountAsync<OfferActivation>());
        Assert.Equal(1, (await kit.Db.UseAsync<OfferAdmin, Offer?>(a => a.FindAsync(offer.Id)))!.Issued);
    }

    [Fact]
    public async Task Twenty_racing_activations_by_one_customer_stop_at_their_limit()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync(limit: 2);
        var (sam, _) = await kit.AddCustomerAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => kit.ActivateAsync(sam, offer.Id))));

        Assert.Equal(2, outcomes.Count(o => o.Succeeded));
        Assert.Equal(18, outcomes.Count(o => o.Error == OfferError.LimitReached));
        Assert.Equal(2, outcomes.Where(o => o.Succeeded).Select(o => o.Activation!.Code).Distinct().Count());
        Assert.Equal(2, (await kit.Db.UseAsync<OfferAdmin, Offer?>(a => a.FindAsync(offer.Id)))!.Issued);
    }

    [Fact]
    public async Task The_same_request_key_gives_the_same_code_once()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync(limit: 3);
        var (sam, _) = await kit.AddCustomerAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => kit.ActivateAsync(sam, offer.Id, "click-1"))));

        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.Single(outcomes.Select(o => o.Activation!.Code).Distinct());
        Assert.Equal(1, await kit.Db.CountAsync<OfferActivation>());
    }

    [Fact]
    public async Task A_code_is_bound_to_the_customer_and_ends_with_the_offer()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync(validDays: 5);
        var (sam, _) = await kit.AddCustomerAsync();

        var outcome = await kit.ActivateAsync(sam, offer.Id);

        Assert.Equal(sam, outcome.Activation!.CustomerId);
        Assert.Equal(ActivationStatus.Activated, outcome.Activation.Status);
        Assert.Equal(offer.ValidUntilUtc, outcome.Activation.ExpiresAtUtc);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{10}$", outcome.Activation.Code);
    }

    [Fact]
    public async Task Offers_for_another_segment_or_tier_cannot_be_activated_or_seen()
    {
        await using var kit = await OfferKit.CreateAsync();
        var vip = await kit.AddOfferAsync(segments: "Vip");
        var gold = await kit.AddOfferAsync(tiers: "Gold");
        var open = await kit.AddOfferAsync();
        var (sam, _) = await kit.AddCustomerAsync();

        Assert.Equal(OfferError.NotForYou, (await kit.ActivateAsync(sam, vip.Id)).Error);
        Assert.Equal(OfferError.NotForYou, (await kit.ActivateAsync(sam, gold.Id)).Error);
        Assert.Equal([open.Id], (await kit.PersonalizedAsync(sam)).Select(p => p.Offer.Id));
    }

    [Fact]
    public async Task Drafts_and_ended_offers_are_refused()
    {
        await using var kit = await OfferKit.CreateAsync();
        var draft = await kit.AddOfferAsync(publish: false);
        var ending = await kit.AddOfferAsync(validDays: 1);
        var (sam, _) = await kit.AddCustomerAsync();
        kit.Db.Clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(OfferError.NotFound, (await kit.ActivateAsync(sam, draft.Id)).Error);
        Assert.Equal(OfferError.Ended, (await kit.ActivateAsync(sam, ending.Id)).Error);
        Assert.Empty(await kit.PersonalizedAsync(sam));
    }

    [Fact]
    public async Task Personalized_offers_keep_a_held_code_and_drop_used_up_ones()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync(limit: 1);
        var (sam, number) = await kit.AddCustomerAsync();

        var code = (await kit.ActivateAsync(sam, offer.Id)).Activation!;
        var held = Assert.Single(await kit.PersonalizedAsync(sam));
        Assert.Equal(code.Code, held.Code!.Code);
        Assert.False(held.CanActivate);

        await kit.BuyAsync(number, 10_000, code.Code);
        Assert.Empty(await kit.PersonalizedAsync(sam));
    }
}
