using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Segments;

namespace Portal.Core.Tests.Segments;

public class IncrementalRunTests
{
    private sealed record Figures(string CustomerId, Segment Segment, int R, int F, int M, DateTime Last, int P12, long S12, int P90, long S90, int Pp90, long Sp90);

    private static Task<List<Figures>> FiguresAsync(SegmentKit kit) =>
        kit.Database.UseAsync<PortalDbContext, List<Figures>>(db => db.Set<CustomerScore>().AsNoTracking().OrderBy(s => s.CustomerId)
            .Select(s => new Figures(s.CustomerId, s.Segment, s.Recency, s.Frequency, s.Monetary, s.LastPurchaseAtUtc, s.Purchases12Months,
                s.Spend12MonthsMinor, s.Purchases90Days, s.Spend90DaysMinor, s.PurchasesPrior90Days, s.SpendPrior90DaysMinor)).ToListAsync());

    private static Task RefundAsync(SegmentKit kit, string customerId, bool whole) =>
        kit.Database.UseAsync<PortalDbContext, int>(async db =>
        {
            var purchase = await db.Set<Purchase>().Where(p => p.CustomerId == customerId && p.RefundedMinor == 0).OrderBy(p => p.Id).FirstAsync();
            var amount = whole ? purchase.TotalMinor : purchase.TotalMinor / 3;
            purchase.RefundedMinor = amount;
            db.Add(new PurchaseRefund { PurchaseId = purchase.Id, RefundId = $"R-{purchase.Id}", AmountMinor = amount, CreatedAtUtc = kit.Now });
            return await db.SaveChangesAsync();
        });

    [Fact]
    public async Task A_run_after_changes_rereads_only_the_changed_customers_and_scores_everyone_as_a_full_pass_does()
    {
        await using var kit = await SegmentKit.CreateAsync();
        var random = new Random(17);
        var customers = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var id = await kit.CustomerAsync($"C{i}");
            customers.Add(id);
            for (var k = random.Next(1, 9); k > 0; k--)
                await kit.BuyAsync(id, random.NextDouble() * 500, random.Next(1_000, 90_000));
        }
        // Purchases that will cross the 90-day, 180-day and 12-month edges in the next three days, one of them the
        // customer's only purchase and one beside a new purchase.
        await kit.BuyAsync(customers[0], 88, 7_000);
        await kit.BuyAsync(customers[5], 89, 12_000);
        await kit.BuyAsync(customers[5], 178, 3_000);
        await kit.BuyAsync(customers[6], 179, 4_500);
        await kit.BuyAsync(customers[7], 364, 80_000);
        var edge = await kit.CustomerAsync("Edge");
        customers.Add(edge);
        await kit.BuyAsync(edge, 364, 9_000);
        kit.Database.Clock.Advance(TimeSpan.FromHours(1));
        var first = (await kit.RecomputeAsync()).Run!;
        Assert.False(first.Incremental);
        Assert.Equal(41, first.CustomersRescanned);

        // Three days on: purchases cross the 90-, 180-day and 12-month edges; then new, backdated and refunded purchases,
        // a customer whose only purchases are all refunded, and a score deleted with an account's data.
        kit.Database.Clock.Advance(TimeSpan.FromDays(3));
        await kit.BuyAsync(customers[0], 0.5, 500_000);
        await kit.BuyAsync(customers[1], 200, 40_000);
        await RefundAsync(kit, customers[2], whole: false);
        var lonely = await kit.CustomerAsync("Lonely");
        await kit.BuyAsync(lonely, 10, 5_000);
        await kit.Database.UseAsync<PortalDbContext, int>(db => db.Set<CustomerScore>().Where(s => s.CustomerId == customers[3]).ExecuteDeleteAsync());
        var second = (await kit.RecomputeAsync()).Run!;
        Assert.True(second.Incremental);
        Assert.InRange(second.CustomersRescanned, 5, 40);
        await RefundAsync(kit, lonely, whole: true);
        var third = (await kit.RecomputeAsync()).Run!;
        Assert.True(third.Incremental);
        Assert.Null(await kit.ScoreAsync(lonely));
        var incremental = await FiguresAsync(kit);
        Assert.Equal(41, incremental.Count);
        var edgeScore = incremental.Single(f => f.CustomerId == edge);
        Assert.Equal((0, 0L), (edgeScore.P12, edgeScore.S12));

        // A full pass over the same purchases at the same moment finds nothing to change.
        (await kit.UseAsync(sp => Task.FromResult(sp.GetRequiredService<SegmentOptions>()))).FullPassEvery = TimeSpan.Zero;
        var full = (await kit.RecomputeAsync()).Run!;
        Assert.False(full.Incremental);
        Assert.Equal(0, full.CustomersChanged);
        Assert.Equal(incremental, await FiguresAsync(kit));
    }

    [Fact]
    public async Task Purchases_deleted_while_as_many_are_added_still_take_the_emptied_customers_score_away()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var emptied = await kit.CustomerAsync("Emptied");
        await kit.BuyAsync(emptied, 10, 1_000);
        await kit.BuyAsync(emptied, 20, 2_000);
        var buyer = await kit.CustomerAsync("Buyer");
        await kit.BuyAsync(buyer, 30, 3_000);
        var first = (await kit.RecomputeAsync()).Run!;
        Assert.Equal(first.PurchaseCount, await kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<Purchase>().LongCountAsync()));

        // The total stays the same: only the new purchases' Ids tell the deletion apart.
        kit.Database.Clock.Advance(TimeSpan.FromDays(1));
        await kit.UseAsync(sp => sp.GetRequiredService<PortalDbContext>().Set<Purchase>().Where(p => p.CustomerId == emptied).ExecuteDeleteAsync());
        await kit.BuyAsync(buyer, 0.5, 4_000);
        await kit.BuyAsync(buyer, 0.2, 5_000);
        var second = (await kit.RecomputeAsync()).Run!;

        Assert.True(second.Incremental);
        Assert.Equal(first.PurchaseCount, second.PurchaseCount);
        Assert.Null(await kit.ScoreAsync(emptied));
        Assert.Equal((Segment.New, (Segment?)Segment.Occasional), (await kit.HistoryAsync(emptied)).Select(h => (h.Segment, h.PreviousSegment)).Last());
        Assert.Equal(3, (await kit.ScoreAsync(buyer))!.Purchases12Months);
    }

    [Fact]
    public async Task A_full_pass_runs_again_after_a_week_and_when_the_windows_change()
    {
        await using var kit = await SegmentKit.CreateAsync();
        var id = await kit.CustomerAsync();
        await kit.BuyAsync(id, 5, 10_000);
        Assert.False((await kit.RecomputeAsync()).Run!.Incremental);
        kit.Database.Clock.Advance(TimeSpan.FromDays(6));
        Assert.True((await kit.RecomputeAsync()).Run!.Incremental);
        kit.Database.Clock.Advance(TimeSpan.FromDays(1.5));
        Assert.False((await kit.RecomputeAsync()).Run!.Incremental);
        (await kit.UseAsync(sp => Task.FromResult(sp.GetRequiredService<SegmentOptions>()))).RecentDays = 60;
        Assert.False((await kit.RecomputeAsync()).Run!.Incremental);
    }
}
