using Portal.Core.Loyalty;

namespace Portal.Core.Tests.Loyalty;

public class LedgerTests
{
    [Fact]
    public async Task Reaching_a_tier_applies_its_multiplier_to_the_next_purchase()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();

        await kit.BuyAsync(number, 100_000); // 1,000 points: Silver
        Assert.Equal(Tier.Silver, (await kit.SummaryAsync(id)).Tier.Tier);

        var next = (await kit.BuyAsync(number, 10_000)).Value!;
        Assert.Equal(125, next.PointsEarned);
    }

    [Fact]
    public async Task The_summary_says_since_when_the_customer_holds_their_tier()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        kit.Clock.Advance(TimeSpan.FromHours(3));
        var reached = kit.Now;

        await kit.BuyAsync(number, 100_000); // 1,000 points: Silver
        kit.Clock.Advance(TimeSpan.FromDays(2));

        var summary = await kit.SummaryAsync(id);
        Assert.Equal(Tier.Silver, summary.Tier.Tier);
        Assert.Equal(reached, summary.TierSinceUtc);
    }

    [Fact]
    public async Task Skipping_a_tier_gives_every_skipped_tiers_bonus_once()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();

        await kit.BuyAsync(number, 600_000); // 6,000 points: straight to Gold

        var bonuses = (await kit.LedgerAsync(id)).Where(e => e.Kind == PointsEntryKind.Bonus).ToList();
        Assert.Equal(["tier:Silver", "tier:Gold"], bonuses.Select(b => b.SourceRef));
        Assert.Equal([100L, 250L], bonuses.Select(b => b.Points));
        var summary = await kit.SummaryAsync(id);
        Assert.Equal(Tier.Gold, summary.Tier.Tier);
        Assert.Equal(350, summary.Active); // bonuses are spendable at once; the purchase is pending
        Assert.Equal(6_000, summary.QualifyingPoints); // bonuses do not count toward the tier
    }

    [Fact]
    public async Task Losing_a_tier_and_reaching_it_again_does_not_give_its_bonus_twice()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, 100_000, orderId: "A");
        await kit.RefundAsync("A", "RET");
        Assert.Equal(Tier.Bronze, (await kit.SummaryAsync(id)).Tier.Tier);

        await kit.BuyAsync(number, 100_000, orderId: "B");

        Assert.Equal(Tier.Silver, (await kit.SummaryAsync(id)).Tier.Tier);
        Assert.Single(await kit.LedgerAsync(id), e => e.Kind == PointsEntryKind.Bonus);
    }

    [Fact]
    public async Task The_tier_falls_only_when_earnings_leave_the_rolling_twelve_months()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        var start = kit.Now;
        await kit.BuyAsync(number, 520_000, start); // 5,200: Gold
        kit.Clock.Now = start.AddMonths(6);
        await kit.BuyAsync(number, 10_000, kit.Now); // +150 at Gold's 1.5

        kit.Clock.Now = start.AddMonths(12).AddDays(-1);
        await kit.RunDailyAsync();
        Assert.Equal(Tier.Gold, (await kit.SummaryAsync(id)).Tier.Tier);

        kit.Clock.Now = start.AddMonths(12).AddDays(1);
        await kit.RunDailyAsync();
        var summary = await kit.SummaryAsync(id);
        Assert.Equal(150, summary.QualifyingPoints);
        Assert.Equal(Tier.Bronze, summary.Tier.Tier);
    }

    [Fact]
    public void The_keep_tier_warning_names_the_day_the_total_drops_and_the_points_needed()
    {
        var options = new LoyaltyOptions();
        var now = new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);
        QualifyingPoints[] points = [new(now.AddMonths(-11).AddDays(-20), 3_000), new(now.AddMonths(-2), 2_500)];

        var warning = LedgerRules.KeepTierWarning(points, now, options, horizonDays: 60);

        Assert.NotNull(warning);
        Assert.Equal(Tier.Gold, warning.Tier);
        Assert.Equal(now.AddMonths(-11).AddDays(-20).AddMonths(12), warning.ByUtc);
        Assert.Equal(2_500, warning.PointsNeeded); // 5,000 − the 2,500 still in the window then
        Assert.Null(LedgerRules.KeepTierWarning(points, now, options, horizonDays: 5));
    }

    [Fact]
    public async Task Spending_takes_the_points_closest_to_expiry_first()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        var start = kit.Now;
        await kit.BuyAsync(number, 30_000, start, "OLD");
        kit.Clock.Now = start.AddMonths(3);
        await kit.BuyAsync(number, 40_000, kit.Now, "NEW");
        kit.Clock.Now = start.AddMonths(4);
        var reward = await kit.AddRewardAsync(350);

        Assert.True((await kit.RedeemAsync(id, reward.Id)).Succeeded);

        var schedule = (await kit.SummaryAsync(id)).Expiring;
        Assert.Equal(["purchase:NEW"], schedule.Select(e => e.SourceRef));
        Assert.Equal(350, schedule[0].Points);
    }

    [Fact]
    public async Task Points_expire_twelve_months_after_they_became_active_and_the_daily_run_records_it()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        var start = kit.Now;
        await kit.BuyAsync(number, 20_000, start);
        var expires = start.AddDays(14).AddMonths(12);

        kit.Clock.Now = expires.AddDays(-30);
        var soon = Assert.Single((await kit.SummaryAsync(id)).Expiring);
        Assert.True(soon.Soon);
        Assert.Equal(expires, soon.ExpiresAtUtc);

        kit.Clock.Now = expires;
        Assert.Equal(0, (await kit.SummaryAsync(id)).Active);
        await kit.RunDailyAsync();
        await kit.RunDailyAsync();

        var expiry = Assert.Single(await kit.LedgerAsync(id), e => e.Kind == PointsEntryKind.Expire);
        Assert.Equal(-200, expiry.Points);
    }

    [Fact]
    public async Task A_staff_adjustment_needs_a_reason_and_cannot_take_more_than_the_balance()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();

        Assert.Equal(LoyaltyError.ReasonRequired, (await kit.AdjustAsync(id, 50, "  ")).Error);
        Assert.True((await kit.AdjustAsync(id, 50, "Late delivery")).Succeeded);
        Assert.Equal(LoyaltyError.InsufficientPoints, (await kit.AdjustAsync(id, -51)).Error);
        Assert.True((await kit.AdjustAsync(id, -20, "Duplicate award")).Succeeded);

        Assert.Equal(30, (await kit.SummaryAsync(id)).Active);
        var entries = await kit.LedgerAsync(id);
        Assert.All(entries, e => Assert.Equal("Omar", e.ActorName));
        Assert.Equal(["Late delivery", "Duplicate award"], entries.Select(e => e.Note));
    }

    [Fact]
    public async Task A_staff_adjustment_repeated_with_the_same_key_counts_once()
    {
        await using var kit = await LoyaltyKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();

        await kit.AdjustAsync(id, 50, key: "form-1");
        await kit.AdjustAsync(id, 50, key: "form-1");

        Assert.Equal(50, (await kit.SummaryAsync(id)).Active);
    }
}
