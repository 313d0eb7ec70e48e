using Portal.Core.Customers;
using Portal.Core.Administration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Identity;
using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class LockoutTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_five_minutes()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.SignInFormAsync(email, "wrong password " + i)).StatusCode);
        var response = await client.SignInFormAsync(email, AccountTestKit.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await PortalClient.ParseAsync(response);
        Assert.Contains("Too many failed attempts. This account is locked for 5 minutes.", doc.Text("#login-errors"));
        var lockoutEnd = (await factory.FindUserAsync(email))!.LockoutEnd;
        Assert.NotNull(lockoutEnd);
        Assert.InRange(lockoutEnd.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task The_lockout_message_is_localized()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        for (var i = 0; i < 5; i++)
            await client.SignInFormAsync(email, "wrong password " + i);

        var response = await client.SubmitFormAsync("/account/login?culture=ar", "form#login-form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AccountTestKit.Password,
        });

        var doc = await PortalClient.ParseAsync(response);
        Assert.Contains("محاولات فاشلة كثيرة. تم قفل هذا الحساب لمدة 5 دقائق.", doc.Text("#login-errors"));
    }

    [Fact]
    public async Task A_password_reset_ends_the_lockout()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        for (var i = 0; i < 5; i++)
            await client.SignInFormAsync(email, "wrong password " + i);

        await client.SubmitFormAsync("/account/forgot-password", "form#forgot-form", new Dictionary<string, string> { ["Input.Email"] = email });
        var link = factory.LinkInLastEmailTo(email);
        (await client.SubmitFormAsync(link.PathAndQuery, "form#reset-form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "a brand new password",
            ["Input.ConfirmPassword"] = "a brand new password",
        })).AssertRedirectTo("/account/reset-password-confirmation");

        (await client.SignInFormAsync(email, "a brand new password")).AssertRedirectTo("/");
        Assert.Null((await factory.FindUserAsync(email))!.LockoutEnd);
    }

    [Fact]
    public async Task A_password_reset_does_not_undo_an_admins_lock()
    {
        var email = await factory.CreateCustomerAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var admin = await users.FindByEmailAsync("admin@demo.local");
            var person = await users.FindByEmailAsync(email);
            Assert.True((await scope.ServiceProvider.GetRequiredService<PeopleAdministration>().LockAsync(admin!.Id, person!.Id)).Succeeded);
        }
        using var client = factory.NewClient();
        await client.SubmitFormAsync("/account/forgot-password", "form#forgot-form", new Dictionary<string, string> { ["Input.Email"] = email });
        var link = factory.LinkInLastEmailTo(email);
        (await client.SubmitFormAsync(link.PathAndQuery, "form#reset-form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "a brand new password",
            ["Input.ConfirmPassword"] = "a brand new password",
        })).AssertRedirectTo("/account/reset-password-confirmation");

        var signIn = await client.SignInFormAsync(email, "a brand new password");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("contact support", (await PortalClient.ParseAsync(signIn)).QuerySelector("#login-errors")!.TextContent);
        Assert.True((await factory.FindUserAsync(email))!.IsLockedByAdmin);
    }
}
