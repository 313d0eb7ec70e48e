using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class EmailConfirmationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Email_confirmation_link_confirms()
    {
        using var client = factory.NewClient();
        var email = AccountTestKit.NewEmail();
        (await client.RegisterAsync(AccountTestKit.RegisterFields(email))).AssertRedirectTo("/account/register/check-email");
        await client.SignInAsync(email, AccountTestKit.Password);
        Assert.False((await factory.FindUserAsync(email))!.EmailConfirmed);

        var link = factory.LinkInLastEmailTo(email);
        Assert.Equal("/account/confirm-email", link.AbsolutePath);
        var doc = await client.GetDocumentAsync(link.PathAndQuery);

        Assert.Equal("true", doc.QuerySelector("#confirm-email-result")!.GetAttribute("data-confirmed"));
        Assert.True((await factory.FindUserAsync(email))!.EmailConfirmed);
        var home = await client.GetDocumentAsync("/");
        Assert.Null(home.QuerySelector("#confirm-email-reminder"));
    }

    [Fact]
    public async Task A_tampered_confirmation_link_confirms_nothing()
    {
        using var client = factory.NewClient();
        var email = AccountTestKit.NewEmail();
        await client.RegisterAsync(AccountTestKit.RegisterFields(email));
        var user = await factory.FindUserAsync(email);

        var doc = await client.GetDocumentAsync($"/account/confirm-email?userId={user!.Id}&code=bm90LWEtdG9rZW4&culture=ar");

        Assert.Equal("false", doc.QuerySelector("#confirm-email-result")!.GetAttribute("data-confirmed"));
        Assert.Equal("هذا الرابط غير صالح", doc.Text("h1"));
        Assert.False((await factory.FindUserAsync(email))!.EmailConfirmed);
    }

    [Fact]
    public async Task Resending_the_confirmation_answers_the_same_for_unknown_emails()
    {
        var known = await factory.CreateCustomerAsync();
        var unknown = AccountTestKit.NewEmail();
        using var client = factory.NewClient();

        var forKnown = await client.SubmitFormAsync("/account/resend-email-confirmation", "form#resend-form", new Dictionary<string, string> { ["Input.Email"] = known });
        var knownPage = await client.GetDocumentAsync(forKnown.Headers.Location!.OriginalString);
        var forUnknown = await client.SubmitFormAsync("/account/resend-email-confirmation", "form#resend-form", new Dictionary<string, string> { ["Input.Email"] = unknown });
        var unknownPage = await client.GetDocumentAsync(forUnknown.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, forUnknown.StatusCode);
        Assert.Equal(forKnown.Headers.Location, forUnknown.Headers.Location);
        Assert.Equal(knownPage.Text("#status-message"), unknownPage.Text("#status-message"));
        Assert.Equal("/account/confirm-email", factory.LinkInLastEmailTo(known).AbsolutePath);
        Assert.Null(factory.LastEmailTo(unknown));
    }
}
