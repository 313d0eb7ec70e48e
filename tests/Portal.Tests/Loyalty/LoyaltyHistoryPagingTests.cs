using AngleSharp.Dom;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

public class LoyaltyHistoryPagingTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_redemption_on_a_later_page_of_the_history_is_named_after_its_reward()
    {
        var customer = await factory.NewCustomerAsync();
        var reward = await factory.AddRewardAsync("Paging coffee " + Guid.NewGuid().ToString("N")[..6], 100);
        await factory.GivePointsAsync(customer, 500);
        await factory.RedeemAsync(customer, reward);
        for (var i = 0; i < 25; i++) await factory.GivePointsAsync(customer, 1);
        using var client = await factory.SignedInAsync(customer.Email!);

        var first = await client.GetDocumentAsync("/loyalty");
        Assert.DoesNotContain(reward.NameEn, first.QuerySelector("#points-history")!.TextContent);
        var before = first.QuerySelector("#history-more input[name=before]")!.GetAttribute("value");

        var second = await client.GetDocumentAsync("/loyalty?before=" + before);

        Assert.Contains("Redeemed " + reward.NameEn, second.QuerySelector("#points-history")!.TextContent.Squash());
    }
}
