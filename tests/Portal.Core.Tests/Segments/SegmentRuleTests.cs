using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Segments;

namespace Portal.Core.Tests.Segments;

public class SegmentRuleTests
{
    [Fact]
    public async Task A_last_purchase_89_days_ago_is_not_inactive_and_90_days_ago_is()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var day89 = await kit.CustomerAsync();
        var day90 = await kit.CustomerAsync();
        await kit.BuyAsync(day89, 89, 5_000);
        await kit.BuyAsync(day90, 90, 5_000);

        await kit.RecomputeAsync();

        Assert.Equal(Segment.Occasional, await kit.SegmentOfAsync(day89));
        Assert.Equal(Segment.Inactive, await kit.SegmentOfAsync(day90));
    }

    [Fact]
    public async Task Inactive_wins_over_VIP()
    {
        await using var kit = await SegmentKit.CreateAsync();
        var lapsedBigSpender = await kit.CustomerAsync();
        await kit.BuyAsync(lapsedBigSpender, 120, 900_000_000);
        var other = await kit.CustomerAsync();
        await kit.BuyAsync(other, 5, 1_000);

        await kit.RecomputeAsync();

        Assert.Equal(Segment.Inactive, await kit.SegmentOfAsync(lapsedBigSpender));
    }

    [Fact]
    public async Task The_top_5_percent_by_trailing_spend_are_VIP_and_the_run_keeps_the_edge()
    {
        await using var kit = await SegmentKit.CreateAsync();
        var ids = new List<string>();
        for (var i = 1; i <= 40; i++)
        {
            var id = await kit.CustomerAsync($"C{i}");
            await kit.BuyAsync(id, 10, i * 100);
            ids.Add(id);
        }

        var run = (await kit.RecomputeAsync()).Run!;

        // 5% of 40 is 2: the customers spending 4,000 and 3,900 minor units; the 95th-percentile edge is 3,900.
        Assert.Equal(3_900, run.VipThresholdMinor);
        Assert.Equal(Segment.Vip, await kit.SegmentOfAsync(ids[39]));
        Assert.Equal(Segment.Vip, await kit.SegmentOfAsync(ids[38]));
        Assert.Equal(Segment.Occasional, await kit.SegmentOfAsync(ids[37]));
        Assert.Equal(40, run.CustomersScored);
    }

    [Fact]
    public async Task A_customer_tied_with_the_VIP_edge_is_VIP_too()
    {
        await using var kit = await SegmentKit.CreateAsync();
        var ids = new List<string>();
        for (var i = 1; i <= 20; i++)
        {
            var id = await kit.CustomerAsync($"C{i}");
            await kit.BuyAsync(id, 10, i >= 19 ? 5_000 : i * 100);
            ids.Add(id);
        }

        await kit.RecomputeAsync();

        Assert.Equal(Segment.Vip, await kit.SegmentOfAsync(ids[19]));
        Assert.Equal(Segment.Vip, await kit.SegmentOfAsync(ids[18]));
        Assert.Equal(Segment.Occasional, await kit.SegmentOfAsync(ids[17]));
    }

    [Fact]
    public async Task Spend_at_exactly_half_of_the_earlier_90_days_is_not_at_risk_and_below_half_is()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var half = await kit.CustomerAsync();
        var belowHalf = await kit.CustomerAsync();
        var nothingBefore = await kit.CustomerAsync();
        foreach (var (id, recent) in new[] { (half, 500L), (belowHalf, 499L) })
        {
            await kit.BuyAsync(id, 120, 1_000);
            await kit.BuyAsync(id, 10, recent);
        }
        await kit.BuyAsync(nothingBefore, 10, 1);

        await kit.RecomputeAsync();

        Assert.Equal(Segment.Occasional, await kit.SegmentOfAsync(half));
        Assert.Equal(Segment.AtRisk, await kit.SegmentOfAsync(belowHalf));
        Assert.Equal(Segment.Occasional, await kit.SegmentOfAsync(nothingBefore));
        var score = (await kit.ScoreAsync(belowHalf))!;
        Assert.Equal(499, score.Spend90DaysMinor);
        Assert.Equal(1_000, score.SpendPrior90DaysMinor);
    }

    [Fact]
    public async Task Three_purchases_in_90_days_are_frequent_and_two_are_not()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var three = await kit.CustomerAsync();
        var two = await kit.CustomerAsync();
        var twoPlusOld = await kit.CustomerAsync();
        foreach (var days in new[] { 1, 30, 89.9 }) await kit.BuyAsync(three, days, 1_000);
        foreach (var days in new[] { 1, 30 }) await kit.BuyAsync(two, days, 1_000);
        foreach (var days in new[] { 1, 30, 90 }) await kit.BuyAsync(twoPlusOld, days, 1_000);

        await kit.RecomputeAsync();

        Assert.Equal(Segment.Frequent, await kit.SegmentOfAsync(three));
        Assert.Equal(Segment.Occasional, await kit.SegmentOfAsync(two));
        Assert.Equal(Segment.Occasional, await kit.SegmentOfAsync(twoPlusOld));
    }

    [Fact]
    public async Task Refunds_reduce_spend_and_a_fully_refunded_purchase_does_not_count()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var id = await kit.CustomerAsync();
        await kit.BuyAsync(id, 5, 1_000, refundedMinor: 400);
        await kit.BuyAsync(id, 6, 2_000, refundedMinor: 2_000);
        var refundedOnly = await kit.CustomerAsync();
        await kit.BuyAsync(refundedOnly, 5, 2_000, refundedMinor: 2_000);

        await kit.RecomputeAsync();

        var score = (await kit.ScoreAsync(id))!;
        Assert.Equal(600, score.Spend12MonthsMinor);
        Assert.Equal(1, score.Purchases12Months);
        Assert.Null(await kit.ScoreAsync(refundedOnly));
    }

    [Fact]
    public async Task A_customer_without_purchases_is_New_and_not_scored()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var id = await kit.CustomerAsync();

        var run = (await kit.RecomputeAsync()).Run!;

        Assert.Null(await kit.ScoreAsync(id));
        Assert.Equal(1, run.CustomersScored);
        var view = await kit.UseAsync(sp => sp.GetRequiredService<SegmentQueries>().ForCustomerAsync(id));
        Assert.Equal(Segment.New, view.Segment);
        Assert.Equal(MoveKind.FirstPurchase, Assert.Single(view.Moves).Kind);
    }

    [Fact]
    public async Task RFM_scores_are_quintiles_with_recency_reversed()
    {
        await using var kit = await SegmentKit.CreateAsync();
        // Customer i: i+1 purchases of a[i] each, the last (i+1)*5 days ago (hand-ranked below).
        long[] amounts = [900, 100, 250, 60, 90, 20, 60, 5, 30, 10];
        var ids = new string[10];
        for (var i = 0; i < 10; i++)
        {
            ids[i] = await kit.CustomerAsync($"C{i}");
            for (var k = 0; k <= i; k++) await kit.BuyAsync(ids[i], (i + 1) * 5 + k, amounts[i]);
        }

        await kit.RecomputeAsync();

        // Totals 900, 200, 750, 240, 450, 120, 420, 40, 270, 100: ascending pairs 40,100 | 120,200 | 240,270 | 420,450 | 750,900.
        int[] recency = [5, 5, 4, 4, 3, 3, 2, 2, 1, 1];
        int[] frequency = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5];
        int[] monetary = [5, 2, 5, 3, 4, 2, 4, 1, 3, 1];
        for (var i = 0; i < 10; i++)
        {
            var score = (await kit.ScoreAsync(ids[i]))!;
            Assert.Equal((recency[i], frequency[i], monetary[i]), (score.Recency, score.Frequency, score.Monetary));
        }
    }

    [Fact]
    public async Task Quintiles_match_NTILE_when_the_count_does_not_divide_by_5_and_values_tie()
    {
        await using var kit = await SegmentKit.CreateAsync();
        // 13 customers: buckets of 3, 3, 3, 2, 2 as NTILE(5) makes them; purchase counts and last days repeat, so ties
        // are broken in customer order.
        var customers = new List<(string Id, int Purchases, int LastDaysAgo, long Spend)>();
        for (var i = 0; i < 13; i++)
        {
            var id = await kit.CustomerAsync($"T{i}");
            var purchases = 1 + i % 4;
            var last = 10 + 7 * (i % 3);
            for (var k = 0; k < purchases; k++) await kit.BuyAsync(id, last + k, 100 + 10 * (i % 5));
            customers.Add((id, purchases, last, purchases * (100 + 10 * (i % 5))));
        }

        await kit.RecomputeAsync();

        static Dictionary<string, int> Ntile<TKey>(IEnumerable<(string Id, TKey Key)> rows)
        {
            var ordered = rows.OrderBy(r => r.Key).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
            var (q, r) = (ordered.Count / 5, ordered.Count % 5);
            var tiles = new Dictionary<string, int>();
            var rank = 0;
            for (var bucket = 1; bucket <= 5; bucket++)
                for (var k = 0; k < q + (bucket <= r ? 1 : 0); k++) tiles[ordered[rank++].Id] = bucket;
            return tiles;
        }
        // Recency orders by the last purchase time: the longer ago, the lower.
        var recency = Ntile(customers.Select(c => (c.Id, -c.LastDaysAgo)));
        var frequency = Ntile(customers.Select(c => (c.Id, c.Purchases)));
        var monetary = Ntile(customers.Select(c => (c.Id, c.Spend)));
        foreach (var c in customers)
        {
            var score = (await kit.ScoreAsync(c.Id))!;
            Assert.Equal((recency[c.Id], frequency[c.Id], monetary[c.Id]), (score.Recency, score.Frequency, score.Monetary));
        }
        Assert.Equal([3, 3, 3, 2, 2], frequency.Values.GroupBy(t => t).OrderBy(g => g.Key).Select(g => g.Count()));
    }
}
