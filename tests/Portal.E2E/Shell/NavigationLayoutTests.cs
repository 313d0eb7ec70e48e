using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Shell;

/// <summary>
/// The navigation holds every section: a customer's phone has a bottom tab bar and a More sheet, a desktop has grouped
/// header menus; staff audiences have their own groups. Every section is at most two clicks from home.
/// </summary>
// Read-only: runs beside the other browser tests, on the sweep's app, to balance the two collections.
[Collection(AccessibilityCollection.Name)]
public class NavigationLayoutTests(PortalFixture portal) : BrowserTest(portal)
{
    private static readonly string[] CustomerSections = ["/", "/loyalty", "/analytics", "/segment", "/referrals", "/offers", "/special-dates", "/tickets", "/support", "/support/chat", "/security", "/notifications", "/account"];
    private static readonly Regex StaffHref = new("^/(staff|agent|admin)");

    private async Task<IPage> HomeAsync(string email, string language, int width, string theme = "light", bool javaScript = true)
    {
        var context = await NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 740 : 800 },
            StorageState = await Portal.SignedInStateAsync(email),
            Locale = "en-GB",
            JavaScriptEnabled = javaScript,
        });
        await context.AddCookiesAsync(new Variant(language, theme).Cookies(Portal.RootUrl));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", language == "ar" ? "rtl" : "ltr");
        return page;
    }

    private static string Customer(string language) => language == "ar" ? Demo.Layla : Demo.Customer;

    /// <summary>Follows the navigation to <paramref name="href"/> the shortest way and returns the number of clicks.</summary>
    private static async Task<int> ReachAsync(IPage page, string href, bool phone)
    {
        var bar = phone ? "#tab-bar" : "#header-nav";
        var direct = page.Locator($"{bar} a[href='{href}']:visible");
        if (await direct.CountAsync() > 0)
        {
            await direct.First.ClickAsync();
            return 1;
        }
        var menu = page.Locator($"{bar} details[data-menu]:has(a[href='{href}']) > summary:visible");
        if (await menu.CountAsync() > 0)
        {
            await menu.First.ClickAsync();
            await page.Locator($"{bar} details[open] a[href='{href}']").ClickAsync();
            return 2;
        }
        Assert.True(phone, $"{href} is neither a link nor in a menu of the header");
        await page.Locator("#tab-more").ClickAsync();
        await page.Locator($"#more-sheet a[href='{href}']").ClickAsync();
        return 2;
    }

    private async Task AssertEverySectionReachableAsync(IPage page, bool phone, string context)
    {
        foreach (var href in CustomerSections)
        {
            await page.GotoAsync("/");
            var clicks = await ReachAsync(page, href, phone);
            Assert.True(clicks <= 2, $"{context}: {href} took {clicks} clicks");
            await Expect(page).ToHaveURLAsync(Portal.RootUrl + href);
            await Expect(page.Locator($"nav a[href='{href}'][aria-current='page']:visible, nav [aria-current='true']:visible").First).ToBeVisibleAsync();
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task On_a_phone_a_customer_reaches_every_section_from_home_in_two_taps(string language)
    {
        var page = await HomeAsync(Customer(language), language, 360);
        await Expect(page.Locator("#tab-bar")).ToBeVisibleAsync();
        await Expect(page.Locator("#header-nav")).ToBeHiddenAsync();
        await Expect(page.Locator("#tab-bar a[href='/'][aria-current='page']")).ToBeVisibleAsync();
        await LayoutAssert.NoHorizontalOverflowAsync(page, $"home {language} at 360px");
        // Nothing hides under the bar: the page ends above it when scrolled to the bottom.
        var covered = await page.EvaluateAsync<bool>("""
            () => { window.scrollTo(0, document.body.scrollHeight);
                    const bar = document.getElementById('tab-bar').getBoundingClientRect();
                    const footer = document.querySelector('footer').getBoundingClientRect();
                    return footer.bottom > bar.top + 1; }
            """);
        Assert.False(covered, "the footer is hidden under the tab bar");

        await AssertEverySectionReachableAsync(page, phone: true, $"{language} at 360px");
        await LayoutAssert.NoHorizontalOverflowAsync(page, $"{page.Url} {language} at 360px");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task On_a_desktop_a_customer_reaches_every_section_from_the_header_menus(string language)
    {
        var page = await HomeAsync(Customer(language), language, 1280);
        await Expect(page.Locator("#tab-bar")).ToBeHiddenAsync();
        await Expect(page.Locator("#header-nav")).ToBeVisibleAsync();
        await AssertEverySectionReachableAsync(page, phone: false, $"{language} at 1280px");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task The_more_sheet_opens_and_closes_with_the_keyboard(string language)
    {
        var page = await HomeAsync(Customer(language), language, 360);
        var more = page.Locator("#tab-more");
        var sheet = page.Locator("#more-sheet");
        await TabToAsync(page, "document.activeElement.id === 'tab-more'");
        await page.Keyboard.PressAsync("Enter");
        await Expect(sheet).ToBeVisibleAsync();
        foreach (var href in CustomerSections) await Expect(sheet.Locator($"a[href='{href}']")).ToBeVisibleAsync();
        await AxeAssert.NoSeriousViolationsAsync(page, $"open More sheet {language}");

        await page.Keyboard.PressAsync("Escape");
        await Expect(sheet).ToBeHiddenAsync();
        await Expect(more).ToBeFocusedAsync();

        // And from the sheet to a section by keyboard alone.
        await page.Keyboard.PressAsync("Enter");
        await Expect(sheet).ToBeVisibleAsync();
        await TabToAsync(page, "document.activeElement.getAttribute('href') === '/support/chat'");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(Portal.RootUrl + "/support/chat");
        await Expect(sheet).ToBeHiddenAsync();
        await Expect(page.Locator("#tab-support > summary")).ToHaveAttributeAsync("aria-current", "true");
    }

    [Fact]
    public async Task On_a_desktop_a_menu_opens_and_is_followed_with_the_keyboard()
    {
        var page = await HomeAsync(Demo.Customer, "en", 1280);
        await TabToAsync(page, "document.activeElement.closest('#nav-customer-support') !== null");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#nav-customer-support")).ToHaveAttributeAsync("open", "");
        await TabToAsync(page, "document.activeElement.getAttribute('href') === '/tickets'");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(Portal.RootUrl + "/tickets");
        await Expect(page.Locator("#nav-customer-support > summary")).ToHaveAttributeAsync("aria-current", "true");
    }

    [Fact]
    public async Task Without_javascript_more_is_a_page_listing_every_section()
    {
        var page = await HomeAsync(Demo.Customer, "en", 360, javaScript: false);
        await page.Locator("#tab-more").ClickAsync();
        await Expect(page).ToHaveURLAsync(Portal.RootUrl + "/more");
        foreach (var href in CustomerSections) await Expect(page.Locator($"#all-sections a[href='{href}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-more")).ToHaveAttributeAsync("aria-current", "true");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task Home_leads_to_every_section_with_its_summary(string language)
    {
        var page = await HomeAsync(Demo.Layla, language, 360);
        foreach (var href in CustomerSections.Where(h => h != "/"))
            await Expect(page.Locator($"#home-sections a[href='{href}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#loyalty-summary #home-points")).ToHaveTextAsync(language == "ar" ? new Regex("نقط|نقاط|نقطة") : new Regex(@"^[\d,]+ points"));
        // Layla's #1001 is open, #1002 resolved.
        await Expect(page.Locator("#tickets-summary #home-open-tickets")).ToHaveTextAsync(language == "ar" ? "تذكرة مفتوحة واحدة" : "1 open ticket");
    }

    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task The_navigation_passes_axe_in_both_languages_and_themes(int width)
    {
        foreach (var language in new[] { "en", "ar" })
            foreach (var theme in new[] { "light", "dark" })
            {
                var page = await HomeAsync(Customer(language), language, width, theme);
                await AxeAssert.NoSeriousViolationsAsync(page, $"home {language} {theme} at {width}px");
                var menu = page.Locator(width < 768 ? "#tab-support > summary" : "#nav-customer-support > summary");
                await menu.ClickAsync();
                await AxeAssert.NoSeriousViolationsAsync(page, $"home with the Support menu open {language} {theme} at {width}px");
            }
    }

    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task Staff_and_admins_get_their_groups_and_customers_never_see_them(int width)
    {
        var admin = await HomeAsync(Demo.Admin, "en", width);
        var header = admin.Locator("#header-nav");
        await Expect(header).ToBeVisibleAsync();
        foreach (var href in new[] { "/agent", "/agent/tickets", "/staff/customers", "/staff/rewards", "/staff/faq", "/admin/users", "/admin/system", "/staff/integrations", "/staff/segments", "/staff/referrals", "/staff/offers", "/staff/notifications", "/staff/security" })
        {
            await admin.GotoAsync("/");
            Assert.True(await ReachAsync(admin, href, phone: false) <= 2, href);
            await Expect(admin).ToHaveURLAsync(Portal.RootUrl + href);
        }
        // A staff page one step inside a section: reached from the section's page, and the section stays marked.
        await admin.GotoAsync("/");
        await ReachAsync(admin, "/staff/rewards", phone: false);
        await admin.Locator("#earn-bonuses-link").ClickAsync();
        await Expect(admin).ToHaveURLAsync(Portal.RootUrl + "/staff/rewards/bonuses");
        await Expect(admin.Locator("#bonuses-form")).ToBeVisibleAsync();
        await Expect(admin.Locator("#header-nav a[href='/staff/rewards'][aria-current='page']")).ToHaveCountAsync(1);
        await LayoutAssert.NoHorizontalOverflowAsync(admin, $"admin at {width}px");

        var staff = await HomeAsync(Demo.Staff, "ar", width);
        await Expect(staff.Locator("#header-nav a[href='/staff/integrations']:visible")).ToHaveCountAsync(1);
        await Expect(staff.Locator("a[href='/admin/users']")).ToHaveCountAsync(0);
        await Expect(staff.Locator("a[href='/admin/system']")).ToHaveCountAsync(0);
        await Expect(staff.Locator("a[href^='/agent']")).ToHaveCountAsync(0);
        await LayoutAssert.NoHorizontalOverflowAsync(staff, $"staff ar at {width}px");

        var customer = await HomeAsync(Demo.Customer, "en", width);
        var hrefs = await customer.Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.DoesNotContain(hrefs, h => StaffHref.IsMatch(h));
        await Expect(customer.Locator("#header-nav details[id^='nav-agent'], #header-nav details[id^='nav-staff'], #header-nav details[id^='nav-admin']")).ToHaveCountAsync(0);
    }

    /// <summary>Pictures of the navigation: artifacts/screenshots/nav-*.png.</summary>
    [Fact]
    public async Task Screenshots_of_the_navigation()
    {
        var folder = Path.Combine(RepoRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        foreach (var language in new[] { "en", "ar" })
            foreach (var theme in new[] { "light", "dark" })
                foreach (var width in new[] { 360, 1280 })
                {
                    var page = await HomeAsync(Customer(language), language, width, theme);
                    await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"nav-home-{language}-{theme}-{width}.png"), Animations = ScreenshotAnimations.Disabled });
                    if (width == 360)
                    {
                        await page.Locator("#tab-more").ClickAsync();
                        await Expect(page.Locator("#more-sheet")).ToBeVisibleAsync();
                        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"nav-more-{language}-{theme}-{width}.png"), Animations = ScreenshotAnimations.Disabled });
                    }
                    else
                    {
                        await page.Locator("#nav-customer-support > summary").ClickAsync();
                        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"nav-menu-{language}-{theme}-{width}.png"), Animations = ScreenshotAnimations.Disabled });
                    }
                }
        foreach (var width in new[] { 360, 1280 })
        {
            var admin = await HomeAsync(Demo.Admin, "en", width);
            await admin.ScreenshotAsync(new() { Path = Path.Combine(folder, $"nav-admin-en-light-{width}.png") });
        }
    }

    private static async Task TabToAsync(IPage page, string condition)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>($"() => {condition}")) return;
        }
        Assert.Fail($"Tab never reached: {condition}");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CustomerPortal.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}
