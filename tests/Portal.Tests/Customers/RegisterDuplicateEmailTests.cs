using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class RegisterDuplicateEmailTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("customer@demo.local")]
    [InlineData("  CUSTOMER@demo.local ")]
    public async Task Register_with_an_existing_email_changes_nothing(string email)
    {
        using var client = factory.NewClient();
        var before = await factory.CountUsersAsync();

        var response = await client.RegisterAsync(AccountTestKit.RegisterFields(email));

        // The same answer as for a new address: the page must not tell who has an account.
        response.AssertRedirectTo("/account/register/check-email");
        Assert.Equal(before, await factory.CountUsersAsync());
        var home = await client.GetDocumentAsync("/");
        Assert.Null(home.QuerySelector("#customer-id"));
    }
}
