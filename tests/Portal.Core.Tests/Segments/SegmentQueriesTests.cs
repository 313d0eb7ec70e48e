using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Segments;

namespace Portal.Core.Tests.Segments;

public class SegmentQueriesTests
{
    [Fact]
    public async Task An_occasional_customer_is_told_how_many_purchases_by_when_and_how_much_spend_reach_Frequent_and_VIP()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var id = await kit.CustomerAsync();
        await kit.BuyAsync(id, 20, 1_000);
        await kit.BuyAsync(id, 10, 500);
        var run = (await kit.RecomputeAsync()).Run!;

        var view = await kit.UseAsync(sp => sp.GetRequiredService<SegmentQueries>().ForCustomerAsync(id));

        Assert.Equal(Segment.Occasional, view.Segment);
        var frequent = view.Moves.Single(m => m.Kind == MoveKind.BecomeFrequent);
        Assert.Equal(1, frequent.Count);
        Assert.Equal(kit.Now.AddDays(-20).AddDays(90), frequent.ByUtc);
        var vip = view.Moves.Single(m => m.Kind == MoveKind.BecomeVip);
        Assert.Equal(run.VipThresholdMinor - 1_500, vip.AmountMinor);
    }

    [Fact]
    public async Task At_risk_customers_are_told_the_spend_that_ends_it_and_inactive_ones_one_purchase()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var risk = await kit.CustomerAsync();
        await kit.BuyAsync(risk, 120, 1_001);
        await kit.BuyAsync(risk, 10, 100);
        var gone = await kit.CustomerAsync();
        await kit.BuyAsync(gone, 200, 100);
        await kit.RecomputeAsync();

        var queries = (Func<string, Task<CustomerSegmentView>>)(id => kit.UseAsync(sp => sp.GetRequiredService<SegmentQueries>().ForCustomerAsync(id)));
        Assert.Equal(401, (await queries(risk)).Moves.Single(m => m.Kind == MoveKind.LeaveAtRisk).AmountMinor);
        Assert.Equal(MoveKind.LeaveInactive, Assert.Single((await queries(gone)).Moves).Kind);
    }

    [Fact]
    public async Task The_overview_counts_customers_and_revenue_per_segment_and_the_movement_between_runs()
    {
        await using var kit = await SegmentKit.CreateAsync();
        await kit.WhaleAsync();
        var a = await kit.CustomerAsync();
        await kit.BuyAsync(a, 10, 1_000);
        await kit.CustomerAsync(); // New
        await kit.RecomputeAsync();
        await kit.BuyAsync(a, 2, 1_000);
        await kit.BuyAsync(a, 1, 1_000);
        await kit.RecomputeAsync();

        var overview = await kit.UseAsync(sp => sp.GetRequiredService<SegmentQueries>().OverviewAsync());

        Assert.True(overview.HasPreviousRun);
        var frequent = overview.Rows.Single(r => r.Segment == Segment.Frequent);
        Assert.Equal((1, 3_000L, 1_000L, 3.0), (frequent.Customers, frequent.RevenueMinor, frequent.AverageOrderMinor, frequent.AveragePurchases));
        Assert.Equal(1, overview.Rows.Single(r => r.Segment == Segment.New).Customers);
        Assert.Equal(1.0 / 3, frequent.CustomerShare, 6);
        Assert.Contains(new SegmentMovement(Segment.Occasional, Segment.Frequent, 1), overview.Movements);
        Assert.Contains(new SegmentMovement(Segment.Vip, Segment.Vip, 1), overview.Movements);
        Assert.InRange(frequent.AverageRecencyDays, 0.99, 1.01);
    }

    [Fact]
    public async Task The_CSV_export_escapes_formula_cells()
    {
        await using var kit = await SegmentKit.CreateAsync();
        var id = await kit.Database.AddPersonAsync("=HYPERLINK(\"x\",\"y\")");
        await kit.BuyAsync(id, 5, 12_345);
        await kit.RecomputeAsync();

        var csv = new StringWriter();
        await kit.UseAsync(async sp => { await sp.GetRequiredService<SegmentQueries>().WriteCsvAsync(Segment.Vip, csv, "SAR"); return 0; });

        var lines = csv.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Customer ID,Name,Email,Segment,", lines[0]);
        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",", lines[1]);
        Assert.Contains(",123.45,", lines[1]);
        Assert.Equal("'+1,'-2,'@x,\"a\"\"b\",\"c,d\",plain\r\n", SegmentQueries.CsvLine(["+1", "-2", "@x", "a\"b", "c,d", "plain"]));
    }
}
