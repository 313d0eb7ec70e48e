using System.Net;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class TwoFactorTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Two_factor_enable_requires_a_valid_code_then_sign_in_asks_for_it()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(email, AccountTestKit.Password);

        var setup = await client.GetDocumentAsync("/security/two-factor");
        var key = setup.Text("#shared-key").Replace(" ", "");
        Assert.Matches("^[A-Z2-7]{32}$", key);
        Assert.All(setup.Text("#shared-key").Split(' '), group => Assert.Equal(4, group.Length));
        Assert.NotNull(setup.QuerySelector("#authenticator-qr svg[role=img][aria-label]"));
        Assert.Equal("one-time-code", setup.QuerySelector("#Input_Code")!.GetAttribute("autocomplete"));
        // On a phone: copy the key, or hand it straight to the authenticator app.
        Assert.Equal("shared-key", setup.QuerySelector("#copy-shared-key")!.GetAttribute("data-copy"));
        var open = new Uri(setup.QuerySelector("#open-authenticator")!.GetAttribute("href")!);
        Assert.Equal("otpauth", open.Scheme);
        Assert.Contains("secret=" + key, open.Query);

        var wrong = await client.SubmitFormAsync("/security/two-factor", "form#enable-2fa-form",
            new Dictionary<string, string> { ["Input.Code"] = Totp.WrongCode(key) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("That code is not correct.", (await PortalClient.ParseAsync(wrong)).Text("#Input_Code-error"));
        Assert.False((await factory.FindUserAsync(email))!.TwoFactorEnabled);

        var right = await client.SubmitFormAsync("/security/two-factor", "form#enable-2fa-form",
            new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
        right.AssertRedirectTo("/security/recovery-codes");
        Assert.True((await factory.FindUserAsync(email))!.TwoFactorEnabled);
        var overview = await client.GetDocumentAsync("/security");
        Assert.Equal("true", overview.QuerySelector("#two-factor-status")!.GetAttribute("data-enabled"));

        using var other = factory.NewClient();
        await other.SignInUpToTheSecondStepAsync(email);
        Assert.Null((await other.GetDocumentAsync("/")).QuerySelector("#customer-id"));
        var refused = await other.SubmitFormAsync("/account/login-with2fa", "form#twofa-form",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp.WrongCode(key) });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEmpty((await PortalClient.ParseAsync(refused)).Text("#twofa-errors"));

        var accepted = await other.SubmitFormAsync("/account/login-with2fa", "form#twofa-form",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp.Code(key) });
        accepted.AssertRedirectTo("/");
        Assert.True(CustomerNumber.TryParse((await other.GetDocumentAsync("/")).Text("#customer-id"), out _));
    }

    [Fact]
    public async Task The_two_step_page_without_a_password_first_sends_you_to_sign_in()
    {
        using var client = factory.NewClient();
        var response = await client.Http.GetAsync("/account/login-with2fa");
        response.AssertRedirectTo("/account/login");
    }

    [Fact]
    public async Task Turning_two_factor_off_signs_in_with_the_password_alone()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(email, AccountTestKit.Password);
        await client.EnableTwoFactorAsync();

        var page = await client.GetDocumentAsync("/security/two-factor");
        Assert.NotNull(page.QuerySelector("form#disable-2fa-form"));
        (await client.SubmitFormAsync("/security/two-factor", "form#disable-2fa-form", new Dictionary<string, string> { ["CurrentPassword"] = AccountTestKit.Password }))
            .AssertRedirectTo("/security");

        Assert.False((await factory.FindUserAsync(email))!.TwoFactorEnabled);
        using var other = factory.NewClient();
        (await other.SignInFormAsync(email, AccountTestKit.Password)).AssertRedirectTo("/");
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_second_step()
    {
        var email = await factory.CreateCustomerAsync();
        using var setup = factory.NewClient();
        await setup.SignInAsync(email, AccountTestKit.Password);
        var (key, _) = await setup.EnableTwoFactorAsync();

        using var client = factory.NewClient();
        await client.SignInUpToTheSecondStepAsync(email);
        for (var i = 0; i < 5; i++)
            await client.SubmitFormAsync("/account/login-with2fa", "form#twofa-form", new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp.WrongCode(key) });
        var response = await client.SubmitFormAsync("/account/login-with2fa", "form#twofa-form", new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp.Code(key) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Too many failed attempts.", (await PortalClient.ParseAsync(response)).Text("#twofa-errors"));
    }

    [Fact]
    public async Task Opening_the_two_step_page_does_not_sign_you_out_elsewhere()
    {
        var email = await factory.CreateCustomerAsync();
        var before = (await factory.FindUserAsync(email))!.SecurityStamp;
        using var client = factory.NewClient();
        await client.SignInAsync(email, AccountTestKit.Password);

        var page = await client.GetDocumentAsync("/security/two-factor");

        Assert.NotEmpty(page.QuerySelector("#shared-key")!.TextContent.Trim());
        Assert.Equal(before, (await factory.FindUserAsync(email))!.SecurityStamp);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not my password")]
    public async Task Turning_two_factor_off_or_replacing_codes_needs_the_password(string password)
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(email, AccountTestKit.Password);
        await client.EnableTwoFactorAsync();
        var codesBefore = await factory.WithServiceAsync<int, Microsoft.AspNetCore.Identity.UserManager<Portal.Core.Customers.PortalUser>>(
            async users => await users.CountRecoveryCodesAsync((await users.FindByEmailAsync(email))!));

        var disable = await client.SubmitFormAsync("/security/two-factor", "form#disable-2fa-form", new Dictionary<string, string> { ["CurrentPassword"] = password });
        var codes = await client.SubmitFormAsync("/security/two-factor", "form#regenerate-codes-form", new Dictionary<string, string> { ["CurrentPassword"] = password });

        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal("The current password is not correct.", (await PortalClient.ParseAsync(disable)).QuerySelector("#current-password-disable-error")!.TextContent.Trim());
        Assert.Equal("The current password is not correct.", (await PortalClient.ParseAsync(codes)).QuerySelector("#current-password-codes-error")!.TextContent.Trim());
        var user = await factory.FindUserAsync(email);
        Assert.True(user!.TwoFactorEnabled);
        Assert.Equal(codesBefore, await factory.WithServiceAsync<int, Microsoft.AspNetCore.Identity.UserManager<Portal.Core.Customers.PortalUser>>(users => users.CountRecoveryCodesAsync(user)));
    }
}
