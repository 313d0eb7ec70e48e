using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Shell;

public class NavigationTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task Boosted_links_swap_the_page_without_a_reload_and_it_keeps_working()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveTitleAsync(new Regex("^Welcome"));
        // A full load would lose this; an htmx-boosted swap keeps the same window.
        await page.EvaluateAsync("() => { window.__e2eSameDocument = true; }");

        await page.Locator("#main a[href='/account/login']").ClickAsync();
        await Expect(page).ToHaveURLAsync(Portal.RootUrl + "/account/login");
        await Expect(page).ToHaveTitleAsync(new Regex("^Sign in"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__e2eSameDocument === true"), "the link caused a full page load");

        await page.Locator("#Input_Email").FillAsync(Demo.Customer);
        await page.Locator("#Input_Password").FillAsync(Demo.Password);
        await page.Locator("#login-submit").ClickAsync();
        await Expect(page.Locator("#membership-card")).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync(new Regex("^My card"));
        await Expect(page.Locator("#header-nav a[aria-current='page']")).ToHaveTextAsync("My card");

        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(Portal.RootUrl + "/account/login");
    }
}
