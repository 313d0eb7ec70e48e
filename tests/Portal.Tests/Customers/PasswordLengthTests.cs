using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class PasswordLengthTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData(7)]
    [InlineData(129)]
    public async Task Passwords_outside_8_to_128_characters_are_refused(int length)
    {
        using var client = factory.NewClient();
        var email = AccountTestKit.NewEmail();

        var response = await client.RegisterAsync(AccountTestKit.RegisterFields(email, new string('p', length)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await PortalClient.ParseAsync(response);
        Assert.Equal("Use 8 to 128 characters for your password.", doc.Text("#Input_Password-error"));
        Assert.Null(await factory.FindUserAsync(email));
    }

    [Theory]
    [InlineData("qmvbzrkt")]
    [InlineData("كلمةالسر")]
    public async Task Eight_characters_without_digits_or_symbols_are_accepted(string password)
    {
        using var client = factory.NewClient();
        var email = AccountTestKit.NewEmail();

        (await client.RegisterAsync(AccountTestKit.RegisterFields(email, password))).AssertRedirectTo("/account/register/check-email");

        using var other = factory.NewClient();
        (await other.SignInFormAsync(email, password)).AssertRedirectTo("/");
    }

    [Fact]
    public async Task A_password_of_128_characters_is_accepted()
    {
        using var client = factory.NewClient();
        (await client.RegisterAsync(AccountTestKit.RegisterFields(AccountTestKit.NewEmail(), new string('p', 128)))).AssertRedirectTo("/account/register/check-email");
    }
}
