using System.Net;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class ProfileTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Choosing_Arabic_in_the_profile_switches_the_portal_and_the_name_on_the_card()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(email, AccountTestKit.Password);

        (await client.SubmitFormAsync("/security/profile", "form#profile-form", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "نور الهدى",
            ["Input.PhoneNumber"] = "٠٥٠ ١٢٣ ٤٥٦٧",
            ["Input.BirthDate"] = "1995-02-28",
            ["Input.PreferredLanguage"] = Languages.Arabic,
        })).AssertRedirectTo("/security");

        var overview = await client.GetDocumentAsync("/security");
        Assert.Equal("rtl", overview.DocumentElement.GetAttribute("dir"));
        Assert.Equal("تم حفظ بياناتك.", overview.Text("#status-message"));
        Assert.Equal("نور الهدى", (await client.GetDocumentAsync("/")).Text("#card-name"));
        var user = await factory.FindUserAsync(email);
        Assert.Equal("050 123 4567", user!.PhoneNumber);
        Assert.Equal(new DateOnly(1995, 2, 28), user.BirthDate);
        Assert.Equal(Languages.Arabic, user.PreferredLanguage);
    }

    [Fact]
    public async Task An_invalid_profile_changes_nothing()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(email, AccountTestKit.Password);

        var response = await client.SubmitFormAsync("/security/profile", "form#profile-form", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "",
            ["Input.PhoneNumber"] = "12",
            ["Input.PreferredLanguage"] = "fr",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await PortalClient.ParseAsync(response);
        Assert.Equal("Enter your name.", doc.Text("#Input_DisplayName-error"));
        Assert.NotEmpty(doc.Text("#Input_PhoneNumber-error"));
        Assert.Equal("Choose a language.", doc.Text("#Input_PreferredLanguage-error"));
        Assert.Equal("Test Customer", (await factory.FindUserAsync(email))!.DisplayName);
    }
}
