using AngleSharp.Dom;
using System.Net;
using AngleSharp.Html.Dom;
using Portal.Core.Loyalty;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

public class RewardCodeTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<(Core.Customers.PortalUser Customer, Redemption Redemption)> IssuedCodeAsync(string customerName)
    {
        var reward = await factory.AddRewardAsync("Free coffee", 100);
        var customer = await factory.NewCustomerAsync(customerName);
        await factory.GivePointsAsync(customer, 300);
        return (customer, await factory.RedeemAsync(customer, reward));
    }

    [Fact]
    public async Task A_code_typed_in_lower_case_without_the_dash_shows_the_reward_and_the_customer()
    {
        var (customer, redemption) = await IssuedCodeAsync("Nadia Code");
        using var client = await factory.SignedInAsync("staff@demo.local");

        var response = await client.SubmitGetFormAsync("/staff/rewards/codes", "#code-form", new Dictionary<string, string> { ["code"] = redemption.Code.ToLowerInvariant() });
        var doc = await PortalClient.ParseAsync(response);

        Assert.Equal(RewardRules.Grouped(redemption.Code), doc.Text("#code-value"));
        Assert.Equal("Free coffee", doc.Text("#code-reward"));
        Assert.Equal("Nadia Code", doc.Text("#code-customer-name"));
        Assert.Contains(customer.Number.Grouped, doc.Text("#code-customer-id"));
        Assert.Equal("Not used yet", doc.Text("#code-status"));
        Assert.NotNull(doc.QuerySelector("#use-code"));
    }

    [Fact]
    public async Task Marking_a_code_used_twice_says_the_second_time_that_it_was_already_used()
    {
        var (_, redemption) = await IssuedCodeAsync("Twice Used");
        using var client = await factory.SignedInAsync("staff@demo.local");
        var page = await client.GetDocumentAsync($"/staff/rewards/codes?code={RewardRules.Grouped(redemption.Code)}");
        var form = page.QuerySelector<IHtmlFormElement>("#use-code-form")!;

        var first = await client.FollowAsync(await client.SubmitAsync(form, new Dictionary<string, string>()));
        var second = await client.SubmitAsync(form, new Dictionary<string, string>());

        Assert.Equal($"Code {RewardRules.Grouped(redemption.Code)} is marked as used.", first.Text("#status-message"));
        Assert.StartsWith("Used ", first.Text("#code-status"));
        Assert.EndsWith("by Sara Staff", first.Text("#code-status"));
        Assert.Null(first.QuerySelector("#use-code"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var again = await PortalClient.ParseAsync(second);
        Assert.Matches(@"^This code was already used on \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} by Sara Staff\.$", again.Text("#code-problem"));
        var used = Assert.Single(await factory.AllAsync<Redemption>(), r => r.Id == redemption.Id);
        Assert.Equal("Sara Staff", used.UsedByName);
    }

    [Fact]
    public async Task An_unknown_code_says_so_in_the_readers_language()
    {
        using var client = await factory.SignedInAsync("staff@demo.local");

        var english = await client.GetDocumentAsync("/staff/rewards/codes?code=ZZZZZ-ZZZZZ");
        var arabic = await client.GetDocumentAsync("/staff/rewards/codes?code=ZZZZZ-ZZZZZ&culture=ar");

        Assert.Equal("No reward has this code. Check the letters and digits and try again.", english.Text("#code-problem"));
        Assert.Equal("true", english.QuerySelector("#code")!.GetAttribute("aria-invalid"));
        Assert.Equal("لا توجد مكافأة بهذا الرمز. تحقّق من الحروف والأرقام وحاول مرة أخرى.", arabic.Text("#code-problem"));
    }

    [Fact]
    public async Task Agents_can_check_a_code_but_only_staff_mark_it_used()
    {
        var (_, redemption) = await IssuedCodeAsync("Agent Asks");
        using var client = await factory.SignedInAsync("agent@demo.local");

        var doc = await client.GetDocumentAsync($"/staff/rewards/codes?code={redemption.Code}");
        var crafted = await client.PostCraftedAsync("/staff/rewards/codes", "/staff/rewards/codes?handler=Use", new Dictionary<string, string> { ["code"] = redemption.Code });

        Assert.Equal("Free coffee", doc.Text("#code-reward"));
        Assert.Null(doc.QuerySelector("#use-code"));
        Assert.NotNull(doc.QuerySelector("#use-code-staff-only"));
        LoyaltyStaffTestKit.AssertAccessDenied(crafted);
        Assert.Null(Assert.Single(await factory.AllAsync<Redemption>(), r => r.Id == redemption.Id).UsedAtUtc);
    }
}
