using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Customers;

public class SignInTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task Keyboard_only_sign_in()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/login");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.Locator("a.skip-link");
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToHaveTextAsync("Skip to content");
        await Expect(skip).ToBeInViewportAsync();

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#main")).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#Input_Email")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(Demo.Customer);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#Input_Password")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(Demo.Password);
        await page.Keyboard.PressAsync("Enter");

        // The #main fragment from the skip link rides along through the redirect, as browsers do.
        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(Portal.RootUrl)}/(#main)?$"));
        await Expect(page.Locator("#membership-card")).ToBeVisibleAsync();
        await Expect(page.Locator("#card-name")).ToHaveTextAsync("Sam Carter");
    }

    [Fact]
    public async Task A_wrong_password_keeps_you_on_the_form_with_a_message()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("#Input_Email").FillAsync(Demo.Staff);
        await page.Locator("#Input_Password").FillAsync("not the password");
        await page.Locator("#login-submit").ClickAsync();

        await Expect(page.Locator("#login-errors")).ToContainTextAsync("The email or password is not correct.");
        await Expect(page.Locator("#account-menu")).ToHaveCountAsync(0);
    }
}
