using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class RecoveryCodeTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Ten_recovery_codes_are_shown_once()
    {
        var email = await factory.CreateCustomerAsync();
        using var client = factory.NewClient();
        await client.SignInAsync(email, AccountTestKit.Password);

        var (_, codes) = await client.EnableTwoFactorAsync();

        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        (await client.Http.GetAsync("/security/recovery-codes")).AssertRedirectTo("/security/two-factor");
    }

    [Fact]
    public async Task Recovery_code_signs_in_once_and_not_twice()
    {
        var email = await factory.CreateCustomerAsync();
        using var setup = factory.NewClient();
        await setup.SignInAsync(email, AccountTestKit.Password);
        var (_, codes) = await setup.EnableTwoFactorAsync();

        using var first = factory.NewClient();
        await first.SignInUpToTheSecondStepAsync(email);
        (await first.SubmitFormAsync("/account/login-with-recovery-code", "form#recovery-form",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = codes[0] })).AssertRedirectTo("/");

        using var second = factory.NewClient();
        await second.SignInUpToTheSecondStepAsync(email);
        var again = await second.SubmitFormAsync("/account/login-with-recovery-code", "form#recovery-form",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = codes[0] });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("That recovery code is not valid.", (await PortalClient.ParseAsync(again)).Text("#recovery-errors"));

        var overview = await setup.GetDocumentAsync("/security");
        Assert.Equal("9 recovery codes left", overview.Text("#recovery-codes-left"));
    }

    [Fact]
    public async Task A_recovery_code_typed_in_lower_case_without_the_dash_works()
    {
        var email = await factory.CreateCustomerAsync();
        using var setup = factory.NewClient();
        await setup.SignInAsync(email, AccountTestKit.Password);
        var (_, codes) = await setup.EnableTwoFactorAsync();

        using var client = factory.NewClient();
        await client.SignInUpToTheSecondStepAsync(email);
        (await client.SubmitFormAsync("/account/login-with-recovery-code", "form#recovery-form",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = codes[1].Replace("-", "").ToLowerInvariant() })).AssertRedirectTo("/");
    }

    [Fact]
    public async Task New_recovery_codes_replace_the_old_ones()
    {
        var email = await factory.CreateCustomerAsync();
        using var setup = factory.NewClient();
        await setup.SignInAsync(email, AccountTestKit.Password);
        var (_, old) = await setup.EnableTwoFactorAsync();

        (await setup.SubmitFormAsync("/security/two-factor", "form#regenerate-codes-form", new Dictionary<string, string> { ["CurrentPassword"] = AccountTestKit.Password }))
            .AssertRedirectTo("/security/recovery-codes");
        var fresh = TwoFactorTestKit.RecoveryCodes(await setup.GetDocumentAsync("/security/recovery-codes"));
        Assert.Equal(10, fresh.Count);

        using var client = factory.NewClient();
        await client.SignInUpToTheSecondStepAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitFormAsync("/account/login-with-recovery-code", "form#recovery-form",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = old[0] })).StatusCode);
        (await client.SubmitFormAsync("/account/login-with-recovery-code", "form#recovery-form",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = fresh[0] })).AssertRedirectTo("/");
    }
}
