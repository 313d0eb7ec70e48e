using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Portal.Core.Customers;
using Portal.Core.Loyalty;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

public partial class LoyaltyPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>
    /// 1,200 SAR eleven months ago (Silver, and 100 bonus points; that award expires within weeks and the tier is
    /// at risk), 80 SAR two days ago (100 points at Silver's ×1.25, still pending), and 50 points from staff.
    /// </summary>
    private async Task<LoyaltyCustomer> SilverCustomerAsync(string language = Languages.English)
    {
        var arabic = language == Languages.Arabic;
        var customer = await factory.NewLoyaltyCustomerAsync(language, arabic ? "لينا الوفية" : "Lina Loyal");
        await factory.BuyAsync(customer, 1_200_00, daysAgo: 335, orderId: "ORD-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant());
        await factory.BuyAsync(customer, 80_00, daysAgo: 2, orderId: "ORD-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant());
        await factory.AdjustAsync(customer, 50, arabic ? "نعتذر عن التأخير" : "Sorry for the wait");
        return customer;
    }

    private async Task<PortalClient> SignedInAsync(LoyaltyCustomer customer)
    {
        var client = factory.NewClient();
        await client.SignInAsync(customer.Email);
        return client;
    }

    [Fact]
    public async Task The_page_shows_the_tier_balances_pending_unlock_dates_and_expiry_schedule()
    {
        var customer = await SilverCustomerAsync();
        var summary = await factory.SummaryAsync(customer);
        using var client = await SignedInAsync(customer);

        var page = await client.GetDocumentAsync("/loyalty");

        Assert.Equal("Silver", page.Text("#tier-name"));
        Assert.Equal("1,350", page.Text("#active-points"));
        Assert.Equal("100", page.Text("#pending-points"));
        var unlock = Local(summary.PendingAwards.Single().UnlocksAtUtc).ToString("d MMM yyyy", English);
        Assert.Equal($"100 points unlock on {unlock}", page.Text("#pending-awards").Squash());
        var warning = summary.KeepTier!;
        Assert.Equal($"Earn {warning.PointsNeeded:N0} more points by {Local(warning.ByUtc).ToString("d MMMM yyyy", English)} to keep Silver.", page.Text("#keep-tier-warning"));
        Assert.Equal("status", page.QuerySelector("#keep-tier-warning")!.GetAttribute("role"));

        var bar = page.QuerySelector("progress#tier-progress-bar")!;
        Assert.Equal("5000", bar.GetAttribute("max"));
        Assert.Equal("1300", bar.GetAttribute("value"));
        Assert.Equal("1,300 of 5,000 points — 3,700 more points to reach Gold", bar.GetAttribute("aria-valuetext"));
        Assert.Equal("1,300 of 5,000 points — 3,700 more points to reach Gold", page.Text("#tier-progress-text"));

        Assert.Equal($"1,200 points expire on {Local(summary.Expiring.First(e => e.Soon).ExpiresAtUtc).ToString("d MMMM yyyy", English)}", page.Text("#expiry-line"));
        var expiring = (await client.GetFragmentAsync("/loyalty?handler=Expiry")).QuerySelectorAll("#expiry-schedule li");
        Assert.Equal(3, expiring.Length);
        var soon = expiring.Single(e => e.GetAttribute("data-soon") == "true");
        Assert.Contains("Expiring soon", soon.TextContent);
        Assert.Contains("1,200 points", soon.TextContent);
        Assert.Contains("Purchase ORD-", soon.TextContent.Squash());
        Assert.Contains(Local(summary.Expiring.First(e => e.Soon).ExpiresAtUtc).ToString("d MMMM yyyy", English), soon.TextContent);

        Assert.Contains("Your tier", page.Text("#tier-row-silver"));
        Assert.DoesNotContain("Your tier", page.Text("#tier-row-gold"));
        Assert.Contains("Earn 1.25 points per riyal", page.Text("#benefit-list"));
        Assert.Contains("Adjusted by staff: Sorry for the wait", page.Text("#points-history").Squash());
        Assert.Contains("Bonus for reaching Silver", page.Text("#points-history"));
    }

    [Fact]
    public async Task History_describes_purchases_refunds_and_staff_reasons_with_the_reason_encoded()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        var order = "ORD-R" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await factory.BuyAsync(customer, 300_00, daysAgo: 20, orderId: order);
        var refund = await factory.WithServiceAsync<PurchaseOutcome<RefundReceipt>, PurchaseIngestion>(p => p.RefundAsync(order, "RF-1", 100_00));
        Assert.True(refund.Succeeded);
        await factory.AdjustAsync(customer, 10, "<b>Sorry</b> & thanks");
        using var client = await SignedInAsync(customer);

        var page = await client.GetDocumentAsync("/loyalty");

        var rows = page.QuerySelectorAll("#history-rows li[id^='entry-']").Select(r => r.TextContent.Squash()).ToList();
        Assert.Equal(3, rows.Count);
        Assert.StartsWith("Adjusted by staff: <b>Sorry</b> & thanks", rows[0]);
        Assert.EndsWith("+10", rows[0]);
        Assert.StartsWith($"Refund of {order}", rows[1]);
        Assert.EndsWith("\u2212100", rows[1]);
        Assert.StartsWith($"Purchase {order}", rows[2]);
        Assert.EndsWith("+300", rows[2]);
        Assert.Null(page.QuerySelector("#points-history b"));
    }

    [Fact]
    public async Task A_new_customer_sees_friendly_empty_states()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        using var client = await SignedInAsync(customer);

        var page = await client.GetDocumentAsync("/loyalty");

        Assert.Equal("Bronze", page.Text("#tier-name"));
        Assert.Equal("0", page.Text("#active-points"));
        Assert.NotNull(page.QuerySelector("#points-empty"));
        Assert.NotNull(page.QuerySelector("#expiry-empty"));
        Assert.NotNull(page.QuerySelector("#history-empty"));
        Assert.NotNull(page.QuerySelector("#redemptions-empty"));
        Assert.Null(page.QuerySelector("#keep-tier-warning"));
        Assert.Equal("0 of 1,000 points — 1,000 more points to reach Silver", page.Text("#tier-progress-text"));
    }

    [Fact]
    public async Task Another_customers_points_and_rewards_never_appear()
    {
        var mine = await factory.NewLoyaltyCustomerAsync();
        await factory.AdjustAsync(mine, 40, "Mine");
        var theirs = await factory.NewLoyaltyCustomerAsync();
        await factory.BuyAsync(theirs, 500_00, daysAgo: 30, orderId: "ORD-THEIRS-" + Guid.NewGuid().ToString("N")[..6]);
        var reward = await factory.AddRewardAsync("Secret snack " + Guid.NewGuid().ToString("N")[..4], "وجبة خفيفة", 100);
        var theirCode = (await factory.WithServiceAsync<LedgerResult<Redemption>, RewardsCatalog>(c => c.RedeemAsync(theirs.Id, reward.Id, "k1"))).Value!.Code;
        using var client = await SignedInAsync(mine);

        var page = await client.GetDocumentAsync("/loyalty");

        Assert.Equal("40", page.Text("#active-points"));
        Assert.DoesNotContain("ORD-THEIRS", page.Body!.TextContent);
        Assert.DoesNotContain(RewardRules.Grouped(theirCode), page.Body.TextContent);
        Assert.NotNull(page.QuerySelector("#redemptions-empty"));
    }

    [Fact]
    public async Task Redeeming_twice_with_the_same_request_key_gives_one_redemption_and_one_debit()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        await factory.AdjustAsync(customer, 500);
        var reward = await factory.AddRewardAsync("Free coffee", "قهوة مجانية", 300);
        using var client = await SignedInAsync(customer);
        var page = await client.GetDocumentAsync("/loyalty");

        var confirm = await client.GetFragmentAsync($"/loyalty?handler=Confirm&rewardId={reward.Id}");
        Assert.Equal("Spend 300 points on Free coffee?", confirm.Text($"#reward-{reward.Id}-confirm p"));
        var form = confirm.QuerySelector<IHtmlFormElement>($"#reward-{reward.Id}-confirm-form")!;
        var first = await PortalClient.ParseAsync(await client.PostAsHtmxAsync(form, page.HtmxToken()));
        var second = await PortalClient.ParseAsync(await client.PostAsHtmxAsync(form, page.HtmxToken()));

        var code = first.Text($"#reward-{reward.Id}-code");
        Assert.Matches("^[0-9A-Z]{5}-[0-9A-Z]{5}$", code);
        Assert.Equal(code, second.Text($"#reward-{reward.Id}-code"));
        Assert.NotNull(first.QuerySelector($"#reward-{reward.Id}-qr svg"));
        // The balance and both histories come along out of band.
        Assert.Equal("200", first.Text("#tier-card[hx-swap-oob] #active-points"));
        Assert.Contains("Redeemed Free coffee", first.Text("#points-history-list[hx-swap-oob]").Squash());
        // My rewards lists it as ready; its code is shown once, here, and again only on request.
        Assert.Contains("Free coffee", first.Text("#redemption-list[hx-swap-oob]"));
        Assert.DoesNotContain(code, first.Text("#redemption-list[hx-swap-oob]"));
        Assert.Single(await factory.RedemptionsOfAsync(customer));
        Assert.Single(await factory.EntriesOfAsync(customer, PointsEntryKind.Redeem));
        Assert.Equal(200, (await factory.SummaryAsync(customer)).Active);
    }

    [Fact]
    public async Task Redeeming_without_JavaScript_redirects_to_the_page_showing_the_code()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        await factory.AdjustAsync(customer, 500);
        var reward = await factory.AddRewardAsync("Cinema ticket", "تذكرة سينما", 400);
        using var client = await SignedInAsync(customer);

        var confirmPage = await client.GetDocumentAsync($"/loyalty?handler=Confirm&rewardId={reward.Id}");
        var form = confirmPage.QuerySelector<IHtmlFormElement>($"#reward-{reward.Id}-confirm-form")!;
        var response = await client.SubmitAsync(form, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/loyalty#reward-{reward.Id}", response.Headers.Location!.OriginalString);
        var page = await client.GetDocumentAsync("/loyalty");
        var code = RewardRules.Grouped((await factory.RedemptionsOfAsync(customer)).Single().Code);
        Assert.Equal(code, page.Text($"#reward-{reward.Id}-code"));
        Assert.Equal("100", page.Text("#active-points"));
        Assert.Contains("Cinema ticket", page.Text("#redemptions"));
    }

    [Fact]
    public async Task Redeeming_with_too_few_points_shows_the_localized_message_and_changes_nothing()
    {
        var customer = await factory.NewLoyaltyCustomerAsync(Languages.Arabic);
        await factory.AdjustAsync(customer, 180);
        var reward = await factory.AddRewardAsync("Lunch for two", "غداء لشخصين", 300);
        using var client = await SignedInAsync(customer);
        var page = await client.GetDocumentAsync("/loyalty");
        Assert.Equal("تحتاج إلى 120 نقطة إضافية", page.Text($"#reward-{reward.Id}-why"));
        Assert.True(page.QuerySelector($"#reward-{reward.Id}-redeem")!.HasAttribute("disabled"));

        // A hand-made request (the page offers no confirm step for it).
        var request = new HttpRequestMessage(HttpMethod.Post, "/loyalty?handler=Redeem")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.RewardId"] = reward.Id.ToString(), ["Input.RequestKey"] = "k-" + Guid.NewGuid() }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", page.HtmxToken());
        var answer = await PortalClient.ParseAsync(await client.Http.SendAsync(request));

        Assert.Equal("تحتاج إلى 120 نقطة إضافية لهذه المكافأة.", answer.Text($"#reward-{reward.Id}-error"));
        Assert.Null(answer.QuerySelector("[hx-swap-oob]"));
        Assert.Empty(await factory.RedemptionsOfAsync(customer));
        Assert.Equal(180, (await factory.SummaryAsync(customer)).Active);
    }

    [Fact]
    public async Task A_reward_above_the_customers_tier_says_so_and_cannot_be_redeemed()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        await factory.AdjustAsync(customer, 5_000);
        var reward = await factory.AddRewardAsync("Lounge access", "دخول الصالة", 1_000, minimumTier: Tier.Gold);
        using var client = await SignedInAsync(customer);
        var page = await client.GetDocumentAsync("/loyalty");
        Assert.Equal("For Gold members and above", page.Text($"#reward-{reward.Id}-why"));

        var response = await client.PostCraftedAsync("/loyalty", "/loyalty?handler=Redeem",
            new Dictionary<string, string> { ["Input.RewardId"] = reward.Id.ToString(), ["Input.RequestKey"] = "tier-key" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await PortalClient.ParseAsync(response);
        Assert.Equal("This reward is for Gold members and above.", answer.Text($"#reward-{reward.Id}-error"));
        Assert.Empty(await factory.RedemptionsOfAsync(customer));
        Assert.Equal(5_000, (await factory.SummaryAsync(customer)).Active);
    }

    [Fact]
    public async Task The_redeem_post_without_an_antiforgery_token_is_refused()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        await factory.AdjustAsync(customer, 500);
        var reward = await factory.AddRewardAsync("Free tea", "شاي مجاني", 100);
        using var client = await SignedInAsync(customer);

        var response = await client.Http.PostAsync("/loyalty?handler=Redeem", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.RewardId"] = reward.Id.ToString(), ["Input.RequestKey"] = "no-token",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await factory.RedemptionsOfAsync(customer));
    }

    [Fact]
    public async Task Load_more_returns_the_next_page_of_history()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        for (var i = 1; i <= 25; i++) await factory.AdjustAsync(customer, i, $"Gift {i}");
        using var client = await SignedInAsync(customer);

        var page = await client.GetDocumentAsync("/loyalty");
        var rows = page.QuerySelectorAll("#history-rows li[id^='entry-']");
        Assert.Equal(20, rows.Length);
        Assert.Contains("Gift 25", rows[0].TextContent);
        Assert.Equal("+25", rows[0].QuerySelector("[data-points]")!.TextContent);
        var more = page.QuerySelector("#history-more-button")!.GetAttribute("hx-get")!;

        var next = await client.GetFragmentAsync(more);

        var nextRows = next.QuerySelectorAll("li[id^='entry-']");
        Assert.Equal(5, nextRows.Length);
        Assert.Contains("Gift 5", nextRows[0].TextContent);
        Assert.Contains("Gift 1", nextRows[^1].TextContent);
        Assert.Null(next.QuerySelector("#history-more"));
        Assert.Null(next.QuerySelector("html[lang] header"));
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Staff)]
    public async Task A_user_without_the_customer_role_is_refused(string role)
    {
        var email = await factory.NewStaffOnlyAsync(role);
        using var client = factory.NewClient();
        await client.SignInAsync(email);

        var response = await client.Http.GetAsync("/loyalty");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var deniedAt = new Uri(client.Http.BaseAddress!, response.Headers.Location!);
        Assert.Equal("/account/access-denied", deniedAt.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync(deniedAt)).StatusCode);
        var nav = (await client.GetDocumentAsync("/")).QuerySelector("nav")!.TextContent;
        Assert.DoesNotContain("Loyalty", nav);
    }

    [Fact]
    public async Task The_home_page_shows_the_tier_and_points_linking_to_the_loyalty_page()
    {
        var customer = await SilverCustomerAsync();
        using var client = await SignedInAsync(customer);

        var home = await client.GetDocumentAsync("/");

        Assert.Equal("/loyalty", home.QuerySelector("a#loyalty-summary")!.GetAttribute("href"));
        Assert.Equal("Silver member", home.Text("#home-tier"));
        Assert.Equal("1,350 points ≈ SAR 13", home.Text("#home-points").Replace("\u2068", "").Replace("\u2069", ""));
        Assert.Contains("Loyalty", home.QuerySelector("nav")!.TextContent);
    }

    [Fact]
    public async Task The_Arabic_page_is_right_to_left_with_no_English_interface_text()
    {
        var customer = await SilverCustomerAsync(Languages.Arabic);
        await factory.AdjustAsync(customer, 20, "هدية ترحيب");
        var reward = await factory.AddRewardAsync("Free dessert", "حلوى مجانية", 100);
        await factory.WithServiceAsync<LedgerResult<Redemption>, RewardsCatalog>(c => c.RedeemAsync(customer.Id, reward.Id, "ar-key"));
        using var client = await SignedInAsync(customer);

        var page = await client.GetDocumentAsync("/loyalty");

        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("فضي", page.Text("#tier-name"));
        Assert.Contains("حلوى مجانية", page.Text("#redemptions"));
        foreach (var island in page.QuerySelectorAll("[dir=ltr], script, svg, input[type=hidden]").ToList()) island.Remove();
        var text = string.Join(" | ", new[] { page.Body!.TextContent, page.Title ?? "" }
            .Concat(page.All.Select(e => e.GetAttribute("aria-label") ?? "")).Concat(page.All.Select(e => e.GetAttribute("aria-valuetext") ?? "")))
            .Replace("English", "");
        var english = LatinWord().Matches(text).Select(m => m.Value).Distinct().ToList();
        Assert.True(english.Count == 0, "English words in the Arabic page: " + string.Join(", ", english));
    }

    [GeneratedRegex(@"(?<![A-Za-z])[A-Za-z]{3,}(?![A-Za-z])")]
    private static partial Regex LatinWord();

    /// <summary>Pages show dates in the viewer's zone: the business zone (Asia/Riyadh) for these customers.</summary>
    private static DateTime Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh"));
}

internal static class CraftedPosts
{
    /// <summary>Posts <paramref name="fields"/> with the antiforgery token of <paramref name="tokenPage"/>, as a plain form would.</summary>
    public static async Task<HttpResponseMessage> PostCraftedAsync(this PortalClient client, string tokenPage, string action, IDictionary<string, string> fields)
    {
        var page = await client.GetDocumentAsync(tokenPage);
        var token = page.QuerySelector<IHtmlInputElement>("input[name='__RequestVerificationToken']")?.Value ?? page.HtmxToken();
        return await client.Http.PostAsync(action, new FormUrlEncodedContent([.. fields, new KeyValuePair<string, string>("__RequestVerificationToken", token)]));
    }

}
