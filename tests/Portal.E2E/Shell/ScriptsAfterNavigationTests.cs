using Portal.E2E.Infrastructure;

namespace Portal.E2E.Shell;

/// <summary>
/// Pages with behaviour of their own, reached the way people reach them: by clicking from home. Every feature
/// script marks its root element data-initialised when it has taken it over, so a script that never ran fails here.
/// </summary>
public class ScriptsAfterNavigationTests(PortalFixture portal) : BrowserTest(portal)
{
    private async Task<IPage> HomeAsync(string email, string language)
    {
        var context = await NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            StorageState = await Portal.SignedInStateAsync(email),
            Locale = "en-GB",
        });
        await context.AddCookiesAsync(new Variant(language, "light").Cookies(Portal.RootUrl));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        // A full load would lose this: the clicks below must be boosted swaps, where scripts used to go missing.
        await page.EvaluateAsync("() => { window.__e2eSameDocument = true; }");
        return page;
    }

    private static async Task AssertSameDocumentAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__e2eSameDocument === true"), "the link caused a full page load");

    /// <summary>Clicks the link, opening the header menu that holds it first when it is in one.</summary>
    private static async Task ClickLinkAsync(IPage page, string href)
    {
        var menu = page.Locator($"#header-nav details[data-menu]:has(a[href='{href}']) > summary:visible");
        if (await menu.CountAsync() > 0) await menu.First.ClickAsync();
        await page.Locator($"a[href='{href}']:visible").First.ClickAsync();
    }

    /// <summary>
    /// Clicks a boosted link and waits until htmx has settled the new page: until then its hx-* attributes are not
    /// processed, and a change made in that moment (choosing a filter) would go unheard.
    /// </summary>
    private static async Task ClickLinkAndSettleAsync(IPage page, string href)
    {
        await page.EvaluateAsync("() => { window.__e2eSettled = false; document.addEventListener('htmx:afterSettle', () => { window.__e2eSettled = true; }, { once: true }); }");
        await ClickLinkAsync(page, href);
        await page.WaitForFunctionAsync("() => window.__e2eSettled === true");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task The_agent_console_and_canned_replies_work_when_reached_by_links_back_and_reload(string language)
    {
        var page = await HomeAsync(Demo.Agent, language);
        var console = page.Locator("#agent-console");

        await ClickLinkAsync(page, "/agent");
        await Expect(console).ToHaveAttributeAsync("data-initialised", "agent-chat");
        await Expect(console).ToHaveAttributeAsync("data-connected", "true");

        await ClickLinkAndSettleAsync(page, "/agent/tickets");
        await page.Locator("#scope").SelectOptionAsync("All");
        await ClickLinkAsync(page, "/agent/tickets/1001");
        await Expect(page.Locator("#canned-insert")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-canned]").First).ToHaveAttributeAsync("data-initialised", "tickets");
        await AssertSameDocumentAsync(page);

        // Back through the history (a full load: out-of-order htmx restores once showed the wrong page) and a reload
        // both bring the console back to life.
        await page.GoBackAsync();
        await Expect(page.Locator("#queue-filters")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("scope=All"));
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(Portal.RootUrl + "/agent/tickets");
        await Expect(page.Locator("#queue-filters")).ToBeVisibleAsync();
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(Portal.RootUrl + "/agent");
        await Expect(console).ToHaveAttributeAsync("data-initialised", "agent-chat");
        await Expect(console).ToHaveAttributeAsync("data-connected", "true");
        await page.ReloadAsync();
        await Expect(console).ToHaveAttributeAsync("data-initialised", "agent-chat");
        await Expect(console).ToHaveAttributeAsync("data-connected", "true");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task The_scanner_and_the_copy_button_work_when_staff_click_through_from_home(string language)
    {
        var page = await HomeAsync(Demo.Staff, language);

        await ClickLinkAsync(page, "/staff/customers");
        // Marked even where this headless browser has no camera to scan with: the script ran and decided.
        await Expect(page.Locator("[data-scan-card]")).ToHaveAttributeAsync("data-initialised", "scan-card");

        await ClickLinkAsync(page, "/staff/integrations");
        await Expect(page.Locator("#create-key-form")).ToBeVisibleAsync();
        await AssertSameDocumentAsync(page);
        // Creating a key is a full POST on purpose (the key must not live in htmx's history): the script still runs.
        await page.Locator("#Input_Name").FillAsync("Till " + language);
        await page.Locator("#Input_Name").PressAsync("Enter");
        await Expect(page.Locator("#copy-key")).ToBeVisibleAsync();
        await Expect(page.Locator("#copy-key")).ToHaveAttributeAsync("data-initialised", "copy");
    }

    [Theory]
    [InlineData(Demo.Customer, "en")]
    [InlineData(Demo.Layla, "ar")]
    public async Task The_full_screen_card_keeps_its_script_when_opened_from_home(string email, string language)
    {
        var page = await HomeAsync(email, language);
        await page.Locator("#show-card").ClickAsync();
        await Expect(page.Locator("#card-screen")).ToHaveAttributeAsync("data-initialised", "card");
        await page.Locator("#close-card").ClickAsync();
        await Expect(page.Locator("#membership-card")).ToBeVisibleAsync();
        await page.GoBackAsync();
        await Expect(page.Locator("#card-screen")).ToHaveAttributeAsync("data-initialised", "card");
    }

    [Theory]
    [InlineData(Demo.Customer, "en")]
    [InlineData(Demo.Layla, "ar")]
    public async Task The_analytics_charts_draw_when_reached_from_home_and_after_back_and_reload(string email, string language)
    {
        var page = await HomeAsync(email, language);
        // A chart is drawn when its canvas comes near the screen: scrolled to, as a reader would.
        async Task ChartDrawnAsync(string id)
        {
            await page.Locator(id).ScrollIntoViewIfNeededAsync();
            await Expect(page.Locator(id)).ToHaveAttributeAsync("data-initialised", "charts");
        }
        await ClickLinkAsync(page, "/analytics");
        await ChartDrawnAsync("#trend-chart");
        await ChartDrawnAsync("#category-chart");
        await AssertSameDocumentAsync(page);
        await ClickLinkAsync(page, "/loyalty");
        await Expect(page.Locator("#tier-card")).ToBeVisibleAsync();
        // The charts that left with the page were destroyed, not kept alive behind it.
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.keys(Chart.instances).length"));
        await page.GoBackAsync();
        await ChartDrawnAsync("#trend-chart");
        await page.ReloadAsync();
        await ChartDrawnAsync("#trend-chart");
        await ChartDrawnAsync("#category-chart");
        Assert.Equal(2, await page.EvaluateAsync<int>("() => Object.keys(Chart.instances).length"));
    }
}
