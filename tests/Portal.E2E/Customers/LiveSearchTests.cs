using Portal.E2E.Infrastructure;

namespace Portal.E2E.Customers;

public class LiveSearchTests(PortalFixture portal) : BrowserTest(portal)
{
    // Nine zeros and a 1: the Damm check digit of 000000000 is 0, so this is a mistyped Customer ID.
    private const string MistypedId = "0000 0000 01";

    [Fact]
    public async Task A_mistyped_Customer_ID_marks_the_live_search_invalid_until_it_is_corrected()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, Demo.Agent);
        await page.GotoAsync("/staff/customers");
        var input = page.Locator("#q");

        await input.FillAsync(MistypedId);
        await Expect(page.Locator("#search-problem")).ToHaveTextAsync("This Customer ID is not valid: check the digits");
        await Expect(input).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(input).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("check the digits"));

        await input.FillAsync("carter");
        await Expect(page.Locator("#customer-count")).ToHaveTextAsync("1 result");
        await Expect(page.Locator("#search-problem")).ToBeEmptyAsync();
        await Expect(input).ToHaveAttributeAsync("aria-invalid", "false");
        // Still the live search, not a navigation.
        await Expect(page.Locator("#customer-results #customer-list")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Escape_closes_the_header_menu_but_not_other_details()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, Demo.Agent);
        await page.GotoAsync("/staff/customers");
        await page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<details id=\"confirm\" open><summary>Confirm</summary><p>Sure?</p></details>')");
        await page.Locator("#theme-menu summary").ClickAsync();
        await Expect(page.Locator("#theme-menu")).ToHaveAttributeAsync("open", "");

        await page.Keyboard.PressAsync("Escape");

        await Expect(page.Locator("#theme-menu")).Not.ToHaveAttributeAsync("open", "");
        await Expect(page.Locator("#theme-menu summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#confirm")).ToHaveAttributeAsync("open", "");
    }
}
