using Portal.E2E.Infrastructure;

namespace Portal.E2E.Shell;

public class LanguageTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task Layla_sees_Arabic_navigation_right_to_left()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, Demo.Layla);

        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("lang", "ar");
        await Expect(html).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page.Locator("#header-nav")).ToContainTextAsync("بطاقتي");

        // Mirrored header: the brand sits on the right, the account menu on the left.
        var brand = await page.Locator("#brand-link").BoundingBoxAsync();
        var menu = await page.Locator("#account-menu").BoundingBoxAsync();
        Assert.NotNull(brand);
        Assert.NotNull(menu);
        Assert.True(menu.X + menu.Width <= brand.X, $"account menu ends at {menu.X + menu.Width}, brand starts at {brand.X}");

        // The skip link appears at the right-hand (start) edge.
        await page.Locator("body").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        var skip = page.Locator("a.skip-link");
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();
        var skipBox = await skip.BoundingBoxAsync();
        Assert.NotNull(skipBox);
        Assert.True(skipBox.X > 1280 / 2, $"skip link at x={skipBox.X} is not on the right");
    }

    [Fact]
    public async Task Language_switch_is_a_full_reload()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        // Arrive by a boosted link first: the switch must still replace <html lang dir>.
        await page.Locator("#main a[href='/account/login']").ClickAsync();
        await Expect(page).ToHaveURLAsync(Portal.RootUrl + "/account/login");

        var html = page.Locator("html");
        await page.Locator("#lang-switch").ClickAsync();
        await Expect(html).ToHaveAttributeAsync("lang", "ar");
        await Expect(html).ToHaveAttributeAsync("dir", "rtl");
        await Expect(page).ToHaveURLAsync(Portal.RootUrl + "/account/login");
        await Expect(page.Locator("#lang-switch")).ToHaveTextAsync("English");
        await Expect(page.Locator("#login-submit")).Not.ToHaveTextAsync("Sign in");

        await page.Locator("#lang-switch").ClickAsync();
        await Expect(html).ToHaveAttributeAsync("lang", "en");
        await Expect(html).ToHaveAttributeAsync("dir", "ltr");
        await Expect(page.Locator("#login-submit")).ToHaveTextAsync("Sign in");
    }
}
