using AngleSharp.Dom;
using System.Net;
using Portal.Core.Loyalty;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

public class RewardsStaffTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static Dictionary<string, string> Fields(string nameEn, string nameAr, string cost = "250") => new()
    {
        ["Input.NameEn"] = nameEn,
        ["Input.NameAr"] = nameAr,
        ["Input.DescriptionEn"] = "A hot drink of your choice",
        ["Input.DescriptionAr"] = "مشروب ساخن من اختيارك",
        ["Input.CostPoints"] = cost,
        ["Input.Stock"] = "40",
        ["Input.MinimumTier"] = "Silver",
        ["Input.AvailableFrom"] = "2026-12-01",
        ["Input.AvailableUntil"] = "2026-12-31",
        ["Input.IsActive"] = "true",
    };

    [Fact]
    public async Task Staff_add_a_reward_with_both_names_and_it_appears_in_the_catalog()
    {
        using var client = await factory.SignedInAsync("staff@demo.local");
        var name = $"Coffee {Guid.NewGuid():N}"[..16];

        var response = await client.SubmitFormAsync("/staff/rewards/edit", "#reward-form", Fields(name, "قهوة مجانية"));

        Assert.Equal("/staff/rewards", response.Headers.Location?.OriginalString);
        var list = await client.FollowAsync(response);
        Assert.Equal($"Reward added: {name}.", list.Text("#status-message"));
        var reward = Assert.Single(await factory.AllAsync<Reward>(), r => r.NameEn == name);
        var row = list.QuerySelector($"#reward-{reward.Id}")!;
        Assert.Equal(name, row.TextIn("[data-name]"));
        Assert.Equal("قهوة مجانية", row.TextIn("[data-other-name]"));
        Assert.Equal("250 points", row.TextIn("[data-cost]"));
        Assert.Equal("40", row.TextIn("[data-stock]"));
        Assert.Equal("Silver", row.TextIn("[data-tier]"));
        Assert.Equal("1 Dec 2026 to 31 Dec 2026", row.TextIn("[data-window]"));
        Assert.Equal("Active", row.TextIn("[data-status]"));
        // The last day counts in full: the reward stops at the start of the next day, UTC.
        Assert.Equal(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), reward.AvailableFromUtc);
        Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), reward.AvailableUntilUtc);

        var arabic = await client.GetDocumentAsync("/staff/rewards?culture=ar");
        var arabicRow = arabic.QuerySelector($"#reward-{reward.Id}")!;
        Assert.Equal("قهوة مجانية", arabicRow.TextIn("[data-name]"));
        Assert.Equal(name, arabicRow.TextIn("[data-other-name]"));
    }

    [Fact]
    public async Task A_reward_without_an_Arabic_name_is_refused_with_a_localized_error_and_nothing_is_saved()
    {
        using var client = await factory.SignedInAsync("staff@demo.local");
        var name = $"Tea {Guid.NewGuid():N}"[..14];

        var english = await client.SubmitFormAsync("/staff/rewards/edit", "#reward-form", Fields(name, " "));
        var arabic = await client.SubmitFormAsync("/staff/rewards/edit?culture=ar", "#reward-form", Fields(name, ""));

        Assert.Equal(HttpStatusCode.OK, english.StatusCode);
        var doc = await PortalClient.ParseAsync(english);
        Assert.Equal("Enter the name in Arabic.", doc.Text("#Input_NameAr-error"));
        Assert.Contains("Input_NameAr-error", doc.QuerySelector("#Input_NameAr")!.GetAttribute("aria-describedby"));
        Assert.Equal(name, doc.QuerySelector("#Input_NameEn")!.GetAttribute("value"));
        Assert.Equal("أدخل الاسم بالعربية.", (await PortalClient.ParseAsync(arabic)).Text("#Input_NameAr-error"));
        Assert.DoesNotContain(await factory.AllAsync<Reward>(), r => r.NameEn == name);
    }

    [Fact]
    public async Task A_cost_of_zero_and_a_last_day_before_the_first_are_refused_field_by_field()
    {
        using var client = await factory.SignedInAsync("staff@demo.local");
        var name = $"Bag {Guid.NewGuid():N}"[..14];

        var zero = await PortalClient.ParseAsync(await client.SubmitFormAsync("/staff/rewards/edit", "#reward-form", Fields(name, "حقيبة", cost: "0")));
        var window = Fields(name, "حقيبة");
        window["Input.AvailableUntil"] = "2026-11-30";
        var backwards = await PortalClient.ParseAsync(await client.SubmitFormAsync("/staff/rewards/edit", "#reward-form", window));

        Assert.Equal("Enter a cost from 1 to 1,000,000 points.", zero.Text("#Input_CostPoints-error"));
        Assert.Equal("The last day cannot be before the first day.", backwards.Text("#Input_AvailableUntil-error"));
        Assert.DoesNotContain(await factory.AllAsync<Reward>(), r => r.NameEn == name);
    }

    [Fact]
    public async Task Editing_a_reward_keeps_the_codes_customers_took_meanwhile()
    {
        var reward = await factory.AddRewardAsync("Umbrella", 10, stock: 5);
        var customer = await factory.NewCustomerAsync("Stock Watcher");
        await factory.GivePointsAsync(customer, 100);
        using var client = await factory.SignedInAsync("staff@demo.local");
        var form = await client.GetDocumentAsync($"/staff/rewards/edit/{reward.Id}");
        Assert.Equal("Umbrella", form.QuerySelector("#Input_NameEn")!.GetAttribute("value"));

        await factory.RedeemAsync(customer, reward);
        var response = await client.SubmitAsync((AngleSharp.Html.Dom.IHtmlFormElement)form.QuerySelector("#reward-form")!, new Dictionary<string, string>
        {
            ["Input.NameEn"] = "Big umbrella", ["Input.NameAr"] = "مظلة كبيرة", ["Input.CostPoints"] = "10", ["Input.Stock"] = "5", ["Input.IsActive"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = Assert.Single(await factory.AllAsync<Reward>(), r => r.Id == reward.Id);
        Assert.Equal("Big umbrella", saved.NameEn);
        Assert.Equal(4, saved.Stock);
    }

    [Fact]
    public async Task Staff_switch_a_reward_off_and_on_again()
    {
        var reward = await factory.AddRewardAsync("Cinema ticket", 500);
        using var client = await factory.SignedInAsync("staff@demo.local");

        var off = await client.FollowAsync(await client.SubmitFormAsync("/staff/rewards", $"#switch-reward-{reward.Id}", new Dictionary<string, string>()));
        Assert.StartsWith("Switched off: Cinema ticket.", off.Text("#status-message"));
        Assert.Equal("Switched off", off.QuerySelector($"#reward-{reward.Id}")!.TextIn("[data-status]"));
        Assert.False(Assert.Single(await factory.AllAsync<Reward>(), r => r.Id == reward.Id).IsActive);

        var on = await client.FollowAsync(await client.SubmitFormAsync("/staff/rewards", $"#switch-reward-{reward.Id}", new Dictionary<string, string>()));
        Assert.Equal("Switched on again: Cinema ticket.", on.Text("#status-message"));
        Assert.True(Assert.Single(await factory.AllAsync<Reward>(), r => r.Id == reward.Id).IsActive);
    }

    [Theory]
    [InlineData("/staff/rewards")]
    [InlineData("/staff/rewards/edit")]
    [InlineData("/staff/integrations")]
    public async Task Agents_are_refused_the_staff_pages(string url)
    {
        using var client = await factory.SignedInAsync("agent@demo.local");

        LoyaltyStaffTestKit.AssertAccessDenied(await client.Http.GetAsync(url));
    }

    [Fact]
    public async Task Agents_cannot_add_a_reward_or_make_a_key_with_a_crafted_post()
    {
        using var client = await factory.SignedInAsync("agent@demo.local");

        LoyaltyStaffTestKit.AssertAccessDenied(await client.PostCraftedAsync("/staff/customers", "/staff/rewards/edit", Fields("Sneaky", "متسلل")));
        LoyaltyStaffTestKit.AssertAccessDenied(await client.PostCraftedAsync("/staff/customers", "/staff/integrations?handler=Create",
            new Dictionary<string, string> { ["Input.Name"] = "Sneaky" }));

        Assert.DoesNotContain(await factory.AllAsync<Reward>(), r => r.NameEn == "Sneaky");
        Assert.DoesNotContain(await factory.AllAsync<IntegrationKey>(), k => k.Name == "Sneaky");
    }

    [Fact]
    public async Task Staff_see_Rewards_and_Integrations_in_the_menu_and_agents_do_not()
    {
        using var staff = await factory.SignedInAsync("staff@demo.local");
        using var agent = await factory.SignedInAsync("agent@demo.local");

        var staffNav = (await staff.GetDocumentAsync("/staff/customers")).QuerySelectorAll("nav a").Select(a => a.GetAttribute("href")).ToList();
        var agentNav = (await agent.GetDocumentAsync("/staff/customers")).QuerySelectorAll("nav a").Select(a => a.GetAttribute("href")).ToList();

        Assert.Contains("/staff/rewards", staffNav);
        Assert.Contains("/staff/integrations", staffNav);
        Assert.DoesNotContain("/staff/rewards", agentNav);
        Assert.DoesNotContain("/staff/integrations", agentNav);
    }
}
