using System.Net;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class RegisterTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Register_assigns_a_valid_Customer_ID_and_shows_the_card()
    {
        using var client = factory.NewClient();
        var email = AccountTestKit.NewEmail();
        var fields = AccountTestKit.RegisterFields(email);
        fields["Input.PhoneNumber"] = "+966 50 123 4567";
        fields["Input.BirthDate"] = "1990-05-17";

        var response = await client.RegisterAsync(fields);

        response.AssertRedirectTo("/account/register/check-email");
        await client.SignInAsync(email, AccountTestKit.Password);
        var home = await client.GetDocumentAsync("/");
        Assert.True(CustomerNumber.TryParse(home.Text("#customer-id"), out var number));
        Assert.Equal("Nour Test", home.Text("#card-name"));
        Assert.NotNull(home.QuerySelector("#confirm-email-reminder"));

        var user = await factory.FindUserAsync(email);
        Assert.NotNull(user);
        Assert.Equal(number.Value, user.CustomerNumber);
        Assert.Equal("+966 50 123 4567", user.PhoneNumber);
        Assert.Equal(new DateOnly(1990, 5, 17), user.BirthDate);
        Assert.True(await factory.WithServiceAsync<bool, UserManager<PortalUser>>(u => u.IsInRoleAsync(user, Roles.Customer)));
        Assert.NotNull(factory.LastEmailTo(email));
    }

    [Fact]
    public async Task The_preferred_language_defaults_to_the_page_language()
    {
        using var client = factory.NewClient();
        var english = await client.GetDocumentAsync("/account/register");
        var arabic = await client.GetDocumentAsync("/account/register?culture=ar");
        Assert.Equal("en", english.QuerySelector("#Input_PreferredLanguage option[selected]")!.GetAttribute("value"));
        Assert.Equal("ar", arabic.QuerySelector("#Input_PreferredLanguage option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Registering_in_Arabic_shows_the_portal_in_Arabic()
    {
        using var client = factory.NewClient();
        var fields = AccountTestKit.RegisterFields(AccountTestKit.NewEmail());
        fields["Input.PreferredLanguage"] = Languages.Arabic;

        (await client.RegisterAsync(fields)).AssertRedirectTo("/account/register/check-email");

        var next = await client.GetDocumentAsync("/account/register/check-email");
        Assert.Equal("rtl", next.DocumentElement.GetAttribute("dir"));
    }

    [Fact]
    public async Task The_form_offers_the_right_autocomplete_hints()
    {
        using var client = factory.NewClient();
        var doc = await client.GetDocumentAsync("/account/register");
        Assert.Equal("email", doc.QuerySelector("#Input_Email")!.GetAttribute("autocomplete"));
        Assert.Equal("tel", doc.QuerySelector("#Input_PhoneNumber")!.GetAttribute("autocomplete"));
        Assert.Equal("bday", doc.QuerySelector("#Input_BirthDate")!.GetAttribute("autocomplete"));
        Assert.Equal("date", doc.QuerySelector("#Input_BirthDate")!.GetAttribute("type"));
        Assert.Equal("new-password", doc.QuerySelector("#Input_Password")!.GetAttribute("autocomplete"));
        Assert.Equal("new-password", doc.QuerySelector("#Input_ConfirmPassword")!.GetAttribute("autocomplete"));
        Assert.NotNull(doc.QuerySelector("button#register-submit"));
    }
}
