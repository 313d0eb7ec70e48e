using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Loyalty;

namespace Portal.Core.Tests.Loyalty;

public class RedemptionTests
{
    private static async Task<(LoyaltyKit Kit, string Id)> CustomerWithActivePointsAsync(long points)
    {
        var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();
        await kit.AdjustAsync(id, points);
        return (kit, id);
    }

    [Fact]
    public async Task Redeeming_spends_the_cost_and_issues_a_single_use_code()
    {
        var (kit, id) = await CustomerWithActivePointsAsync(500);
        await using var _ = kit;
        var reward = await kit.AddRewardAsync(300);

        var redemption = (await kit.RedeemAsync(id, reward.Id)).Value!;

        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{10}$", redemption.Code);
        Assert.Equal(200, (await kit.SummaryAsync(id)).Active);
        var used = await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().UseCodeAsync(RewardRules.Grouped(redemption.Code).ToLowerInvariant(), "Omar"));
        Assert.True(used.Succeeded);
        var again = await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().UseCodeAsync(redemption.Code, "Omar"));
        Assert.Equal(LoyaltyError.CodeAlreadyUsed, again.Error);
    }

    [Fact]
    public async Task Twenty_concurrent_redemptions_against_a_balance_that_covers_one_give_exactly_one_code()
    {
        var (kit, id) = await CustomerWithActivePointsAsync(450);
        await using var _ = kit;
        var reward = await kit.AddRewardAsync(300);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => kit.RedeemAsync(id, reward.Id))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(LoyaltyError.InsufficientPoints, r.Error));
        Assert.Equal(1, await kit.CountAsync<Redemption>());
        Assert.Equal(150, (await kit.SummaryAsync(id)).Active);
    }

    [Fact]
    public async Task Twenty_concurrent_repeats_of_one_request_give_one_redemption_to_all()
    {
        var (kit, id) = await CustomerWithActivePointsAsync(5_000);
        await using var _ = kit;
        var reward = await kit.AddRewardAsync(300);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => kit.RedeemAsync(id, reward.Id, "tap-1"))));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Single(results.Select(r => r.Value!.Code).Distinct());
        Assert.Equal(4_700, (await kit.SummaryAsync(id)).Active);
    }

    [Fact]
    public async Task Not_enough_points_changes_nothing()
    {
        var (kit, id) = await CustomerWithActivePointsAsync(100);
        await using var _ = kit;
        var reward = await kit.AddRewardAsync(300, stock: 5);

        Assert.Equal(LoyaltyError.InsufficientPoints, (await kit.RedeemAsync(id, reward.Id)).Error);
        Assert.Equal(100, (await kit.SummaryAsync(id)).Active);
        Assert.Equal(5, (await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().FindAsync(reward.Id)))!.Stock);
    }

    [Fact]
    public async Task The_last_item_in_stock_goes_to_one_customer()
    {
        var (kit, id) = await CustomerWithActivePointsAsync(1_000);
        await using var _ = kit;
        var reward = await kit.AddRewardAsync(100, stock: 1);

        Assert.True((await kit.RedeemAsync(id, reward.Id)).Succeeded);
        Assert.Equal(LoyaltyError.OutOfStock, (await kit.RedeemAsync(id, reward.Id)).Error);
        Assert.Equal(900, (await kit.SummaryAsync(id)).Active);
    }

    [Fact]
    public async Task A_reward_for_a_higher_tier_is_refused()
    {
        var (kit, id) = await CustomerWithActivePointsAsync(1_000);
        await using var _ = kit;
        var reward = await kit.AddRewardAsync(100, minimumTier: Tier.Gold);

        Assert.Equal(LoyaltyError.TierTooLow, (await kit.RedeemAsync(id, reward.Id)).Error);
        var item = Assert.Single(await kit.UseAsync(sp => sp.GetRequiredService<RewardsCatalog>().CatalogForAsync(id)));
        Assert.False(item.CanRedeem);
        Assert.True(item.Affordable);
    }

    [Fact]
    public void Rewards_without_both_names_or_with_a_bad_cost_are_refused()
    {
        Assert.Equal(RewardEditError.NameRequired, RewardsCatalog.Validate(new Reward { NameEn = "Tea", CostPoints = 10 }));
        Assert.Equal(RewardEditError.InvalidCost, RewardsCatalog.Validate(new Reward { NameEn = "Tea", NameAr = "شاي", CostPoints = 0 }));
        var now = DateTime.UtcNow;
        Assert.Equal(RewardEditError.InvalidWindow, RewardsCatalog.Validate(new Reward { NameEn = "Tea", NameAr = "شاي", CostPoints = 5, AvailableFromUtc = now, AvailableUntilUtc = now }));
    }

    [Fact]
    public async Task Integration_keys_work_until_revoked_and_only_their_hash_is_stored()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (key, secret) = (await kit.UseAsync(sp => sp.GetRequiredService<IntegrationKeys>().CreateAsync("Riyadh till 3", "Omar")))!.Value;

        Assert.DoesNotContain(secret.Split('_')[2], key.SecretHash);
        Assert.Equal(key.Id, (await kit.UseAsync(sp => sp.GetRequiredService<IntegrationKeys>().AuthenticateAsync(secret)))?.Id);
        Assert.Null(await kit.UseAsync(sp => sp.GetRequiredService<IntegrationKeys>().AuthenticateAsync(secret[..^1] + (secret[^1] == 'x' ? 'y' : 'x'))));

        Assert.True(await kit.UseAsync(sp => sp.GetRequiredService<IntegrationKeys>().RevokeAsync(key.Id, "Omar")));
        Assert.Null(await kit.UseAsync(sp => sp.GetRequiredService<IntegrationKeys>().AuthenticateAsync(secret)));
    }
}
