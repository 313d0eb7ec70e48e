using Portal.E2E.Infrastructure;

namespace Portal.E2E.Customers;

/// <summary>At a till with no signal: once seen, the membership card opens offline, until its owner signs out.</summary>
public class OfflineCardTests(PortalFixture portal) : BrowserTest(portal)
{
    private const string CardKept = "async () => { const c = await caches.open('portal-card-v1'); return !!(await c.match('/card')); }";

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task The_card_once_seen_opens_with_no_connection_and_is_forgotten_on_sign_out(string language)
    {
        var context = await NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 800 }, Locale = "en-GB" });
        await context.AddCookiesAsync(new Variant(language, "dark").Cookies(Portal.RootUrl));
        var page = await context.NewPageAsync();
        // A session of its own: signing out below must not end the one other tests share.
        await SignInAsync(page, Demo.Layla);

        await page.GotoAsync("/card");
        var number = await page.Locator("#customer-id").InnerTextAsync();
        await Expect(page.Locator("#card-screen")).ToHaveAttributeAsync("data-offline", "registered");
        await page.WaitForFunctionAsync(CardKept);

        await context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await Expect(page.Locator("#customer-id")).ToHaveTextAsync(number);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        // Styled from the kept stylesheet, not bare HTML.
        var background = await page.Locator("#membership-card").EvaluateAsync<string>("e => getComputedStyle(e).backgroundImage");
        Assert.Contains("gradient", background);

        await context.SetOfflineAsync(false);
        await page.GotoAsync("/");
        await page.Locator("#header-nav details:has(#sign-out) > summary, header details:has(#sign-out) > summary").First.ClickAsync();
        await page.Locator("#sign-out").ClickAsync();
        await Expect(page.Locator("main a[href='/account/login']")).ToBeVisibleAsync();
        // The worker drops it while the sign-out is answered; waiting (bounded) rather than asserting at once.
        await page.WaitForFunctionAsync($"async () => !(await ({CardKept})())");
    }
}
