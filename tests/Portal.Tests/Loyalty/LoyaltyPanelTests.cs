using AngleSharp.Dom;
using System.Net;
using AngleSharp.Html.Dom;
using Portal.Core.Customers;
using Portal.Core.Loyalty;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

public class LoyaltyPanelTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static string Profile(PortalUser customer) => $"/staff/customers/{customer.CustomerNumber}";
    private static string Adjust(PortalUser customer) => $"/staff/customers/{customer.CustomerNumber}/adjust-points";

    private static Dictionary<string, string> Adjustment(string points, string reason) => new() { ["Input.Points"] = points, ["Input.Reason"] = reason };

    [Fact]
    public async Task Agents_see_the_loyalty_panel_without_the_adjust_form_and_staff_see_it_with_the_form()
    {
        var customer = await factory.NewCustomerAsync("Panel Viewer");
        await factory.GivePointsAsync(customer, 120);
        using var agent = await factory.SignedInAsync("agent@demo.local");
        using var staff = await factory.SignedInAsync("staff@demo.local");

        var agentView = await agent.GetDocumentAsync(Profile(customer));
        var staffView = await staff.GetDocumentAsync(Profile(customer));

        Assert.Equal("Loyalty", agentView.Text("#panel-loyalty-title"));
        Assert.Equal("Bronze", agentView.Text("#loyalty-tier"));
        Assert.Equal("120", agentView.Text("#loyalty-active"));
        Assert.Equal("0", agentView.Text("#loyalty-pending"));
        // Points given by staff are spendable but do not count toward a tier.
        Assert.Equal("1,000 more points to reach Silver", agentView.Text("#loyalty-next"));
        Assert.Null(agentView.QuerySelector("#adjust-points-form"));
        Assert.NotNull(staffView.QuerySelector("#adjust-points-form"));
        Assert.NotNull(staffView.QuerySelector("#adjust-points-form input[name='Input.RequestKey']"));
    }

    [Fact]
    public async Task The_panel_lists_the_latest_points_and_reward_codes_with_their_status()
    {
        var customer = await factory.NewCustomerAsync("History Reader");
        await factory.GivePointsAsync(customer, 500);
        var reward = await factory.AddRewardAsync("Notebook", 200);
        var redemption = await factory.RedeemAsync(customer, reward);
        using var agent = await factory.SignedInAsync("agent@demo.local");

        var doc = await agent.GetDocumentAsync(Profile(customer));

        var lines = doc.QuerySelectorAll("#loyalty-history li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("Reward code", lines[0]);
        Assert.Contains(RewardRules.Grouped(redemption.Code), lines[0]);
        Assert.Contains("−200", lines[0]);
        Assert.Contains("Adjusted by Test", lines[1]);
        Assert.Contains("+500", lines[1]);
        var code = doc.QuerySelector($"#redemption-{redemption.Id}")!;
        Assert.Contains("Notebook", code.TextContent);
        Assert.Equal("Not used yet", code.TextIn("[data-status]"));
    }

    [Fact]
    public async Task Staff_add_points_with_a_reason_and_return_to_the_profile_with_the_new_balance()
    {
        var customer = await factory.NewCustomerAsync("Goodwill Gift");
        await factory.GivePointsAsync(customer, 100);
        using var staff = await factory.SignedInAsync("staff@demo.local");

        var response = await staff.SubmitFormAsync(Profile(customer), "#adjust-points-form", Adjustment("50", "Late delivery <b>sorry</b>"));

        Assert.Equal(Profile(customer), response.Headers.Location?.OriginalString);
        var profile = await staff.FollowAsync(response);
        Assert.Equal("Points adjusted. Goodwill Gift now has 150 points to spend.", profile.Text("#status-message"));
        Assert.Equal("150", profile.Text("#loyalty-active"));
        var newest = profile.QuerySelector("#loyalty-history li")!;
        Assert.Contains("Adjusted by Sara Staff", newest.TextContent);
        // The reason is staff's text: shown as typed, never as markup.
        Assert.Equal("Late delivery <b>sorry</b>", newest.TextIn("[data-note]"));
        Assert.Null(newest.QuerySelector("b"));
        var entry = (await factory.EntriesAsync(customer)).Last();
        Assert.Equal((PointsEntryKind.Adjust, 50L, "Sara Staff"), (entry.Kind, entry.Points, entry.ActorName));
    }

    [Fact]
    public async Task Adjusting_without_a_reason_shows_an_error_and_writes_nothing()
    {
        var customer = await factory.NewCustomerAsync("No Reason");
        using var staff = await factory.SignedInAsync("staff@demo.local");

        var response = await staff.SubmitFormAsync(Profile(customer), "#adjust-points-form", Adjustment("50", "   "));
        var arabic = await staff.PostCraftedAsync(Adjust(customer), Adjust(customer) + "?culture=ar",
            new Dictionary<string, string> { ["Input.Points"] = "50", ["Input.Reason"] = "", ["Input.RequestKey"] = "arabic-form" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await PortalClient.ParseAsync(response);
        Assert.Equal("Enter a reason for the change.", doc.Text("#adjust-reason-error"));
        Assert.Contains("adjust-reason-error", doc.QuerySelector("#adjust-reason")!.GetAttribute("aria-describedby"));
        Assert.Equal("50", doc.QuerySelector("#adjust-points")!.GetAttribute("value"));
        Assert.Equal("أدخل سبب التعديل.", (await PortalClient.ParseAsync(arabic)).Text("#adjust-reason-error"));
        Assert.Empty(await factory.EntriesAsync(customer));
    }

    [Theory]
    [InlineData("ten")]
    [InlineData("0")]
    [InlineData("2.5")]
    [InlineData("")]
    public async Task A_number_that_is_not_a_whole_non_zero_number_is_refused(string points)
    {
        var customer = await factory.NewCustomerAsync("Bad Number");
        using var staff = await factory.SignedInAsync("staff@demo.local");

        var doc = await PortalClient.ParseAsync(await staff.SubmitFormAsync(Profile(customer), "#adjust-points-form", Adjustment(points, "Typo test")));

        Assert.Equal("Enter a whole number of points other than 0, at most 1,000,000 either way.", doc.Text("#adjust-points-error"));
        Assert.Empty(await factory.EntriesAsync(customer));
    }

    [Fact]
    public async Task The_same_form_sent_twice_adjusts_once()
    {
        var customer = await factory.NewCustomerAsync("Double Click");
        using var staff = await factory.SignedInAsync("staff@demo.local");
        var page = await staff.GetDocumentAsync(Profile(customer));
        var form = page.QuerySelector<IHtmlFormElement>("#adjust-points-form")!;

        var first = await staff.SubmitAsync(form, Adjustment("75", "Birthday"));
        var second = await staff.SubmitAsync(form, Adjustment("75", "Birthday"));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(75, Assert.Single(await factory.EntriesAsync(customer)).Points);
        Assert.Equal(75, (await factory.SummaryAsync(customer)).Active);
    }

    [Fact]
    public async Task Removing_more_points_than_the_customer_has_is_refused()
    {
        var customer = await factory.NewCustomerAsync("Small Balance");
        await factory.GivePointsAsync(customer, 30);
        using var staff = await factory.SignedInAsync("staff@demo.local");

        var doc = await PortalClient.ParseAsync(await staff.SubmitFormAsync(Profile(customer), "#adjust-points-form", Adjustment("-31", "Correction")));
        var removed = await staff.SubmitFormAsync(Profile(customer), "#adjust-points-form", Adjustment("-30", "Correction"));

        Assert.Equal("Not enough points to remove: the customer has 30 points available.", doc.Text("#adjust-points-error"));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(0, (await factory.SummaryAsync(customer)).Active);
        Assert.Equal([30L, -30L], (await factory.EntriesAsync(customer)).Select(e => e.Points));
    }

    [Fact]
    public async Task With_htmx_the_panel_is_redrawn_in_place_with_the_new_balance()
    {
        var customer = await factory.NewCustomerAsync("In Place");
        using var staff = await factory.SignedInAsync("staff@demo.local");
        var page = await staff.GetDocumentAsync(Profile(customer));
        var form = page.QuerySelector<IHtmlFormElement>("#adjust-points-form")!;
        staff.Http.DefaultRequestHeaders.Add("HX-Request", "true");

        var response = await staff.SubmitAsync(form, Adjustment("40", "Welcome gift"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await PortalClient.ParseAsync(response);
        Assert.Null(fragment.QuerySelector("header"));
        Assert.Equal("Points adjusted. In Place now has 40 points to spend.", fragment.Text("#loyalty-status"));
        Assert.Equal("40", fragment.Text("#loyalty-active"));
        // A fresh form: the next adjustment is a new one.
        Assert.NotEqual(form.QuerySelector<IHtmlInputElement>("[name='Input.RequestKey']")!.Value,
            fragment.QuerySelector<IHtmlInputElement>("[name='Input.RequestKey']")!.Value);
    }

    [Fact]
    public async Task Agents_cannot_adjust_points()
    {
        var customer = await factory.NewCustomerAsync("Agent Tries");
        using var agent = await factory.SignedInAsync("agent@demo.local");

        var response = await agent.PostCraftedAsync(Profile(customer), Adjust(customer),
            new Dictionary<string, string> { ["Input.Points"] = "1000", ["Input.Reason"] = "Me", ["Input.RequestKey"] = "abc" });

        LoyaltyStaffTestKit.AssertAccessDenied(response);
        LoyaltyStaffTestKit.AssertAccessDenied(await agent.Http.GetAsync(Adjust(customer)));
        Assert.Empty(await factory.EntriesAsync(customer));
    }
}
