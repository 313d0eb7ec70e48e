using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

/// <summary>Common passwords and ones made of the email's name are refused wherever a password is chosen.</summary>
public class PasswordPolicyTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string TooCommon = "This password is one of the most common and easy to guess. Choose another.";
    private const string HasEmail = "Your password must not contain your email address or its name part.";

    [Theory]
    [InlineData("password1")]
    [InlineData("Sunshine")]
    [InlineData("qwertyuiop")]
    public async Task Registration_refuses_a_common_password(string password)
    {
        using var client = factory.NewClient();
        var email = AccountTestKit.NewEmail();

        var response = await client.RegisterAsync(AccountTestKit.RegisterFields(email, password));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TooCommon, (await PortalClient.ParseAsync(response)).Text("#Input_Password-error"));
        Assert.Null(await factory.FindUserAsync(email));
    }

    [Fact]
    public async Task Registration_refuses_a_password_containing_the_email_name()
    {
        using var client = factory.NewClient();
        var email = $"nour{Guid.NewGuid():N}"[..12] + "@test.local";

        var response = await client.RegisterAsync(AccountTestKit.RegisterFields(email, "my " + email.Split('@')[0].ToUpperInvariant() + " pass"));

        Assert.Equal(HasEmail, (await PortalClient.ParseAsync(response)).Text("#Input_Password-error"));
        Assert.Null(await factory.FindUserAsync(email));
    }

    [Fact]
    public async Task The_refusal_is_in_Arabic_on_the_Arabic_page()
    {
        using var client = factory.NewClient();
        await client.GetDocumentAsync("/account/register?culture=ar");

        var response = await client.RegisterAsync(AccountTestKit.RegisterFields(AccountTestKit.NewEmail(), "iloveyou"), "/account/register?culture=ar");

        Assert.Equal("كلمة المرور هذه من أكثر كلمات المرور شيوعًا ويسهل تخمينها. اختر غيرها.",
            (await PortalClient.ParseAsync(response)).Text("#Input_Password-error"));
    }

    [Fact]
    public async Task Changing_to_a_common_password_is_refused_and_the_old_one_still_works()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(email, AccountTestKit.Password);

        var response = await client.SubmitFormAsync("/security/change-password", "form#change-password-form", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AccountTestKit.Password,
            ["Input.NewPassword"] = "baseball",
            ["Input.ConfirmPassword"] = "baseball",
        });

        Assert.Equal(TooCommon, (await PortalClient.ParseAsync(response)).Text("#Input_NewPassword-error"));
        using var other = factory.NewClient();
        (await other.SignInFormAsync(email, AccountTestKit.Password)).AssertRedirectTo("/");
    }

    [Fact]
    public async Task A_reset_to_a_password_containing_the_email_name_is_refused()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        (await client.SubmitFormAsync("/account/forgot-password", "form#forgot-form", new Dictionary<string, string> { ["Input.Email"] = email }))
            .AssertRedirectTo("/account/forgot-password-confirmation");
        var link = factory.LinkInLastEmailTo(email);
        var password = email.Split('@')[0] + "!";

        var response = await client.SubmitFormAsync(link.PathAndQuery, "form#reset-form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

        Assert.Equal(HasEmail, (await PortalClient.ParseAsync(response)).Text("#Input_Password-error"));
        using var fresh = factory.NewClient();
        (await fresh.SignInFormAsync(email, AccountTestKit.Password)).AssertRedirectTo("/");
    }
}
