using System.Net;
using System.Text.RegularExpressions;
using Portal.Core.Customers;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Segments;

public partial class SegmentPagesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<(LoyaltyCustomer Customer, PortalClient Client)> OccasionalAsync(string language = Languages.English, string name = "Lina Loyal")
    {
        await factory.WhalesAsync();
        var customer = await factory.NewLoyaltyCustomerAsync(language, name);
        await factory.BuyAsync(customer, 1_000, 20);
        await factory.RecomputeSegmentsAsync();
        return (customer, await factory.SignedInAsync(customer.Email));
    }

    [Fact]
    public async Task A_customer_sees_the_segment_its_benefits_what_moves_them_up_and_the_history()
    {
        var (_, client) = await OccasionalAsync();
        using var _ = client;

        var page = await client.GetDocumentAsync("/segment");

        Assert.Equal("Occasional", page.Text("#segment-name"));
        Assert.Equal("You shop with us now and then.", page.Text("#segment-meaning"));
        Assert.NotEmpty(page.QuerySelectorAll("#benefit-list li"));
        var byDate = TimeZoneInfo.ConvertTimeFromUtc(factory.Clock.Now.UtcDateTime.AddDays(-20).AddDays(90), TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh")).ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en"));
        Assert.Equal($"Make 2 more purchases before {byDate} to become Frequent.", page.Text("[data-move=BecomeFrequent]"));
        Assert.Matches(@"^Spend SAR [\d,]+\.\d\d more in the next 12 months to join VIP\.$", page.Text("[data-move=BecomeVip]"));
        Assert.Equal("Occasional", page.Text("#history-table tbody th"));
        Assert.Equal("First segment", page.Text("#history-table tbody td:last-child"));
        Assert.Equal(3, page.QuerySelectorAll("#history-table thead th[scope=col]").Length);
    }

    [Fact]
    public async Task The_Arabic_page_is_right_to_left_with_Arabic_segment_text()
    {
        var (_, client) = await OccasionalAsync(Languages.Arabic);
        using var _ = client;

        var page = await client.GetDocumentAsync("/segment");

        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("عرضي", page.Text("#segment-name"));
        Assert.StartsWith("أجرِ عمليتي شراء إضافيتين قبل", page.Text("[data-move=BecomeFrequent]"));
        foreach (var island in page.QuerySelectorAll("[dir=ltr], script, svg, input[type=hidden]").ToList()) island.Remove();
        var english = LatinWord().Matches(page.QuerySelector("main")?.TextContent ?? page.Body!.TextContent).Select(m => m.Value).Distinct().ToList();
        Assert.True(english.Count == 0, "English words in the Arabic page: " + string.Join(", ", english));
    }

    [Fact]
    public async Task A_customer_without_purchases_sees_a_friendly_explanation()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        using var client = await factory.SignedInAsync(customer.Email);

        var page = await client.GetDocumentAsync("/segment");

        Assert.Equal("New", page.Text("#segment-name"));
        Assert.StartsWith("You have not made a purchase yet.", page.Text("#segment-meaning"));
        Assert.Equal("Make your first purchase to get your segment.", page.Text("[data-move=FirstPurchase]"));
        Assert.NotNull(page.QuerySelector("#history-empty"));
    }

    [Fact]
    public async Task The_API_returns_the_segment_in_camel_case_with_enums_as_strings()
    {
        var (customer, client) = await OccasionalAsync();
        client.Dispose();
        using var app = await factory.SignedInAppAsync(customer.Email);

        var json = await (await app.GetAsync("/api/customer-id/segment")).JsonAsync();

        Assert.Equal("Occasional", json.GetProperty("segment").GetString());
        Assert.Equal("SAR", json.GetProperty("currency").GetString());
        Assert.Equal(1, json.GetProperty("figures").GetProperty("purchases12Months").GetInt32());
        Assert.Equal(1_000, json.GetProperty("figures").GetProperty("spend12MonthsMinor").GetInt64());
        Assert.InRange(json.GetProperty("scores").GetProperty("recency").GetInt32(), 1, 5);
        var moves = json.GetProperty("moves").EnumerateArray().ToList();
        Assert.Equal("BecomeFrequent", moves[0].GetProperty("kind").GetString());
        Assert.Equal("Frequent", moves[0].GetProperty("target").GetString());
        Assert.Equal(2, moves[0].GetProperty("count").GetInt32());
        var history = Assert.Single(json.GetProperty("history").EnumerateArray());
        Assert.Equal("Occasional", history.GetProperty("segment").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, history.GetProperty("previousSegment").ValueKind);
    }

    [Fact]
    public async Task The_API_needs_a_signed_in_customer()
    {
        using var anonymous = factory.CreateClient();
        var response = await anonymous.GetAsync("/api/customer-id/segment");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Staff_see_sizes_revenue_averages_movement_and_export_links_in_English_and_Arabic()
    {
        await OccasionalAsync();
        using var staff = await factory.SignedInAsync("staff@demo.local");

        var page = await staff.GetDocumentAsync("/staff/segments");

        Assert.Equal("#segment-share-table", page.QuerySelector("figure canvas[data-chart=doughnut]")!.GetAttribute("data-chart-table"));
        Assert.NotNull(page.QuerySelector("#segment-share-table caption"));
        Assert.Equal(["Segment", "Customers", "Share of customers", "Revenue", "Share of revenue"],
            page.QuerySelectorAll("#segment-share-table thead th").Select(th => th.TextContent.Trim()));
        Assert.Equal(6, page.QuerySelectorAll("#segment-share-table tbody th[scope=row]").Length);
        Assert.True(int.Parse(page.QuerySelector("#share-occasional td")!.GetAttribute("data-value")!) >= 1);
        Assert.Equal("/staff/segments?handler=Export&segment=Vip", page.QuerySelector("#export-vip")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("#movement-table caption"));
        Assert.Equal(6, page.QuerySelectorAll("#movement-table tbody tr").Length);
        Assert.NotNull(page.QuerySelector("#recompute-form input[name=__RequestVerificationToken]"));

        var arabic = await staff.GetDocumentAsync("/staff/segments?culture=ar");
        Assert.Equal("rtl", arabic.DocumentElement.GetAttribute("dir"));
        Assert.Equal("الشرائح", arabic.Text("h1"));
        Assert.Equal("عرضي", arabic.Text("#share-occasional th"));
        Assert.Equal("أعد الحساب الآن", arabic.Text("#recompute-submit"));
    }

    [Fact]
    public async Task Customers_cannot_open_the_staff_page_or_the_export()
    {
        var (_, client) = await OccasionalAsync();
        using var _ = client;

        foreach (var url in new[] { "/staff/segments", "/staff/segments?handler=Export&segment=Occasional" })
        {
            LoyaltyStaffTestKit.AssertAccessDenied(await client.Http.GetAsync(url));
        }
    }

    [Fact]
    public async Task The_CSV_export_lists_the_segment_with_formula_cells_escaped()
    {
        var (customer, client) = await OccasionalAsync(name: "=HYPERLINK(\"http://x\")");
        client.Dispose();
        using var staff = await factory.SignedInAsync("staff@demo.local");

        var response = await staff.Http.GetAsync("/staff/segments?handler=Export&segment=Occasional");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("segment-occasional.csv", response.Content.Headers.ContentDisposition!.ToString());
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n");
        Assert.StartsWith("Customer ID,Name,Email,Segment,Recency score,", lines[0]);
        var row = Assert.Single(lines, l => l.StartsWith(customer.Number + ",", StringComparison.Ordinal));
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",", row);
        Assert.Contains($",{customer.Email},Occasional,", row);
        Assert.Contains(",10.00,", row);
    }

    [Fact]
    public async Task The_staff_profile_has_a_segment_panel()
    {
        var (customer, client) = await OccasionalAsync(name: "Panel Person");
        client.Dispose();
        using var staff = await factory.SignedInAsync("staff@demo.local");

        var profile = await staff.GetDocumentAsync($"/staff/customers/{customer.Number}");

        Assert.Equal("Segment", profile.Text("#panel-segment-title"));
        Assert.Equal("Occasional", profile.Text("#profile-segment"));
    }

    [GeneratedRegex(@"(?<![A-Za-z])[A-Za-z]{3,}(?![A-Za-z])")]
    private static partial Regex LatinWord();
}
