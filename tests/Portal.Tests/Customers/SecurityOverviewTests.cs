using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class SecurityOverviewTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_overview_needs_a_signed_in_user()
    {
        using var client = factory.NewClient();
        (await client.Http.GetAsync("/security")).AssertRedirectTo("/account/login");
    }

    [Fact]
    public async Task The_overview_shows_the_account_and_resends_the_confirmation()
    {
        var email = await factory.CreateCustomerAsync();
        var user = await factory.FindUserAsync(email);
        using var client = factory.NewClient();
        await client.SignInAsync(email, AccountTestKit.Password);

        var page = await client.GetDocumentAsync("/security");

        Assert.Equal(email, page.Text("#security-email"));
        Assert.Equal("false", page.QuerySelector("#email-status")!.GetAttribute("data-confirmed"));
        Assert.Equal(CustomerNumber.Parse(user!.CustomerNumber).Grouped, page.Text("#security-customer-id"));
        Assert.Equal("false", page.QuerySelector("#two-factor-status")!.GetAttribute("data-enabled"));

        (await client.SubmitFormAsync("/security", "form#send-confirmation-form", new Dictionary<string, string>()))
            .AssertRedirectTo("/security");
        var link = factory.LinkInLastEmailTo(email);
        await client.GetDocumentAsync(link.PathAndQuery);
        var after = await client.GetDocumentAsync("/security");
        Assert.Equal("true", after.QuerySelector("#email-status")!.GetAttribute("data-confirmed"));
        Assert.Null(after.QuerySelector("form#send-confirmation-form"));
    }

    [Fact]
    public async Task A_demo_customer_sees_a_confirmed_email()
    {
        using var client = factory.NewClient();
        await client.SignInAsync("customer@demo.local");
        var page = await client.GetDocumentAsync("/security");
        Assert.Equal("true", page.QuerySelector("#email-status")!.GetAttribute("data-confirmed"));
    }
}
