using Portal.Core.Customers;
using Portal.Core.Offers;
using Portal.Core.Security;
using Portal.Core.Tests.Security;

namespace Portal.Core.Tests.Offers;

/// <summary>/offers is computed once per stamp: whatever changes what the customer sees shows on the next request.</summary>
public class OfferPageTests
{
    private static Task<OfferPage> PageAsync(OfferKit kit, string customerId) =>
        kit.Db.UseAsync<OfferService, OfferPage>(s => s.PageAsync(customerId));

    [Fact]
    public async Task The_page_is_kept_while_nothing_changes()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync();
        var (sam, _) = await kit.AddCustomerAsync();

        var first = await PageAsync(kit, sam);
        var again = await PageAsync(kit, sam);

        Assert.Same(first, again);
        Assert.Equal(offer.Id, Assert.Single(again.Offers).Offer.Id);
    }

    [Fact]
    public async Task Kept_pages_share_one_copy_of_each_offer()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync(limit: 2);
        var (sam, _) = await kit.AddCustomerAsync();
        var (lina, _) = await kit.AddCustomerAsync("Lina Saad");
        await kit.ActivateAsync(sam, offer.Id);

        var his = await PageAsync(kit, sam);
        var hers = await PageAsync(kit, lina);

        Assert.Same(his.Offers.Single().Offer, hers.Offers.Single().Offer);
        Assert.Same(his.Offers.Single().Offer, his.History.Single().Offer);
    }

    [Fact]
    public async Task A_staff_edit_publishing_and_withdrawing_show_on_the_next_request()
    {
        await using var kit = await OfferKit.CreateAsync();
        var offer = await kit.AddOfferAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        Assert.Equal("Ten off", Assert.Single((await PageAsync(kit, sam)).Offers).Offer.TitleEn);

        var edited = (await kit.Db.UseAsync<OfferAdmin, Offer?>(a => a.FindAsync(offer.Id)))!;
        edited.TitleEn = "Twelve off";
        Assert.Null((await kit.Db.UseAsync<OfferAdmin, (Offer?, OfferEditError?)>(a => a.SaveAsync(edited))).Item2);
        Assert.Equal("Twelve off", Assert.Single((await PageAsync(kit, sam)).Offers).Offer.TitleEn);

        var second = await kit.AddOfferAsync(value: 20);
        Assert.Equal(2, (await PageAsync(kit, sam)).Offers.Count);

        await kit.Db.UseAsync<OfferAdmin, bool>(a => a.SetPublishedAsync(second.Id, false));
        Assert.Equal(offer.Id, Assert.Single((await PageAsync(kit, sam)).Offers).Offer.Id);
    }

    [Fact]
    public async Task Activating_using_the_code_and_another_customer_taking_the_last_one_show_on_the_next_request()
    {
        await using var kit = await OfferKit.CreateAsync();
        var shared = await kit.AddOfferAsync(budget: 1);
        var mine = await kit.AddOfferAsync(value: 20);
        var (sam, number) = await kit.AddCustomerAsync();
        var (lina, _) = await kit.AddCustomerAsync("Lina Saad");
        Assert.Equal(2, (await PageAsync(kit, sam)).Offers.Count);

        Assert.True((await kit.ActivateAsync(lina, shared.Id)).Succeeded);
        var code = (await kit.ActivateAsync(sam, mine.Id)).Activation!;
        var page = await PageAsync(kit, sam);
        Assert.Equal(code.Code, Assert.Single(page.Offers).Code!.Code);
        Assert.Equal(code.Id, Assert.Single(page.History).Id);

        await kit.BuyAsync(number, 10_000, code.Code);
        page = await PageAsync(kit, sam);
        Assert.Empty(page.Offers);
        Assert.Equal(ActivationStatus.Redeemed, Assert.Single(page.History).Status);
    }

    [Fact]
    public async Task A_released_hold_shows_the_code_on_the_next_request()
    {
        await using var kit = await OfferKit.CreateAsync();
        var (sam, _) = await kit.AddCustomerAsync();
        var offer = await kit.AddOfferAsync();
        await HoldKit.RecordAsync(kit.Db, new PasswordChanged(sam));
        await kit.ActivateAsync(sam, offer.Id);
        var alert = Assert.Single(await HoldKit.AlertsAfterDispatchAsync(kit.Db, sam));
        Assert.Equal(ActivationStatus.Held, Assert.Single((await PageAsync(kit, sam)).Offers).Code!.Status);

        Assert.True((await HoldKit.DecideAsync(kit.Db, alert.Id, HoldDecision.Release)).Succeeded);

        Assert.Equal(ActivationStatus.Activated, Assert.Single((await PageAsync(kit, sam)).Offers).Code!.Status);
    }

    [Fact]
    public async Task An_offer_that_ends_inside_the_minute_leaves_the_page_at_its_end()
    {
        await using var kit = await OfferKit.CreateAsync();
        kit.Db.Clock.Advance(TimeSpan.FromSeconds(30));
        var offer = await kit.AddOfferAsync(validDays: 2);
        var (sam, _) = await kit.AddCustomerAsync();
        var code = (await kit.ActivateAsync(sam, offer.Id)).Activation!;

        kit.Db.Clock.Now = new DateTimeOffset(offer.ValidUntilUtc.AddSeconds(-10), TimeSpan.Zero);
        Assert.Equal(code.Code, Assert.Single((await PageAsync(kit, sam)).Offers).Code!.Code);

        kit.Db.Clock.Advance(TimeSpan.FromSeconds(15));
        var page = await PageAsync(kit, sam);
        Assert.Empty(page.Offers);
        Assert.Equal(ActivationStatus.Expired, Assert.Single(page.History).Status);
    }
}
