using Portal.Core.Offers;

namespace Portal.Core.Tests.Offers;

public class OfferEventsTests
{
    [Fact]
    public async Task OfferAvailable_is_one_event_per_customer_with_all_their_new_offers_and_only_once()
    {
        await using var kit = await OfferKit.CreateAsync();
        var first = await kit.AddOfferAsync();
        var second = await kit.AddOfferAsync();
        await kit.AddOfferAsync(segments: "Vip");
        await kit.AddOfferAsync(publish: false);
        var (sam, _) = await kit.AddCustomerAsync();
        var (layla, _) = await kit.AddCustomerAsync("Layla");

        Assert.Equal(2, await kit.Db.UseAsync<OfferService, int>(s => s.NotifyAvailableAsync()));
        Assert.Equal(0, await kit.Db.UseAsync<OfferService, int>(s => s.NotifyAvailableAsync()));

        var events = await kit.Db.OutboxAsync(nameof(OfferAvailable));
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Contains($"[{first.Id},{second.Id}]", e.Payload));
        Assert.Equal(new[] { layla, sam }.Order(), events.Select(e => e.StreamKey).Order());

        var third = await kit.AddOfferAsync();
        Assert.Equal(2, await kit.Db.UseAsync<OfferService, int>(s => s.NotifyAvailableAsync()));
        Assert.All((await kit.Db.OutboxAsync(nameof(OfferAvailable))).Skip(2), e => Assert.Contains($"[{third.Id}]", e.Payload));
    }

    [Fact]
    public async Task OfferExpiringSoon_is_raised_once_per_activated_code()
    {
        await using var kit = await OfferKit.CreateAsync();
        var soon = await kit.AddOfferAsync(validDays: 1);
        var later = await kit.AddOfferAsync(validDays: 20);
        var (sam, _) = await kit.AddCustomerAsync();
        var code = (await kit.ActivateAsync(sam, soon.Id)).Activation!;
        await kit.ActivateAsync(sam, later.Id);

        Assert.Equal(1, await kit.Db.UseAsync<OfferService, int>(s => s.WarnExpiringAsync(TimeSpan.FromDays(2))));
        Assert.Equal(0, await kit.Db.UseAsync<OfferService, int>(s => s.WarnExpiringAsync(TimeSpan.FromDays(2))));

        var e = Assert.Single(await kit.Db.OutboxAsync(nameof(OfferExpiringSoon)));
        Assert.Contains($"\"ActivationId\":{code.Id}", e.Payload);
    }
}
