using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Referrals;
using Portal.Tests.Customers;
using Portal.Referrals;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Referrals;

public class ReferralRegistrationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<(string Id, string Code)> ReferrerAsync()
    {
        var email = await factory.CreateCustomerAsync();
        var user = (await factory.FindUserAsync(email))!;
        var code = await factory.WithServiceAsync<ReferralCode, ReferralProgram>(p => p.CodeForAsync(user.Id));
        return (user.Id, code.Code);
    }

    private Task<Referral?> ReferralOfAsync(string friendId) =>
        factory.WithServiceAsync<Referral?, PortalDbContext>(db => db.Set<Referral>().AsNoTracking().FirstOrDefaultAsync(r => r.FriendId == friendId));

    [Fact]
    public async Task The_link_counts_a_visit_and_registration_shows_the_inviter_and_links_the_friend()
    {
        var (referrerId, code) = await ReferrerAsync();
        using var client = factory.NewClient();

        var link = await client.Http.GetAsync($"/r/{code.ToLowerInvariant()}");
        link.AssertRedirectTo("/account/register");
        Assert.Contains($"code={code}", link.Headers.Location!.ToString());
        Assert.Contains(link.Headers.GetValues("Set-Cookie"), c => c.StartsWith(ReferralCookies.Code + "=" + code) && c.Contains("httponly"));

        // The cookie alone fills the code in, as when the friend comes back later.
        var page = await client.GetDocumentAsync("/account/register");
        Assert.Equal("Test invited you", page.Text("#register-invited"));
        Assert.Equal(code, ((IHtmlInputElement)page.QuerySelector("#Input_ReferralCode")!).Value);

        var email = AccountTestKit.NewEmail();
        var fields = AccountTestKit.RegisterFields(email);
        fields["Input.ReferralCode"] = code;
        var response = await client.RegisterAsync(fields);
        response.AssertRedirectTo("/account/register/check-email");

        var friend = (await factory.FindUserAsync(email))!;
        var referral = await ReferralOfAsync(friend.Id);
        Assert.NotNull(referral);
        Assert.Equal(referrerId, referral.ReferrerId);
        Assert.Equal(ReferralState.Pending, referral.State);
        Assert.NotNull(referral.DeviceId);
        Assert.Equal(1, (await factory.WithServiceAsync<ReferralCode, ReferralProgram>(p => p.CodeForAsync(referrerId))).Visits);
    }

    [Fact]
    public async Task An_unknown_typed_code_is_refused_and_no_account_is_made()
    {
        using var client = factory.NewClient();
        var before = await factory.CountUsersAsync();
        var fields = AccountTestKit.RegisterFields(AccountTestKit.NewEmail());
        fields["Input.ReferralCode"] = "NOPE2345";

        var response = await client.RegisterAsync(fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await PortalClient.ParseAsync(response);
        Assert.Equal("We could not find this referral code.", doc.Text("#Input_ReferralCode-error"));
        Assert.Equal(before, await factory.CountUsersAsync());
    }

    [Fact]
    public async Task Registering_without_a_code_links_nobody()
    {
        using var client = factory.NewClient();
        var email = AccountTestKit.NewEmail();
        (await client.RegisterAsync(AccountTestKit.RegisterFields(email))).AssertRedirectTo("/account/register/check-email");
        Assert.Null(await ReferralOfAsync((await factory.FindUserAsync(email))!.Id));
    }

    [Fact]
    public async Task An_unknown_link_lands_on_registration_without_a_code()
    {
        using var client = factory.NewClient();
        var link = await client.Http.GetAsync("/r/ZZZZZZZZ");
        link.AssertRedirectTo("/account/register");
        Assert.DoesNotContain("code=", link.Headers.Location!.ToString());
    }
}
