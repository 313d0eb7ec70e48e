using System.Text.RegularExpressions;
using Portal.Core.Customers;
using Portal.E2E.Infrastructure;

namespace Portal.E2E.Customers;

public class RegisterTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public async Task Register_a_new_customer_and_see_the_card()
    {
        var page = await NewPageAsync();
        var form = await page.GotoAsync("/account/register");
        Assert.Equal(200, form!.Status);
        await page.Locator("#Input_DisplayName").FillAsync("Noor Haddad");
        var email = $"noor-{Guid.NewGuid():N}@example.com";
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync("a long enough passphrase");
        await page.Locator("#Input_ConfirmPassword").FillAsync("a long enough passphrase");
        await page.Locator("#register-submit").ClickAsync();

        // The same "check your email" answer a taken address gets; then the new password signs in.
        await Expect(page).ToHaveURLAsync(Portal.RootUrl + "/account/register/check-email");
        await page.Locator("#register-sign-in").ClickAsync();
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync("a long enough passphrase");
        await page.Locator("#login-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(Portal.RootUrl + "/");
        var customerId = page.Locator("#membership-card #customer-id");
        await Expect(customerId).ToHaveTextAsync(new Regex(@"^\s*\d{4} \d{4} \d{2}\s*$"));
        var shown = (await customerId.TextContentAsync())!.Trim();
        Assert.True(CustomerNumber.TryParse(shown.Replace(" ", ""), out var number), $"'{shown}' is not a valid Customer ID");
        Assert.Equal(number.Grouped, shown);
        await Expect(page.Locator("#membership-card svg")).ToBeVisibleAsync();
        await Expect(page.Locator("#card-name")).ToHaveTextAsync("Noor Haddad");
    }
}
