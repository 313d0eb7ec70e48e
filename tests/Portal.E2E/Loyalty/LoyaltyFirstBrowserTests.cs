using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Loyalty;

/// <summary>What a customer sees first on /loyalty, in both languages, and the expiry schedule on request.</summary>
public partial class LoyaltyFirstBrowserTests(PortalFixture portal) : BrowserTest(portal)
{
    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task The_balance_and_rewards_come_before_ways_to_earn_and_tiers_and_the_schedule_loads_in_place(string language)
    {
        var member = await Portal.SilverMemberAsync();
        await Portal.AddRewardAsync("Small treat " + Guid.NewGuid().ToString("N")[..4], "حلوى صغيرة", 50);
        var page = await NewPageAsync(360, 800);
        await page.Context.AddCookiesAsync(new Variant(language, "light").Cookies(Portal.RootUrl));
        await SignInAsync(page, member.Email);
        await page.GotoAsync("/loyalty");

        // Top to bottom on a phone: balance, the expiry line, rewards, ways to earn, the tier table.
        var tops = new List<double>();
        foreach (var id in new[] { "#active-points", "#expiry-line", "#rewards-title", "#earn-title", "#tier-comparison" })
            tops.Add((await page.Locator(id).BoundingBoxAsync())!.Y);
        Assert.Equal(tops.Order().ToList(), tops);
        // Rewards start within the first two screens, not 3,000 px down.
        Assert.True(tops[2] < 1600, $"rewards start at {tops[2]} px");
        await Expect(page.Locator("#redeem-count")).ToHaveTextAsync(language == "ar" ? new Regex(@"^\s*يمكنك استبدال") : new Regex(@"^\s*You can redeem \d+ rewards? now\.\s*$"));

        var line = page.Locator("#expiry-line");
        await Expect(line).ToHaveTextAsync(language == "ar" ? new Regex(@"^\s*تنتهي صلاحية .+ في \d") : new Regex(@"^\s*1,200 points expire (on|soon, the first on) \d{1,2} [A-Z][a-z]+ \d{4}\s*$"));
        await Expect(page.Locator("#expiry-schedule li")).ToHaveCountAsync(0);
        await page.EvaluateAsync("() => { window.loyaltyMarker = 'same document'; }");
        await page.Locator("#expiry-schedule-link").ClickAsync();
        await Expect(page.Locator("#expiry-schedule li[data-soon='true']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#expiry-schedule")).ToBeFocusedAsync();
        Assert.Equal("same document", await page.EvaluateAsync<string?>("() => window.loyaltyMarker ?? null"));
    }

    [Fact]
    public async Task The_home_page_shows_the_same_expiry_line()
    {
        var member = await Portal.SilverMemberAsync();
        var page = await NewPageAsync(1280, 800);
        await SignInAsync(page, member.Email);
        await page.GotoAsync("/loyalty");
        var line = (await page.Locator("#expiry-line").TextContentAsync())!.Trim();

        await page.GotoAsync("/");

        await Expect(page.Locator("#home-expiry")).ToHaveTextAsync(line);
    }
}
