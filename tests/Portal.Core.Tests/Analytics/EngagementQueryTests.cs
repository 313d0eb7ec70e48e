using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Analytics;
using Portal.Core.Loyalty;

namespace Portal.Core.Tests.Analytics;

public class EngagementQueryTests
{
    [Fact]
    public async Task Engagement_counts_recent_purchases_sign_ins_in_90_days_and_redemptions_in_12_months()
    {
        await using var kit = await AnalyticsKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, kit.Now.AddDays(-400), ("Grocery", 900_00));
        await kit.BuyAsync(number, kit.Now.AddDays(-200), ("Grocery", 10_00));
        await kit.BuyAsync(number, kit.Now.AddDays(-9), ("Grocery", 10_00));
        await kit.SignInAsync(id, kit.Now.AddDays(-1));
        await kit.SignInAsync(id, kit.Now.AddDays(-89));
        await kit.SignInAsync(id, kit.Now.AddDays(-91));
        await kit.UseAsync(async sp =>
        {
            Assert.True((await sp.GetRequiredService<PointsLedger>().AdjustAsync(id, 1_000, "Welcome", "staff-1", "Omar", "k1")).Succeeded);
            var reward = (await sp.GetRequiredService<RewardsCatalog>().SaveAsync(new Reward { NameEn = "Coffee", NameAr = "قهوة", CostPoints = 100 })).Reward!;
            var rewards = sp.GetRequiredService<RewardsCatalog>();
            Assert.True((await rewards.RedeemAsync(id, reward.Id, "r1")).Succeeded);
            Assert.True((await rewards.RedeemAsync(id, reward.Id, "r2")).Succeeded);
            return true;
        });

        var score = await kit.AnalyticsAsync(a => a.EngagementAsync(id));

        EngagementComponent Part(EngagementComponentKind kind) => score.Components.Single(c => c.Kind == kind);
        Assert.Equal(9, Part(EngagementComponentKind.Recency).Measure);
        Assert.Equal(2, Part(EngagementComponentKind.Frequency).Measure);
        Assert.Equal(2, Part(EngagementComponentKind.SignIns).Measure);
        Assert.Equal(2, Part(EngagementComponentKind.Redemptions).Measure);
        Assert.Equal((true, (int?)0), (Part(EngagementComponentKind.Referrals).Counted, Part(EngagementComponentKind.Referrals).Measure));
        Assert.Equal(Engagement.Score(9, 2, 2, 0, 2), score with { Components = score.Components }, new ScoreComparer());
    }

    [Fact]
    public async Task Friends_rewarded_in_the_last_12_months_count_as_referrals()
    {
        await using var kit = await AnalyticsKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();
        var friends = new List<string>();
        for (var i = 0; i < 4; i++) friends.Add((await kit.AddCustomerAsync($"Friend{i}")).Id);
        await kit.UseAsync(async sp =>
        {
            var db = sp.GetRequiredService<Portal.Core.Data.PortalDbContext>();
            Portal.Core.Referrals.Referral Referral(string friend, Portal.Core.Referrals.ReferralState state, int daysAgo) => new()
            {
                ReferrerId = id, FriendId = friend, Code = "ABC123", State = state, RegisteredAtUtc = kit.Now.AddDays(-daysAgo - 5),
                RewardedAtUtc = state == Portal.Core.Referrals.ReferralState.Rewarded ? kit.Now.AddDays(-daysAgo) : null,
            };
            db.AddRange(
                Referral(friends[0], Portal.Core.Referrals.ReferralState.Rewarded, 10),
                Referral(friends[1], Portal.Core.Referrals.ReferralState.Rewarded, 300),
                Referral(friends[2], Portal.Core.Referrals.ReferralState.Rewarded, 400),
                Referral(friends[3], Portal.Core.Referrals.ReferralState.Pending, 1));
            return await db.SaveChangesAsync();
        });

        var score = await kit.AnalyticsAsync(a => a.EngagementAsync(id));

        var referrals = score.Components.Single(c => c.Kind == EngagementComponentKind.Referrals);
        Assert.Equal((true, (int?)2), (referrals.Counted, referrals.Measure));
        Assert.Equal(10.0, referrals.Points, 6);
    }

    private sealed class ScoreComparer : IEqualityComparer<EngagementScore>
    {
        public bool Equals(EngagementScore? x, EngagementScore? y) => x!.Score == y!.Score && x.Components.SequenceEqual(y.Components);
        public int GetHashCode(EngagementScore obj) => obj.Score;
    }
}
