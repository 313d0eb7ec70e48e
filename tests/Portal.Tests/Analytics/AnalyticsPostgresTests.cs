using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Analytics;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Tests.Data;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Analytics;

/// <summary>The analytics queries translate on PostgreSQL too (month grouping, the refund share per line, keyset paging).</summary>
public class AnalyticsPostgresTests(PostgresPortalFactory factory) : IClassFixture<PostgresPortalFactory>
{
    [Fact]
    public async Task A_customers_figures_on_PostgreSQL_match_a_plain_count_of_their_purchases()
    {
        var (customer, _) = await factory.ShopperAsync();
        for (var i = 0; i < 30; i++)
            await factory.BuyLinesAsync(customer, 3 + i * 23.5, (i % 3 == 0 ? "Home" : "Toys", 10_00 + i * 7), ("Grocery", 3_33));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var analytics = scope.ServiceProvider.GetRequiredService<CustomerAnalytics>();
        var id = customer.Id;
        var purchases = await db.Set<Purchase>().AsNoTracking().Include(p => p.Lines).Where(p => p.CustomerId == id).ToListAsync();
        var now = factory.Clock.Now.UtcDateTime;
        var firstMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-23);

        var totals = await analytics.TotalsAsync(id);
        var months = await analytics.MonthlyAsync(id, 24);
        var categories = await analytics.ByCategoryAsync(id);
        var engagement = await analytics.EngagementAsync(id);

        Assert.True(purchases.Count > 20);
        Assert.Equal(purchases.Count, totals.Purchases);
        Assert.Equal(purchases.Sum(p => p.TotalMinor - p.RefundedMinor), totals.SpentMinor);
        Assert.Equal(purchases.Where(p => p.OccurredAtUtc >= firstMonth).Sum(p => p.TotalMinor - p.RefundedMinor), months.Sum(m => m.SpentMinor));
        Assert.Equal(24, months.Count);
        Assert.Equal(purchases.SelectMany(p => p.Lines).Select(l => l.Category).Distinct().Order(), categories.Select(c => c.Category).Order());
        Assert.InRange(engagement.Score, 1, 100);

        var seen = new List<long>();
        PurchaseCursor? cursor = null;
        do
        {
            var page = await analytics.HistoryAsync(id, new PurchaseFilter(), cursor, 25);
            seen.AddRange(page.Items.Select(p => p.Id));
            cursor = page.Next;
        } while (cursor is not null);
        Assert.Equal(purchases.OrderByDescending(p => p.OccurredAtUtc).ThenByDescending(p => p.Id).Select(p => p.Id), seen);
    }

    [Fact]
    public async Task The_page_answers_on_PostgreSQL()
    {
        var (customer, _) = await factory.ShopperAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(customer.Email);

        var page = await client.GetDocumentAsync("/analytics?months=24&category=Grocery");

        Assert.Equal(24, page.QuerySelectorAll("#trend-table tbody tr").Length);
        Assert.Equal(2, page.QuerySelectorAll("#history-list > li").Length);
        Assert.Equal("SAR 1,750.50", page.Text("#total-spent"));
    }
}
