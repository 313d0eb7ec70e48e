using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

[Collection(PortalCollection.Name)]
public class AccessDeniedTests(PortalFactory factory)
{
    [Fact]
    public async Task A_customer_opening_an_admin_page_gets_a_localized_access_denied_page()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("layla@demo.local");

        var response = await client.Http.GetAsync("/account/access-denied?ReturnUrl=%2Fadmin%2Fusers");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var doc = await PortalClient.ParseAsync(response);
        Assert.Equal("rtl", doc.DocumentElement.GetAttribute("dir"));
        Assert.Equal("غير مسموح", doc.Text("#access-denied-title"));
    }
}
