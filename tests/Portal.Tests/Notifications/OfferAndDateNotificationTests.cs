using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Notifications;
using Portal.Core.Offers;
using Portal.Core.SpecialDates;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Notifications;

public class OfferAndDateNotificationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task RaiseAsync(IDomainEvent e)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Outbox>().Raise(e);
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
    }

    private Task<Paged<InboxItem>> InboxAsync(string customerId) =>
        factory.WithServiceAsync<Paged<InboxItem>, NotificationInbox>(i => i.PageAsync(customerId, 1));

    [Fact]
    public async Task A_birthday_reward_reaches_the_customer_in_their_language_with_a_link_to_claim_it()
    {
        var customer = await factory.NotifiableCustomerAsync(Languages.Arabic);

        await RaiseAsync(new SpecialDateRewardAvailable(customer.Id, 1, SpecialDateKind.Birthday, 2026, 300, new DateOnly(2026, 12, 31)));
        await factory.DeliverAsync();

        var item = Assert.Single((await InboxAsync(customer.Id)).Items);
        Assert.Equal("مكافأة عيد ميلادك بانتظارك", item.Title);
        Assert.Equal("/special-dates", item.Link);
        Assert.Equal("مكافأة عيد ميلادك بانتظارك", factory.LastEmailTo(customer.Email!)?.Subject);
    }

    [Fact]
    public async Task New_offers_are_marketing_and_reach_a_customer_only_after_they_opt_in_with_one_click_unsubscribe()
    {
        var customer = await factory.NotifiableCustomerAsync();

        await RaiseAsync(new OfferAvailable(customer.Id, [1, 2]));
        await factory.DeliverAsync();
        Assert.Empty((await InboxAsync(customer.Id)).Items);
        Assert.Null(factory.LastEmailTo(customer.Email!));

        foreach (var channel in new[] { NotificationChannel.Email, NotificationChannel.InApp })
            await factory.WithServiceAsync<PreferenceError?, NotificationPreferences>(p =>
                p.SetAsync(customer.Id, NotificationTopic.Offers, channel, true, NotificationPreferences.SourceSettings));
        await RaiseAsync(new OfferAvailable(customer.Id, [3]));
        await factory.DeliverAsync();

        var item = Assert.Single((await InboxAsync(customer.Id)).Items);
        Assert.Equal(("New offers picked for you", "/offers"), (item.Title, item.Link));
        var mail = factory.LastEmailTo(customer.Email!);
        Assert.Equal("New offers picked for you", mail?.Subject);
        Assert.NotNull(mail!.Headers["List-Unsubscribe"]);
    }
}
