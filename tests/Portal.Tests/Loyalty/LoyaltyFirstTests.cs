using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Core.Account;
using Portal.Core.Customers;
using Portal.Core.Loyalty;
using Portal.Loyalty;
using Portal.Shell;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

/// <summary>The loyalty page leads with the balance and what it buys; words, numbers and dates read right in both languages.</summary>
public partial class LoyaltyFirstTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<LoyaltyCustomer> SilverCustomerAsync(string language = Languages.English)
    {
        var customer = await factory.NewLoyaltyCustomerAsync(language, language == Languages.Arabic ? "لينا الوفية" : "Lina Loyal");
        await factory.BuyAsync(customer, 1_200_00, daysAgo: 335);
        await factory.BuyAsync(customer, 80_00, daysAgo: 2);
        await factory.AdjustAsync(customer, 50);
        return customer;
    }

    private async Task<PortalClient> SignedInAsync(LoyaltyCustomer customer)
    {
        var client = factory.NewClient();
        await client.SignInAsync(customer.Email);
        return client;
    }

    [Fact]
    public async Task The_page_leads_with_the_balance_its_worth_and_the_rewards_then_ways_to_earn_then_tiers()
    {
        var customer = await SilverCustomerAsync();
        await factory.AddRewardAsync("Cheap coffee " + Guid.NewGuid().ToString("N")[..4], "قهوة", 100);
        using var client = await SignedInAsync(customer);

        var page = await client.GetDocumentAsync("/loyalty");

        Assert.Equal("Worth about SAR 13 in rewards", Plain(page.Text("#points-worth")));
        Assert.Matches(@"^You can redeem \d+ rewards? now\.$", page.Text("#redeem-count"));
        var order = new[] { "#active-points", "#expiry-line", "#rewards", "#how-to-earn", "#tier-comparison", "#points-history" }
            .Select(s => page.All.ToList().IndexOf(page.QuerySelector(s)!)).ToList();
        Assert.All(order, i => Assert.True(i >= 0));
        Assert.Equal(order.Order().ToList(), order);
    }

    [Fact]
    public async Task Expiring_points_are_one_line_and_the_schedule_loads_on_request()
    {
        var customer = await SilverCustomerAsync();
        var summary = await factory.SummaryAsync(customer);
        using var client = await SignedInAsync(customer);

        var page = await client.GetDocumentAsync("/loyalty");

        var first = summary.Expiring[0];
        Assert.Equal($"1,200 points expire on {Riyadh(first.ExpiresAtUtc)}", page.Text("#expiry-line"));
        Assert.Empty(page.QuerySelectorAll("#expiry-schedule li"));
        var link = page.QuerySelector("#expiry-schedule-link")!;
        Assert.Equal("/loyalty?handler=Expiry", link.GetAttribute("hx-get"));

        var fragment = await client.GetFragmentAsync("/loyalty?handler=Expiry");
        Assert.Equal(summary.Expiring.Count, fragment.QuerySelectorAll("#expiry-schedule li").Length);
        Assert.Null(fragment.QuerySelector("#tier-card"));

        // Without JavaScript the link opens the page with the schedule in place.
        var full = await client.GetDocumentAsync(link.GetAttribute("href")!);
        Assert.Equal(summary.Expiring.Count, full.QuerySelectorAll("#expiry-schedule li").Length);
        Assert.NotNull(full.QuerySelector("#tier-card"));

        var home = await client.GetDocumentAsync("/");
        Assert.Equal(page.Text("#expiry-line"), home.Text("#home-expiry"));
        Assert.Equal("1,350 points ≈ SAR 13", Plain(home.Text("#home-points")));
    }

    [Fact]
    public async Task Tier_progress_is_also_said_in_money_with_the_date_it_holds_until()
    {
        var customer = await SilverCustomerAsync();
        var summary = await factory.SummaryAsync(customer);
        using var client = await SignedInAsync(customer);

        var page = await client.GetDocumentAsync("/loyalty");

        // 3,700 points at Silver's 1.25 points per riyal: 2,960 riyals; the 1,200 SAR purchase leaves the window in a month.
        var by = Riyadh(summary.NextTierByUtc!.Value);
        Assert.Equal($"Spend SAR 2,960 more by {by} to reach Gold.", Plain(page.Text("#tier-spend")));
    }

    [Fact]
    public async Task Every_tier_sentence_in_Arabic_uses_the_definite_form_after_the_word_tier()
    {
        using var scope = factory.Services.CreateScope();
        var s = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = Cultures.Arabic;
            foreach (var tier in Enum.GetValues<Tier>())
            {
                var adjective = s.TierInSentence(tier);
                Assert.StartsWith("ال", adjective);
                foreach (var sentence in s.TierSentences(tier))
                {
                    Assert.DoesNotMatch(BareTier(), sentence);
                    Assert.Contains(adjective, sentence);
                    Assert.DoesNotMatch(Latin(), sentence);
                }
            }
            Assert.Equal("مزايا مستواك الفضي", s.YourBenefits(Tier.Silver));
            Assert.Equal("تقدمك نحو المستوى الذهبي", s.ProgressTo(Tier.Gold));
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public async Task The_Arabic_page_puts_tiers_in_sentences_grammatically()
    {
        var customer = await SilverCustomerAsync(Languages.Arabic);
        using var client = await SignedInAsync(customer);

        var page = await client.GetDocumentAsync("/loyalty");

        Assert.Equal("فضي", page.Text("#tier-name"));
        Assert.Equal("مزايا مستواك الفضي", page.Text("#benefits-title"));
        Assert.Equal("تقدمك نحو المستوى الذهبي", page.Text("#tier-progress-title"));
        foreach (var sentence in new[] { "#tier-progress", "#tier-benefits", "#how-to-earn", "#keep-tier-warning" })
            Assert.DoesNotMatch(BareTier(), page.Text(sentence));
        Assert.StartsWith("تنتهي صلاحية", page.Text("#expiry-line"));
    }

    [Fact]
    public void English_counts_of_one_are_singular()
    {
        using var scope = factory.Services.CreateScope();
        var s = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = Cultures.English;
            var options = new LoyaltyOptions();
            Assert.Equal("1 point per riyal", s.PerRiyal(options, options.Definition(Tier.Bronze)));
            Assert.Equal("Earn 1 point per riyal", s.EarnPerRiyal(options, options.Definition(Tier.Bronze)));
            Assert.Equal("1.25 points per riyal", s.PerRiyal(options, options.Definition(Tier.Silver)));
            Assert.Equal("2 points per riyal", s.PerRiyal(options, options.Definition(Tier.Platinum)));
            Assert.Equal("1 point", s.Plural("{0} points", 1));
            Assert.Equal("You can redeem 1 reward now.", s.Plural("You can redeem {0} rewards now.", 1));
            Assert.Equal("1 point expires on 24 December 2026", s.Plural("{0} points expire on {1}", 1, "24 December 2026"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("en", "2 Dec 2026, 00:30", "2 December 2026")]
    [InlineData("ar", "2 ديسمبر 2026, 00:30", "2 ديسمبر 2026")]
    public void One_date_format_per_culture_in_the_readers_time_zone(string language, string moment, string longDate)
    {
        var (ui, culture, zone) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture, Formats.Zone);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = Cultures.For(language);
            Formats.Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh");
            var utc = new DateTime(2026, 12, 1, 21, 30, 0, DateTimeKind.Utc);
            Assert.Equal(moment, Formats.Moment(utc));
            Assert.Equal(longDate, Formats.LongDate(utc));
            Assert.Equal(moment, LoyaltyText.When(null!, utc));
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture, Formats.Zone) = (ui, culture, zone);
        }
    }

    [Fact]
    public async Task Staff_pages_show_local_time_not_UTC()
    {
        var customer = await SilverCustomerAsync();
        var staff = await factory.NewStaffOnlyAsync(Roles.Staff);
        using var client = factory.NewClient();
        await client.SignInAsync(staff);

        var profile = await client.GetDocumentAsync($"/staff/customers/{customer.Number}");

        var times = profile.QuerySelectorAll("#loyalty-history time").Select(t => t.TextContent.Trim()).ToList();
        Assert.NotEmpty(times);
        Assert.All(times, t => Assert.DoesNotContain("UTC", t));
        Assert.All(times, t => Assert.Matches(@"^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$", t));
    }

    [Fact]
    public async Task A_code_is_shown_on_request_and_only_while_it_is_ready()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        await factory.AdjustAsync(customer, 1_000);
        var reward = await factory.AddRewardAsync("Free cake", "كعكة مجانية", 100);
        var used = (await factory.WithServiceAsync<LedgerResult<Redemption>, RewardsCatalog>(c => c.RedeemAsync(customer.Id, reward.Id, "u1"))).Value!;
        var ready = (await factory.WithServiceAsync<LedgerResult<Redemption>, RewardsCatalog>(c => c.RedeemAsync(customer.Id, reward.Id, "r1"))).Value!;
        Assert.True((await factory.WithServiceAsync<LedgerResult<Redemption>, RewardsCatalog>(c => c.UseCodeAsync(used.Code, "Sara"))).Succeeded);
        using var client = await SignedInAsync(customer);

        var page = await client.GetDocumentAsync("/loyalty");

        Assert.DoesNotContain(RewardRules.Grouped(ready.Code), page.Body!.TextContent);
        Assert.Empty(page.QuerySelectorAll("#redemption-list svg"));
        Assert.Equal("used", page.QuerySelector($"#redemption-{used.Id}")!.GetAttribute("data-status"));
        Assert.Null(page.QuerySelector($"#redemption-{used.Id}-show"));
        Assert.Equal("issued", page.QuerySelector($"#redemption-{ready.Id}")!.GetAttribute("data-status"));

        var code = await client.GetFragmentAsync($"/loyalty?handler=Code&redemptionId={ready.Id}");
        Assert.Equal(RewardRules.Grouped(ready.Code), code.Text($"#redemption-{ready.Id}-code"));
        Assert.NotNull(code.QuerySelector("svg"));

        var usedCode = await client.Http.GetAsync($"/loyalty?handler=Code&redemptionId={used.Id}");
        Assert.Equal(HttpStatusCode.NotFound, usedCode.StatusCode);
        var someoneElse = await factory.NewLoyaltyCustomerAsync();
        using var other = await SignedInAsync(someoneElse);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/loyalty?handler=Code&redemptionId={ready.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_till_marks_a_code_used_once_and_an_expired_code_is_refused()
    {
        var customer = await factory.NewLoyaltyCustomerAsync();
        await factory.AdjustAsync(customer, 1_000);
        var reward = await factory.AddRewardAsync("Free tea", "شاي مجاني", 100);
        var fresh = (await factory.WithServiceAsync<LedgerResult<Redemption>, RewardsCatalog>(c => c.RedeemAsync(customer.Id, reward.Id, "t1"))).Value!;
        using var till = await factory.NewTillAsync();

        var first = await till.PostAsync($"/api/customer-id/reward-codes/{RewardRules.Grouped(fresh.Code).ToLowerInvariant()}/use", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("Used", body.GetProperty("status").GetString());
        await (await till.PostAsync($"/api/customer-id/reward-codes/{fresh.Code}/use", null)).AssertProblemAsync(HttpStatusCode.Conflict, RewardCodesApi.CodeAlreadyUsed);

        // A code not used within its validity (90 days) has run out.
        var old = (await factory.WithServiceAsync<LedgerResult<Redemption>, RewardsCatalog>(c => c.RedeemAsync(customer.Id, reward.Id, "t2"))).Value!;
        await factory.WithServiceAsync<int, Portal.Core.Data.PortalDbContext>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(db.Set<Redemption>().Where(r => r.Id == old.Id),
                u => u.SetProperty(r => r.CreatedAtUtc, old.CreatedAtUtc.AddDays(-91))));
        await (await till.PostAsync($"/api/customer-id/reward-codes/{old.Code}/use", null)).AssertProblemAsync(HttpStatusCode.Gone, RewardCodesApi.CodeExpired);
        var check = await (await till.GetAsync($"/api/customer-id/reward-codes/{old.Code}")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("Expired", check.GetProperty("status").GetString());

        using var client = await SignedInAsync(customer);
        var page = await client.GetDocumentAsync("/loyalty");
        Assert.Equal("expired", page.QuerySelector($"#redemption-{old.Id}")!.GetAttribute("data-status"));
        Assert.Equal("Expired", page.QuerySelector($"#redemption-{old.Id} [data-status-label]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector($"#redemption-{old.Id}-show"));
    }

    private static string Plain(string text) => text.Replace("\u2066", "").Replace("\u2068", "").Replace("\u2069", "");

    /// <summary>A day as the portal shows it to someone in the business's zone (the test app's default).</summary>
    private static string Riyadh(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh")).ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en"));

    /// <summary>"المستوى ذهبي" or "مستواك فضي": a bare (indefinite) tier adjective after the word for tier.</summary>
    [GeneratedRegex(@"(المستوى|مستواك|مستوى)\s+(برونزي|فضي|ذهبي|بلاتيني)")]
    private static partial Regex BareTier();

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex Latin();
}

/// <summary>Its own app: switching the bonuses on would change the other tests' balances.</summary>
public class EarnBonusTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<PortalClient> SignedInAsync(LoyaltyCustomer customer)
    {
        var client = factory.NewClient();
        await client.SignInAsync(customer.Email);
        return client;
    }

    private static string Plain(string text) => text.Replace("\u2066", "").Replace("\u2068", "").Replace("\u2069", "");

    [Fact]
    public async Task Sign_up_and_profile_bonuses_are_credited_once_however_often_they_are_asked_for()
    {
        await factory.WithServiceAsync<bool, EarnBonuses>(b => b.SaveAsync(EarnBonusKind.SignUp, 150, true, "Sara"));
        await factory.WithServiceAsync<bool, EarnBonuses>(b => b.SaveAsync(EarnBonusKind.CompleteProfile, 75, true, "Sara"));
        var customer = await factory.NewLoyaltyCustomerAsync();
        factory.DispatchEvents();

        // Parallel and repeated requests for the same bonus.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => factory.WithServiceAsync<PointsEntry?, EarnBonuses>(b => b.GrantAsync(customer.Id, EarnBonusKind.SignUp))));
        factory.DispatchEvents();
        Assert.Equal([150], (await factory.EntriesOfAsync(customer, PointsEntryKind.Bonus)).Select(e => e.Points));

        // The profile bonus waits for a complete profile, then comes once however often it is saved.
        var change = new ProfileChange("Lina Loyal", "+966501234567", new DateOnly(1990, 5, 1), Languages.English, null);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => factory.WithServiceAsync<ProfileResult, AccountProfile>(p => p.UpdateAsync(customer.Id, change))));
        await factory.WithServiceAsync<ProfileResult, AccountProfile>(p => p.UpdateAsync(customer.Id, change));
        var bonuses = await factory.EntriesOfAsync(customer, PointsEntryKind.Bonus);
        Assert.Equal([75, 150], bonuses.Select(e => e.Points).Order());

        using var client = await SignedInAsync(customer);
        var page = await client.GetDocumentAsync("/loyalty");
        Assert.Contains("Join the programme: +150, once.", Plain(page.Text("#ways-to-earn")));
        Assert.Contains("Welcome bonus for joining", page.Text("#points-history"));
        Assert.Contains("Bonus for completing your profile", page.Text("#points-history"));

        await factory.WithServiceAsync<bool, EarnBonuses>(b => b.SaveAsync(EarnBonusKind.SignUp, 150, false, "Sara"));
        await factory.WithServiceAsync<bool, EarnBonuses>(b => b.SaveAsync(EarnBonusKind.CompleteProfile, 75, false, "Sara"));
    }
}
