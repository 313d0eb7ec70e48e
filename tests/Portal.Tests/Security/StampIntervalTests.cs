using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Security;

/// <summary>
/// The session check looks at Identity's stamp interval before Identity does (SessionValidation): a change to someone's
/// roles must still reach their signed-in browser once the interval has passed.
/// </summary>
public class StampIntervalTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_role_granted_while_signed_in_reaches_the_navigation_once_the_stamp_interval_has_passed()
    {
        var email = await factory.CreateCustomerAsync();
        using var browser = await factory.SignedInBrowserAsync(email);
        const string staffLink = "#header-nav a[href='/staff/faq']";
        Assert.Null((await browser.Client.GetDocumentAsync("/")).QuerySelector(staffLink));

        await factory.WithServiceAsync<bool, UserManager<PortalUser>>(async users =>
            (await users.AddToRoleAsync((await users.FindByEmailAsync(email))!, Roles.Staff)).Succeeded);
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null((await browser.Client.GetDocumentAsync("/")).QuerySelector(staffLink));

        factory.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.NotNull((await browser.Client.GetDocumentAsync("/")).QuerySelector(staffLink));
        Assert.NotNull((await browser.Client.GetDocumentAsync("/")).QuerySelector(staffLink));
    }
}
