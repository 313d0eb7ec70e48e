using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Loyalty;

namespace Portal.Core.Tests.Loyalty;

public class RewardSwitchTests
{
    [Fact]
    public async Task Switching_a_reward_off_hides_it_from_customers_and_keeps_its_stock()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();
        await kit.AdjustAsync(id, 500);
        var reward = await kit.AddRewardAsync(100, stock: 3);
        await kit.RedeemAsync(id, reward.Id);

        var switched = await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().SetActiveAsync(reward.Id, false));

        Assert.True(switched);
        var stored = await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().FindAsync(reward.Id));
        Assert.Equal((false, (int?)2), (stored!.IsActive, stored.Stock));
        Assert.Empty(await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().CatalogForAsync(id)));
        Assert.Equal(LoyaltyError.RewardNotFound, (await kit.RedeemAsync(id, reward.Id)).Error);

        await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().SetActiveAsync(reward.Id, true));
        Assert.Single(await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().CatalogForAsync(id)));
    }

    [Fact]
    public async Task Switching_a_reward_that_does_not_exist_says_so()
    {
        await using var kit = await LoyaltyKit.CreateAsync();

        Assert.False(await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().SetActiveAsync(404, false)));
    }
}
