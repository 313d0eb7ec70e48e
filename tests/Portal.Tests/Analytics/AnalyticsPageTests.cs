using System.Net;
using Portal.Core.Loyalty;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Analytics;

public class AnalyticsPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>Signed in; the page speaks the customer's own language.</summary>
    private async Task<PortalClient> SignedInAsync(LoyaltyCustomer customer)
    {
        var client = factory.NewClient();
        await client.SignInAsync(customer.Email);
        return client;
    }

    [Fact]
    public async Task The_page_shows_totals_favourites_engagement_charts_with_tables_and_history_in_English()
    {
        var (customer, orders) = await factory.ShopperAsync();
        using var client = await SignedInAsync(customer);

        var page = await client.GetDocumentAsync("/analytics");

        Assert.Equal("3", page.Text("#total-purchases"));
        Assert.Equal("SAR 1,750.50", page.Text("#total-spent"));
        Assert.Equal("SAR 583.50", page.Text("#average-order"));
        Assert.Equal(["Electronics", "Grocery", "Fashion"], page.QuerySelectorAll("#favourite-list li").Select(li => li.GetAttribute("data-category")));
        Assert.Contains("71%", page.Text("#favourite-list li:first-child"));
        Assert.NotNull(page.QuerySelector("#engagement-score"));
        Assert.Equal("true", page.QuerySelector("#engagement-referrals")!.GetAttribute("data-counted"));
        Assert.Contains("0 friends rewarded in the last 12 months", page.Text("#engagement-referrals"));

        // Each chart reads a real table: 12 months, every one present, values in invariant major units.
        var trend = page.QuerySelector("canvas#trend-chart")!;
        Assert.Equal("bar", trend.GetAttribute("data-chart"));
        Assert.Equal("#trend-table", trend.GetAttribute("data-chart-table"));
        Assert.Equal("img", trend.GetAttribute("role"));
        Assert.False(string.IsNullOrWhiteSpace(trend.GetAttribute("aria-label")));
        var months = page.QuerySelectorAll("#trend-table tbody tr");
        Assert.Equal(12, months.Length);
        Assert.Equal(1_750.5m, months.Sum(r => decimal.Parse(r.QuerySelector("td")!.GetAttribute("data-value")!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("1250.5", page.QuerySelector("#category-table tbody tr:first-child td")!.GetAttribute("data-value"));
        Assert.Equal("Electronics", page.Text("#category-table tbody tr:first-child th"));

        Assert.Equal(orders.Reverse(), page.QuerySelectorAll("#history-list > li").Select(li => li.GetAttribute("data-order")!));
        Assert.Contains("Fashion", page.Text($"#history-list li[data-order='{orders[2]}'] table"));
        Assert.True(long.Parse(page.QuerySelector($"#history-list li[data-order='{orders[2]}'] [data-points-earned]")!.GetAttribute("data-points-earned")!) > 0);
        Assert.Equal("10000", page.QuerySelector($"#history-list li[data-order='{orders[2]}'] [data-refunded]")!.GetAttribute("data-refunded"));
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
    }

    [Fact]
    public async Task The_page_is_in_Arabic_with_Arabic_months_and_money()
    {
        var (customer, _) = await factory.ShopperAsync("ar");
        using var client = await SignedInAsync(customer);

        var page = await client.GetDocumentAsync("/analytics");

        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("مشترياتي", page.Text("h1"));
        Assert.Equal("1,750.50 ر.س", page.Text("#total-spent"));
        Assert.Equal("الإنفاق حسب الشهر", page.Text("#trend-title"));
        Assert.Contains("لم تُكافأ دعوة أي صديق في آخر 12 شهرًا", page.Text("#engagement-referrals"));
        var lastMonth = page.QuerySelectorAll("#trend-table tbody tr th").Last().TextContent.Trim();
        Assert.Equal(factory.Clock.Now.UtcDateTime.ToString("MMM yyyy", Portal.Shell.Cultures.Arabic), lastMonth);
        Assert.Matches("[\u0600-\u06FF]", lastMonth);
    }

    [Fact]
    public async Task The_12_and_24_month_switch_answers_htmx_with_the_chart_and_table_and_works_without_JavaScript()
    {
        var (customer, _) = await factory.ShopperAsync();
        using var client = await SignedInAsync(customer);

        var fragment = await client.GetFragmentAsync("/analytics?handler=Trend&months=24");
        Assert.Equal(24, fragment.QuerySelectorAll("#trend-table tbody tr").Length);
        Assert.NotNull(fragment.QuerySelector("canvas#trend-chart[data-chart=bar]"));
        Assert.Null(fragment.QuerySelector("h1"));
        Assert.Equal("true", fragment.QuerySelector("#trend-24")!.GetAttribute("aria-current"));

        var full = await client.GetDocumentAsync("/analytics?months=24");
        Assert.Equal(24, full.QuerySelectorAll("#trend-table tbody tr").Length);
        Assert.NotNull(full.QuerySelector("h1"));
        Assert.Equal("/analytics#spending", full.QuerySelector("#trend-12")!.GetAttribute("href"));

        var odd = await client.GetDocumentAsync("/analytics?months=7");
        Assert.Equal(12, odd.QuerySelectorAll("#trend-table tbody tr").Length);
    }

    [Fact]
    public async Task History_filters_by_category_and_dates_through_htmx_and_a_plain_form()
    {
        var (customer, orders) = await factory.ShopperAsync();
        using var client = await SignedInAsync(customer);
        var today = DateOnly.FromDateTime(factory.Clock.Now.UtcDateTime);

        var grocery = await client.GetFragmentAsync("/analytics?handler=History&category=Grocery");
        Assert.Equal([orders[1], orders[0]], grocery.QuerySelectorAll("#history-list > li").Select(li => li.GetAttribute("data-order")!));
        Assert.Null(grocery.QuerySelector("#history-filter"));

        var recent = await client.GetFragmentAsync($"/analytics?handler=History&from={today.AddDays(-11):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        Assert.Equal([orders[2], orders[1]], recent.QuerySelectorAll("#history-list > li").Select(li => li.GetAttribute("data-order")!));

        var plain = await client.GetDocumentAsync("/analytics?category=Fashion");
        Assert.Equal([orders[2]], plain.QuerySelectorAll("#history-list > li").Select(li => li.GetAttribute("data-order")!));
        Assert.Equal("Fashion", plain.QuerySelector("#filter-category option[selected]")!.TextContent);

        var backwards = await client.GetFragmentAsync($"/analytics?handler=History&from={today:yyyy-MM-dd}&to={today.AddDays(-5):yyyy-MM-dd}");
        Assert.NotNull(backwards.QuerySelector("#filter-error"));
        Assert.Equal(3, backwards.QuerySelectorAll("#history-list > li").Length);
        var garbage = await client.GetDocumentAsync("/analytics?from=yesterday");
        Assert.NotNull(garbage.QuerySelector("#filter-error"));
    }

    [Fact]
    public async Task History_pages_ten_at_a_time()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        for (var i = 0; i < 12; i++) await factory.BuyLinesAsync(customer, i + 1, ("Grocery", 10_00 + i));
        using var client = await SignedInAsync(customer);

        var first = await client.GetDocumentAsync("/analytics");
        Assert.Equal(10, first.QuerySelectorAll("#history-list > li").Length);
        Assert.Equal("/analytics?handler=History&p=2", first.QuerySelector("#history-next")!.GetAttribute("hx-get"));
        var second = await client.GetFragmentAsync("/analytics?handler=History&p=2");
        Assert.Equal(2, second.QuerySelectorAll("#history-list > li").Length);
        Assert.Null(second.QuerySelector("#history-next"));
        Assert.NotNull(second.QuerySelector("#history-prev"));
    }

    [Fact]
    public async Task A_customer_sees_only_their_own_purchases()
    {
        var (sara, saraOrders) = await factory.ShopperAsync();
        var (omar, omarOrders) = await factory.ShopperAsync();
        await factory.BuyLinesAsync(omar, 1, ("Toys", 5_000_00));
        using var client = await SignedInAsync(sara);

        var html = await (await client.Http.GetAsync("/analytics")).Content.ReadAsStringAsync();

        Assert.All(saraOrders, o => Assert.Contains(o, html));
        Assert.All(omarOrders, o => Assert.DoesNotContain(o, html));
        Assert.DoesNotContain("Toys", html);
        Assert.Contains("SAR 1,750.50", html);
    }

    [Fact]
    public async Task Home_shows_the_last_12_months_of_spending_with_a_link_to_the_dashboard()
    {
        var (customer, _) = await factory.ShopperAsync();
        await factory.BuyLinesAsync(customer, 400, ("Grocery", 99_00));
        using var client = await SignedInAsync(customer);

        var home = await client.GetDocumentAsync("/");

        Assert.Equal("SAR 1,750.50", home.Text("#home-spent"));
        Assert.Equal("/analytics", home.QuerySelector("#analytics-summary")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_new_purchase_and_a_refund_show_on_the_very_next_view_of_the_page()
    {
        var (customer, _) = await factory.ShopperAsync();
        using var client = await SignedInAsync(customer);
        var before = await client.GetDocumentAsync("/analytics");
        Assert.Equal("3", before.Text("#total-purchases"));
        Assert.Equal(before.QuerySelector("#main")!.InnerHtml, (await client.GetDocumentAsync("/analytics")).QuerySelector("#main")!.InnerHtml);

        var order = await factory.BuyLinesAsync(customer, 0.01, ("Toys", 49_50));
        var afterPurchase = await client.GetDocumentAsync("/analytics");

        Assert.Equal("4", afterPurchase.Text("#total-purchases"));
        Assert.Equal("SAR 1,800.00", afterPurchase.Text("#total-spent"));
        Assert.Equal(order, afterPurchase.QuerySelector("#history-list > li")!.GetAttribute("data-order"));
        Assert.Contains("4 purchases found", afterPurchase.Text("#history-count"));
        Assert.Contains(afterPurchase.QuerySelectorAll("#category-table tbody th"), th => th.TextContent.Trim() == "Toys");

        var refund = await factory.WithServiceAsync<PurchaseOutcome<RefundReceipt>, PurchaseIngestion>(p => p.RefundAsync(order, "R-" + order, 49_50));
        Assert.True(refund.Succeeded);
        var afterRefund = await client.GetDocumentAsync("/analytics");

        Assert.Equal("SAR 1,750.50", afterRefund.Text("#total-spent"));
        Assert.Equal("4950", afterRefund.QuerySelector($"#history-list li[data-order='{order}'] [data-refunded]")!.GetAttribute("data-refunded"));
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in()
    {
        using var client = factory.NewClient();
        var response = await client.Http.GetAsync("/analytics");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }
}
