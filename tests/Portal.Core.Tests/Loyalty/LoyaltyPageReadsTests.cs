using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Loyalty;

namespace Portal.Core.Tests.Loyalty;

/// <summary>The points page's rows are read once per stamp: whatever changes them shows on the next request.</summary>
public class LoyaltyPageReadsTests
{
    private static Task<LoyaltyPageRows> RowsAsync(LoyaltyKit kit, string customerId) =>
        kit.UseAsync(sp => sp.GetRequiredService<LoyaltyPageReads>().GetAsync(customerId, 21));

    private static Task<T> CatalogAsync<T>(LoyaltyKit kit, Func<RewardsCatalog, Task<T>> use) =>
        kit.UseAsync(sp => use(sp.GetRequiredService<RewardsCatalog>()));

    [Fact]
    public async Task The_rows_are_kept_while_nothing_changes()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (sara, _) = await kit.AddCustomerAsync();
        await kit.AdjustAsync(sara, 500);
        await kit.AddRewardAsync(300);

        var first = await RowsAsync(kit, sara);

        Assert.Same(first, await RowsAsync(kit, sara));
        Assert.Single(first.Rewards);
        Assert.Single(first.History);
    }

    [Fact]
    public async Task Redeeming_using_the_code_and_another_customer_taking_the_last_one_show_on_the_next_request()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (sara, _) = await kit.AddCustomerAsync();
        var (omar, _) = await kit.AddCustomerAsync("Omar");
        await kit.AdjustAsync(sara, 500);
        await kit.AdjustAsync(omar, 500);
        var coffee = await kit.AddRewardAsync(100, stock: 1);
        var bag = await kit.AddRewardAsync(200, name: "Bag");
        Assert.Equal(1, (await RowsAsync(kit, sara)).Rewards.Single(r => r.Id == coffee.Id).Stock);

        Assert.True((await kit.RedeemAsync(omar, coffee.Id)).Succeeded);
        Assert.Equal(0, (await RowsAsync(kit, sara)).Rewards.Single(r => r.Id == coffee.Id).Stock);

        var code = (await kit.RedeemAsync(sara, bag.Id)).Value!;
        var rows = await RowsAsync(kit, sara);
        Assert.Equal(code.Code, Assert.Single(rows.Redemptions).Code);
        Assert.Equal(PointsEntryKind.Redeem, rows.History[0].Kind);

        Assert.True((await CatalogAsync(kit, c => c.UseCodeAsync(code.Code, "Nadia"))).Succeeded);
        Assert.NotNull(Assert.Single((await RowsAsync(kit, sara)).Redemptions).UsedAtUtc);
    }

    [Fact]
    public async Task A_staff_edit_switching_a_reward_off_and_a_way_to_earn_show_on_the_next_request()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (sara, _) = await kit.AddCustomerAsync();
        var coffee = await kit.AddRewardAsync(100);
        Assert.Equal("Coffee", Assert.Single((await RowsAsync(kit, sara)).Rewards).NameEn);

        var edited = (await CatalogAsync(kit, c => c.FindAsync(coffee.Id)))!;
        edited.NameEn = "Large coffee";
        Assert.Null((await CatalogAsync(kit, c => c.SaveAsync(edited))).Error);
        Assert.Equal("Large coffee", Assert.Single((await RowsAsync(kit, sara)).Rewards).NameEn);

        Assert.True(await CatalogAsync(kit, c => c.SetActiveAsync(coffee.Id, false)));
        Assert.Empty((await RowsAsync(kit, sara)).Rewards);

        Assert.True(await kit.UseAsync(sp => sp.GetRequiredService<EarnBonuses>().SaveAsync(EarnBonusKind.SignUp, 50, true, "Nadia")));
        Assert.Equal(50, Assert.Single((await RowsAsync(kit, sara)).Bonuses).Points);
    }
}
