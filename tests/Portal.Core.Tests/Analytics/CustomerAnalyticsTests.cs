using Portal.Core.Analytics;

namespace Portal.Core.Tests.Analytics;

public class CustomerAnalyticsTests
{
    [Fact]
    public async Task Totals_are_net_of_refunds_with_the_average_order_and_the_last_purchase()
    {
        await using var kit = await AnalyticsKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, kit.Now.AddDays(-40), ("Grocery", 100_00));
        var big = await kit.BuyAsync(number, kit.Now.AddDays(-3), ("Electronics", 300_00));
        await kit.RefundAsync(big, 50_00);

        var totals = await kit.AnalyticsAsync(a => a.TotalsAsync(id));

        Assert.Equal(2, totals.Purchases);
        Assert.Equal(350_00, totals.SpentMinor);
        Assert.Equal(175_00, totals.AverageOrderMinor);
        Assert.Equal(kit.Now.AddDays(-3), totals.LastPurchaseUtc);
        Assert.Equal("SAR", totals.Currency);
    }

    [Fact]
    public async Task A_customer_without_purchases_has_zeros_and_no_last_purchase()
    {
        await using var kit = await AnalyticsKit.CreateAsync();
        var (id, _) = await kit.AddCustomerAsync();

        var totals = await kit.AnalyticsAsync(a => a.TotalsAsync(id));
        var months = await kit.AnalyticsAsync(a => a.MonthlyAsync(id, 12));

        Assert.Equal(new AnalyticsTotals(0, 0, 0, null, "SAR"), totals);
        Assert.Empty(await kit.AnalyticsAsync(a => a.ByCategoryAsync(id)));
        Assert.Equal(12, months.Count);
        Assert.All(months, m => Assert.Equal(0, m.SpentMinor));
    }

    [Fact]
    public async Task Favourites_are_the_top_three_categories_by_net_spend_with_their_shares()
    {
        await using var kit = await AnalyticsKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, kit.Now.AddDays(-10), ("Home", 400_00), ("Beauty", 300_00));
        await kit.BuyAsync(number, kit.Now.AddDays(-5), ("Toys", 200_00), ("Coffee", 100_00));
        // A refund is shared by the lines in proportion: Home and Beauty lose 4/7 and 3/7 of 70.
        var refunded = await kit.BuyAsync(number, kit.Now.AddDays(-2), ("Home", 40_00), ("Beauty", 30_00));
        await kit.RefundAsync(refunded, 70_00);

        var favourites = await kit.AnalyticsAsync(a => a.FavouritesAsync(id));

        Assert.Equal(["Home", "Beauty", "Toys"], favourites.Select(f => f.Category));
        Assert.Equal([400_00, 300_00, 200_00], favourites.Select(f => f.SpentMinor));
        Assert.Equal([0.4, 0.3, 0.2], favourites.Select(f => Math.Round(f.Share, 6)));
        var all = await kit.AnalyticsAsync(a => a.ByCategoryAsync(id));
        Assert.Equal(4, all.Count);
        Assert.Equal(1.0, all.Sum(c => c.Share), 6);
    }

    [Fact]
    public async Task Monthly_spending_has_every_UTC_month_with_zeros_for_12_and_24_months()
    {
        await using var kit = await AnalyticsKit.CreateAsync(); // now: 24 Nov 2026
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, new DateTime(2026, 11, 1, 0, 30, 0, DateTimeKind.Utc), ("Grocery", 10_00));
        await kit.BuyAsync(number, new DateTime(2026, 10, 31, 23, 30, 0, DateTimeKind.Utc), ("Grocery", 20_00));
        await kit.BuyAsync(number, new DateTime(2025, 12, 1, 0, 0, 0, DateTimeKind.Utc), ("Grocery", 30_00));
        await kit.BuyAsync(number, new DateTime(2025, 11, 30, 23, 59, 59, DateTimeKind.Utc), ("Grocery", 40_00));
        await kit.BuyAsync(number, new DateTime(2024, 11, 30, 12, 0, 0, DateTimeKind.Utc), ("Grocery", 50_00));

        var twelve = await kit.AnalyticsAsync(a => a.MonthlyAsync(id, 12));
        var twentyFour = await kit.AnalyticsAsync(a => a.MonthlyAsync(id, 24));

        Assert.Equal(12, twelve.Count);
        Assert.Equal(new DateTime(2025, 12, 1), twelve[0].MonthUtc);
        Assert.Equal(new DateTime(2026, 11, 1), twelve[^1].MonthUtc);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => new DateTime(2025, 12, 1).AddMonths(i)), twelve.Select(m => m.MonthUtc));
        Assert.Equal(30_00, twelve[0].SpentMinor);
        Assert.Equal(20_00, twelve[10].SpentMinor);
        Assert.Equal(10_00, twelve[11].SpentMinor);
        Assert.Equal(9, twelve.Count(m => m.SpentMinor == 0));
        Assert.Equal(60_00, twelve.Sum(m => m.SpentMinor));
        Assert.Equal(60_00, await kit.AnalyticsAsync(a => a.SpentAsync(id, 12)));
        Assert.Equal(100_00, await kit.AnalyticsAsync(a => a.SpentAsync(id, 24)));
        Assert.Equal(10_00, await kit.AnalyticsAsync(a => a.SpentAsync(id, 1)));

        Assert.Equal(24, twentyFour.Count);
        Assert.Equal(new DateTime(2024, 12, 1), twentyFour[0].MonthUtc);
        Assert.Equal(40_00, twentyFour.Single(m => m.MonthUtc == new DateTime(2025, 11, 1)).SpentMinor);
        Assert.Equal(100_00, twentyFour.Sum(m => m.SpentMinor)); // November 2024 is the 25th month back
        Assert.Equal(1, twentyFour.Single(m => m.MonthUtc == new DateTime(2025, 11, 1)).Purchases);
    }

    [Fact]
    public async Task Another_customers_purchases_are_never_included()
    {
        await using var kit = await AnalyticsKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync("Sara");
        var (otherId, other) = await kit.AddCustomerAsync("Omar");
        await kit.BuyAsync(number, kit.Now.AddDays(-2), ("Grocery", 10_00));
        for (var i = 0; i < 5; i++) await kit.BuyAsync(other, kit.Now.AddDays(-i - 1), ("Electronics", 999_00), ("Grocery", 1_00));
        await kit.SignInAsync(otherId, kit.Now.AddDays(-1));

        var totals = await kit.AnalyticsAsync(a => a.TotalsAsync(id));
        var categories = await kit.AnalyticsAsync(a => a.ByCategoryAsync(id));
        var months = await kit.AnalyticsAsync(a => a.MonthlyAsync(id, 12));
        var history = await kit.AnalyticsAsync(a => a.HistoryAsync(id, new PurchaseFilter(), null, 50));
        var engagement = await kit.AnalyticsAsync(a => a.EngagementAsync(id));

        Assert.Equal((1, 10_00L), (totals.Purchases, totals.SpentMinor));
        Assert.Equal(["Grocery"], categories.Select(c => c.Category));
        Assert.Equal(10_00, months.Sum(m => m.SpentMinor));
        Assert.Equal(10_00, await kit.AnalyticsAsync(a => a.SpentAsync(id, 12)));
        Assert.Equal(["ORD-0001"], history.Items.Select(p => p.OrderId));
        Assert.Equal(0, engagement.Components.Single(c => c.Kind == EngagementComponentKind.SignIns).Measure);
        Assert.Equal(["Grocery"], await kit.AnalyticsAsync(a => a.CategoriesAsync(id)));
    }

    [Fact]
    public async Task History_pages_by_cursor_newest_first_without_gaps_or_repeats_and_breaks_ties_by_id()
    {
        await using var kit = await AnalyticsKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        var sameMoment = kit.Now.AddDays(-3);
        for (var i = 0; i < 25; i++)
            await kit.BuyAsync(number, i < 6 ? sameMoment : kit.Now.AddHours(-i * 7), ("Grocery", 10_00 + i), ("Toys", 5_00));

        var seen = new List<PurchaseItem>();
        PurchaseCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = await kit.AnalyticsAsync(a => a.HistoryAsync(id, new PurchaseFilter(), cursor, 10));
            seen.AddRange(page.Items);
            cursor = page.Next is { } next && PurchaseCursor.TryDecode(next.Encode(), out var decoded) ? decoded : null;
            pages++;
        } while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Select(p => p.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(p => p.OccurredAtUtc).ThenByDescending(p => p.Id).Select(p => p.Id), seen.Select(p => p.Id));
        var first = seen.Single(p => p.OrderId == "ORD-0001");
        Assert.Equal([("Grocery", 10_00L), ("Toys", 5_00L)], first.Lines.Select(l => (l.Category, l.AmountMinor)));
        Assert.Equal(15, first.PointsEarned);
    }

    [Fact]
    public async Task History_filters_by_category_and_whole_UTC_days_and_pages_by_number()
    {
        await using var kit = await AnalyticsKit.CreateAsync(); // now: 24 Nov 2026
        var (id, number) = await kit.AddCustomerAsync();
        await kit.BuyAsync(number, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), ("Grocery", 10_00));
        await kit.BuyAsync(number, new DateTime(2026, 11, 10, 23, 59, 0, DateTimeKind.Utc), ("Toys", 10_00), ("Grocery", 1_00));
        await kit.BuyAsync(number, new DateTime(2026, 11, 11, 0, 0, 0, DateTimeKind.Utc), ("Toys", 10_00));
        await kit.BuyAsync(number, new DateTime(2026, 10, 31, 23, 59, 0, DateTimeKind.Utc), ("Toys", 10_00));

        async Task<string[]> Orders(PurchaseFilter filter) =>
            (await kit.AnalyticsAsync(a => a.HistoryAsync(id, filter, null, 50))).Items.Select(p => p.OrderId).ToArray();

        Assert.Equal(["ORD-0002", "ORD-0001"], await Orders(PurchaseFilter.Days(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 10), null)));
        Assert.Equal(["ORD-0003", "ORD-0002", "ORD-0004"], await Orders(PurchaseFilter.Days(null, null, "Toys")));
        Assert.Equal(["ORD-0002"], await Orders(PurchaseFilter.Days(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 10), " Toys ")));
        Assert.Empty(await Orders(PurchaseFilter.Days(null, null, "Nothing")));

        var second = await kit.AnalyticsAsync(a => a.HistoryPageAsync(id, new PurchaseFilter(), page: 2, size: 3));
        Assert.Equal(new PageInfo(2, 3, 4, 2), second.Page);
        Assert.Equal(["ORD-0004"], second.Items.Select(p => p.OrderId));
        var beyond = await kit.AnalyticsAsync(a => a.HistoryPageAsync(id, new PurchaseFilter(), page: 9, size: 3));
        Assert.Equal(2, beyond.Page!.Page);
    }

    [Fact]
    public async Task Refunded_purchases_show_what_was_returned_and_the_points_taken_back()
    {
        await using var kit = await AnalyticsKit.CreateAsync();
        var (id, number) = await kit.AddCustomerAsync();
        var order = await kit.BuyAsync(number, kit.Now.AddDays(-1), ("Fashion", 200_00));
        await kit.RefundAsync(order, 50_00);

        var item = (await kit.AnalyticsAsync(a => a.HistoryAsync(id, new PurchaseFilter(), null, 10))).Items.Single();

        Assert.Equal((200_00L, 50_00L, 150_00L), (item.TotalMinor, item.RefundedMinor, item.NetMinor));
        Assert.Equal(200, item.PointsEarned);
        Assert.Equal(50, item.PointsReversed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("cDE6MTIz")] // "p1:123": no id
    [InlineData("cDI6MTIzOjQ1")] // "p2:123:45": unknown version
    [InlineData("cDE6LTE6NA")] // "p1:-1:4": negative ticks
    public void Malformed_cursors_are_refused(string value) => Assert.False(PurchaseCursor.TryDecode(value, out _));

    [Fact]
    public void A_cursor_survives_its_round_trip()
    {
        var cursor = new PurchaseCursor(new DateTime(2026, 5, 4, 3, 2, 1, 123, DateTimeKind.Utc), 987);
        Assert.True(PurchaseCursor.TryDecode(cursor.Encode(), out var back));
        Assert.Equal(cursor, back);
    }
}
