using Portal.Core.Customers;
using Portal.Core.Offers;
using Portal.Core.Security;
using Portal.Core.Tests.Offers;

namespace Portal.Core.Tests.Security;

public class OfferActivationHoldTests
{
    private static Task<Offer?> OfferAsync(OfferKit kit, long id) => kit.Db.UseAsync<OfferAdmin, Offer?>(a => a.FindAsync(id));

    [Fact]
    public async Task An_activation_a_second_inside_24_hours_of_an_email_change_is_held_without_a_usable_code_and_at_24_hours_it_is_not()
    {
        await using var kit = await OfferKit.CreateAsync();
        var (held, heldNumber) = await kit.AddCustomerAsync();
        var (free, _) = await kit.AddCustomerAsync("Lina Saad");
        var offer = await kit.AddOfferAsync(limit: 2);
        await HoldKit.RecordAsync(kit.Db, new EmailChangeRequested(held));
        await HoldKit.RecordAsync(kit.Db, new EmailChangeRequested(free));

        kit.Db.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var activation = (await kit.ActivateAsync(held, offer.Id)).Activation!;
        Assert.Equal(ActivationStatus.Held, activation.Status);
        Assert.True(activation.CodeWithheld);
        var card = Assert.Single(await kit.PersonalizedAsync(held));
        Assert.Equal(ActivationStatus.Held, card.Code!.Status);
        Assert.Equal(OfferOutcomes.Held, (await kit.BuyAsync(heldNumber, 10_000, activation.Code)).OfferOutcome);
        Assert.Equal(ActivationStatus.Held, (await kit.ActivationAsync(activation.Id)).Status);

        kit.Db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ActivationStatus.Activated, (await kit.ActivateAsync(free, offer.Id)).Activation!.Status);

        var alert = Assert.Single(await HoldKit.AlertsAfterDispatchAsync(kit.Db, held));
        Assert.Equal((AlertKind.OfferActivationHeld, HeldItem.OfferActivation, activation.Id), (alert.Kind, alert.HeldItem!.Value, alert.HeldItemId!.Value));
        Assert.Empty(await HoldKit.AlertsAfterDispatchAsync(kit.Db, free));
    }

    [Fact]
    public async Task Released_once_the_code_works_at_the_till()
    {
        await using var kit = await OfferKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        var offer = await kit.AddOfferAsync();
        await HoldKit.RecordAsync(kit.Db, new PasswordChanged(id));
        var activation = (await kit.ActivateAsync(id, offer.Id)).Activation!;
        var alert = Assert.Single(await HoldKit.AlertsAfterDispatchAsync(kit.Db, id));

        Assert.True((await HoldKit.DecideAsync(kit.Db, alert.Id, HoldDecision.Release)).Succeeded);
        Assert.Equal(AlertError.AlreadyResolved, (await HoldKit.DecideAsync(kit.Db, alert.Id, HoldDecision.Cancel)).Error);

        Assert.Equal(ActivationStatus.Activated, (await kit.ActivationAsync(activation.Id)).Status);
        Assert.Equal(OfferOutcomes.Applied, (await kit.BuyAsync(number, 10_000, activation.Code)).OfferOutcome);
        Assert.Equal(1, (await OfferAsync(kit, offer.Id))!.Issued);
    }

    [Fact]
    public async Task Cancelled_once_the_code_never_works_and_its_place_in_the_budget_and_the_limit_is_given_back()
    {
        await using var kit = await OfferKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        var (other, _) = await kit.AddCustomerAsync("Lina Saad");
        var offer = await kit.AddOfferAsync(limit: 1, budget: 1);
        await HoldKit.RecordAsync(kit.Db, new PasswordChanged(id));
        var activation = (await kit.ActivateAsync(id, offer.Id)).Activation!;
        Assert.Equal(OfferError.BudgetExhausted, (await kit.ActivateAsync(other, offer.Id)).Error);
        var alert = Assert.Single(await HoldKit.AlertsAfterDispatchAsync(kit.Db, id));

        var decisions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => HoldKit.DecideAsync(kit.Db, alert.Id, HoldDecision.Cancel))));

        Assert.Single(decisions, d => d.Succeeded);
        Assert.Equal(ActivationStatus.Cancelled, (await kit.ActivationAsync(activation.Id)).Status);
        Assert.Equal(0, (await OfferAsync(kit, offer.Id))!.Issued);
        Assert.Equal(OfferOutcomes.Cancelled, (await kit.BuyAsync(number, 10_000, activation.Code)).OfferOutcome);
        // The customer may activate again once the hold window has passed; a code is again one of one.
        kit.Db.Clock.Advance(TimeSpan.FromHours(24));
        var again = (await kit.ActivateAsync(id, offer.Id)).Activation!;
        Assert.Equal(ActivationStatus.Activated, again.Status);
        Assert.Equal(OfferError.BudgetExhausted, (await kit.ActivateAsync(other, offer.Id)).Error);
    }
}
