using System.Net;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Security;

public class AuthCookieTests(ProductionPortalFactory factory) : IClassFixture<ProductionPortalFactory>
{
    [Fact]
    public async Task Outside_development_the_auth_cookie_is_host_only_secure_http_only_and_lax()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();

        var response = await client.SignInFormAsync(email, AccountTestKit.Password);

        response.AssertRedirectTo("/");
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.Contains("Portal.Auth"));
        Assert.StartsWith("__Host-Portal.Auth=", cookie);
        Assert.Contains("path=/;", cookie);
        Assert.Contains("secure", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
        Assert.DoesNotContain("domain=", cookie);
    }

    [Fact]
    public async Task A_locked_account_says_locked_only_to_someone_with_the_right_password()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal("The email or password is not correct.",
                (await PortalClient.ParseAsync(await client.SignInFormAsync(email, "wrong guess " + i))).Text("#login-errors"));

        var wrong = await PortalClient.ParseAsync(await client.SignInFormAsync(email, "another wrong guess"));
        Assert.Equal("The email or password is not correct.", wrong.Text("#login-errors"));
        var right = await PortalClient.ParseAsync(await client.SignInFormAsync(email, AccountTestKit.Password));
        Assert.Contains("This account is locked", right.Text("#login-errors"));
    }
}
