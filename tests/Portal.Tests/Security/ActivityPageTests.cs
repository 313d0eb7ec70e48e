using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Core.Events;
using Portal.Core.Data;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Security;

public class ActivityPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    [Fact]
    public async Task Recent_activity_shows_sign_ins_and_failures_with_device_and_pages_with_htmx()
    {
        var email = await factory.CreateCustomerAsync();
        var user = (await factory.FindUserAsync(email))!;
        // 25 older sign-ins, recorded as the sign-in itself records them.
        await factory.WithServiceAsync<int, IServiceProvider>(async sp =>
        {
            var outbox = sp.GetRequiredService<Outbox>();
            for (var i = 0; i < 25; i++) outbox.Raise(new SignInSucceeded(user.Id, "203.0.113.7", Firefox, "password"));
            return await sp.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        });
        using var guesser = factory.NewClient();
        await guesser.SignInFormAsync(email, "wrong password");
        using var browser = await factory.SignedInBrowserAsync(email);

        var page = await browser.Client.GetDocumentAsync("/security");
        var rows = page.QuerySelectorAll("#activity-list > li[data-kind]");
        Assert.Equal(20, rows.Length);
        Assert.Equal("SignedIn", rows[0].GetAttribute("data-kind"));
        Assert.Equal("SignInFailed", rows[1].GetAttribute("data-kind"));
        Assert.Contains("Failed sign-in: wrong password", rows[1].TextContent);
        Assert.Contains("Firefox on Linux", rows[2].TextContent);
        Assert.Contains("203.0.113.7", rows[2].TextContent);

        var more = page.QuerySelector("#activity-more-button")!.GetAttribute("hx-get")!;
        var request = new HttpRequestMessage(HttpMethod.Get, more);
        request.Headers.Add("HX-Request", "true");
        var fragment = await PortalClient.ParseAsync(await browser.Client.Http.SendAsync(request));
        Assert.Equal(7, fragment.QuerySelectorAll("li[data-kind]").Length);
        Assert.Null(fragment.QuerySelector("#activity-more-button"));
    }

    [Fact]
    public async Task The_status_checklist_links_each_open_item_to_its_fix()
    {
        var email = await factory.CreateCustomerAsync();
        using var browser = await factory.SignedInBrowserAsync(email);

        var page = await browser.Client.GetDocumentAsync("/security");

        Assert.Equal("2 of 5 done", page.Text("#security-score"));
        Assert.Equal("/security/two-factor", page.QuerySelector("#fix-TwoFactorOn")!.GetAttribute("href"));
        Assert.Equal("/notifications/phone", page.QuerySelector("#fix-PhoneVerified")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector("#fix-PasswordRecent"));
    }

    [Fact]
    public async Task A_lockout_is_an_open_alert_until_the_password_changes()
    {
        var email = await factory.CreateCustomerAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        using var guesser = factory.NewClient();
        for (var i = 0; i < 5; i++) await guesser.SignInFormAsync(email, "not it " + i);
        await factory.WithServiceAsync<bool, Microsoft.AspNetCore.Identity.UserManager<PortalUser>>(async users =>
            (await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(email))!, null)).Succeeded);
        using var browser = await factory.SignedInBrowserAsync(email);

        var page = await browser.Client.GetDocumentAsync("/security");
        Assert.Equal("false", page.QuerySelector("#check-NoOpenAlerts")!.GetAttribute("data-passed"));
        Assert.Contains(page.QuerySelectorAll("#activity-list > li"), li => li.GetAttribute("data-kind") == "LockedOut");

        (await browser.Client.SubmitFormAsync("/security/change-password", "form#change-password-form", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AccountTestKit.Password,
            ["Input.NewPassword"] = "another long passphrase",
            ["Input.ConfirmPassword"] = "another long passphrase",
        })).AssertRedirectTo("/security");
        page = await browser.Client.GetDocumentAsync("/security");
        Assert.Equal("true", page.QuerySelector("#check-NoOpenAlerts")!.GetAttribute("data-passed"));
    }
}
