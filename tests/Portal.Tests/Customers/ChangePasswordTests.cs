using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class ChangePasswordTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string NewPassword = "a quieter new password";

    [Fact]
    public async Task Change_password_requires_the_current_one()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(email, AccountTestKit.Password);

        var response = await client.SubmitFormAsync("/security/change-password", "form#change-password-form", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = "not my password",
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("The current password is not correct.", (await PortalClient.ParseAsync(response)).Text("#Input_CurrentPassword-error"));
        using var other = factory.NewClient();
        (await other.SignInFormAsync(email, AccountTestKit.Password)).AssertRedirectTo("/");
    }

    [Fact]
    public async Task Changing_the_password_keeps_you_signed_in_and_the_old_one_stops_working()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(email, AccountTestKit.Password);

        (await client.SubmitFormAsync("/security/change-password", "form#change-password-form", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AccountTestKit.Password,
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        })).AssertRedirectTo("/security");

        var overview = await client.GetDocumentAsync("/security");
        Assert.Equal("Your password has been changed.", overview.Text("#status-message"));
        using var other = factory.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await other.SignInFormAsync(email, AccountTestKit.Password)).StatusCode);
        (await other.SignInFormAsync(email, NewPassword)).AssertRedirectTo("/");
    }
}
