using System.Net;
using System.Text.Json;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Analytics;

public class AnalyticsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Base = "/api/customer-id/analytics";

    [Fact]
    public async Task Summary_gives_totals_categories_and_engagement_in_camelCase_with_enums_as_strings()
    {
        var (customer, _) = await factory.ShopperAsync();
        using var app = await factory.SignedInAppAsync(customer.Email);

        var summary = await (await app.GetAsync(Base + "/summary")).JsonAsync();

        Assert.Equal("SAR", summary.GetProperty("currency").GetString());
        Assert.Equal(3, summary.GetProperty("purchases").GetInt32());
        Assert.Equal(1_750_50, summary.GetProperty("spentMinor").GetInt64());
        Assert.Equal(583_50, summary.GetProperty("averageOrderMinor").GetInt64());
        Assert.Equal(JsonValueKind.String, summary.GetProperty("lastPurchaseAt").ValueKind);
        var favourites = summary.GetProperty("favourites").EnumerateArray().ToList();
        Assert.Equal(["Electronics", "Grocery", "Fashion"], favourites.Select(f => f.GetProperty("category").GetString()));
        Assert.Equal(0.7144, favourites[0].GetProperty("share").GetDouble(), 4);
        var engagement = summary.GetProperty("engagement");
        Assert.InRange(engagement.GetProperty("score").GetInt32(), 0, 100);
        var parts = engagement.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["Recency", "Frequency", "SignIns", "Referrals", "Redemptions"], parts.Select(p => p.GetProperty("kind").GetString()));
        Assert.True(parts[3].GetProperty("counted").GetBoolean());
        Assert.Equal(0, parts[3].GetProperty("measure").GetInt32());
        Assert.Equal(2, parts[0].GetProperty("measure").GetInt32());
    }

    [Fact]
    public async Task Trends_give_12_or_24_months_oldest_first_and_refuse_anything_else()
    {
        var (customer, _) = await factory.ShopperAsync();
        using var app = await factory.SignedInAppAsync(customer.Email);

        var twelve = await (await app.GetAsync(Base + "/trends")).JsonAsync();
        var twentyFour = await (await app.GetAsync(Base + "/trends?months=24")).JsonAsync();

        Assert.Equal(12, twelve.GetProperty("months").GetInt32());
        var items = twelve.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(12, items.Count);
        Assert.Equal(factory.Clock.Now.UtcDateTime.ToString("yyyy-MM"), items[^1].GetProperty("month").GetString());
        Assert.Equal(1_750_50, items.Sum(i => i.GetProperty("spentMinor").GetInt64()));
        Assert.Equal(24, twentyFour.GetProperty("items").GetArrayLength());
        foreach (var bad in new[] { "6", "0", "-12", "abc", "12.0" })
        {
            var problem = await (await app.GetAsync(Base + "/trends?months=" + bad)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("months", out _), bad);
        }
    }

    [Fact]
    public async Task Purchases_page_with_an_opaque_cursor_and_carry_lines_and_points()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        var orders = new List<string>();
        for (var i = 0; i < 5; i++) orders.Add(await factory.BuyLinesAsync(customer, i + 1, ("Grocery", 10_00), ("Toys", 5_00 + i)));
        using var app = await factory.SignedInAppAsync(customer.Email);

        var first = await (await app.GetAsync(Base + "/purchases?take=2")).JsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var second = await (await app.GetAsync(Base + "/purchases?take=2&cursor=" + Uri.EscapeDataString(cursor))).JsonAsync();
        var third = await (await app.GetAsync(Base + "/purchases?take=2&cursor=" + Uri.EscapeDataString(second.GetProperty("nextCursor").GetString()!))).JsonAsync();

        var seen = new[] { first, second, third }.SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(p => p.GetProperty("orderId").GetString()!).ToList();
        Assert.Equal(orders, seen);
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);
        var item = first.GetProperty("items")[0];
        Assert.Equal(["Grocery", "Toys"], item.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("category").GetString()));
        Assert.Equal(15_00, item.GetProperty("totalMinor").GetInt64());
        Assert.Equal(15, item.GetProperty("pointsEarned").GetInt64());
        Assert.Equal("Store", item.GetProperty("channel").GetString());
        Assert.DoesNotContain(":", cursor);
    }

    [Fact]
    public async Task Purchases_filter_by_category_and_dates()
    {
        var (customer, orders) = await factory.ShopperAsync();
        using var app = await factory.SignedInAppAsync(customer.Email);
        var today = DateOnly.FromDateTime(factory.Clock.Now.UtcDateTime);

        async Task<List<string?>> Orders(string query) =>
            (await (await app.GetAsync(Base + "/purchases?" + query)).JsonAsync()).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("orderId").GetString()).ToList();

        Assert.Equal([orders[1], orders[0]], await Orders("category=Grocery"));
        Assert.Equal([orders[2], orders[1]], await Orders($"from={today.AddDays(-11):yyyy-MM-dd}"));
        Assert.Equal([orders[0]], await Orders($"to={today.AddDays(-11):yyyy-MM-dd}&category=Electronics"));
    }

    [Theory]
    [InlineData("cursor=nope", "cursor")]
    [InlineData("cursor=cDE6MTIz", "cursor")]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-05-02&to=2026-05-01", "to")]
    [InlineData("take=0", "take")]
    [InlineData("take=101", "take")]
    public async Task Bad_cursors_dates_and_sizes_are_400_problems_naming_the_field(string query, string field)
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email);

        var problem = await (await app.GetAsync(Base + "/purchases?" + query)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_customer_gets_only_their_own_figures_and_purchases()
    {
        var (sara, saraOrders) = await factory.ShopperAsync();
        var (omar, _) = await factory.ShopperAsync();
        await factory.BuyLinesAsync(omar, 1, ("Toys", 9_000_00));
        using var app = await factory.SignedInAppAsync(sara.Email);

        var summary = await (await app.GetAsync(Base + "/summary")).JsonAsync();
        var purchases = await (await app.GetAsync(Base + "/purchases")).JsonAsync();
        var trends = await (await app.GetAsync(Base + "/trends")).JsonAsync();

        Assert.Equal(1_750_50, summary.GetProperty("spentMinor").GetInt64());
        Assert.DoesNotContain(summary.GetProperty("byCategory").EnumerateArray(), c => c.GetProperty("category").GetString() == "Toys");
        Assert.Equal(saraOrders.Reverse(), purchases.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("orderId").GetString()!));
        Assert.Equal(1_750_50, trends.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("spentMinor").GetInt64()));
    }

    [Fact]
    public async Task Without_a_token_the_analytics_API_is_401()
    {
        using var anonymous = factory.NewApiClient();
        foreach (var path in new[] { "/summary", "/trends", "/purchases" })
            await (await anonymous.GetAsync(Base + path)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_analytics_endpoints_and_their_problems()
    {
        using var anonymous = factory.NewApiClient();
        var doc = await (await anonymous.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty(Base + "/summary", out _));
        Assert.True(paths.GetProperty(Base + "/trends").GetProperty("get").GetProperty("responses").TryGetProperty("400", out _));
        var purchases = paths.GetProperty(Base + "/purchases").GetProperty("get");
        Assert.Contains(purchases.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "cursor");
        Assert.True(purchases.GetProperty("responses").TryGetProperty("400", out _));
    }
}
