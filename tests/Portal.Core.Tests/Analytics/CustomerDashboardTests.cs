using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Analytics;

namespace Portal.Core.Tests.Analytics;

public class CustomerDashboardTests
{
    private static Task<CustomerDashboardData> DashboardAsync(AnalyticsKit kit, string id) =>
        kit.UseAsync(sp => sp.GetRequiredService<CustomerDashboard>().GetAsync(id, 12, 10));

    [Fact]
    public async Task A_purchase_or_refund_shows_on_the_next_view_though_the_figures_are_reused_in_between()
    {
        await using var kit = await AnalyticsKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, kit.Now.AddDays(-10), ("Grocery", 100_00));

        var first = await DashboardAsync(kit, id);
        Assert.Same(first, await DashboardAsync(kit, id));

        var order = await kit.BuyAsync(number, kit.Now.AddHours(-1), ("Electronics", 300_00));
        var afterPurchase = await DashboardAsync(kit, id);
        Assert.Equal((2, 400_00L), (afterPurchase.Totals.Purchases, afterPurchase.Totals.SpentMinor));
        Assert.Equal("Electronics", afterPurchase.ByCategory[0].Category);
        Assert.Equal(order, afterPurchase.FirstHistoryPage.Items[0].OrderId);

        await kit.RefundAsync(order, 300_00);
        var afterRefund = await DashboardAsync(kit, id);
        Assert.Equal(100_00L, afterRefund.Totals.SpentMinor);
        Assert.Equal(300_00L, afterRefund.FirstHistoryPage.Items[0].RefundedMinor);
    }

    [Fact]
    public async Task A_sign_in_and_the_passing_of_time_reach_the_engagement_score()
    {
        await using var kit = await AnalyticsKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, kit.Now.AddDays(-10), ("Grocery", 100_00));
        var before = await DashboardAsync(kit, id);

        await kit.SignInAsync(id, kit.Now);
        var signedIn = await DashboardAsync(kit, id);
        Assert.Equal(1, signedIn.Engagement.Components.Single(c => c.Kind == EngagementComponentKind.SignIns).Measure);
        Assert.True(signedIn.Engagement.Score > before.Engagement.Score);

        kit.Clock.Advance(TimeSpan.FromDays(100));
        var later = await DashboardAsync(kit, id);
        Assert.Equal(110, later.Engagement.Components.Single(c => c.Kind == EngagementComponentKind.Recency).Measure);
    }
}
