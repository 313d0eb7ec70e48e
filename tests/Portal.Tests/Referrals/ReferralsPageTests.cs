using Portal.Core.Referrals;
using Portal.Tests.Api;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Referrals;

public class ReferralsPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_page_shows_the_link_code_QR_stats_and_where_a_pending_friend_stands()
    {
        var referrer = await factory.NewCustomerAsync();
        var code = await factory.WithServiceAsync<ReferralCode, ReferralProgram>(p => p.CodeForAsync(referrer.Id));
        for (var i = 0; i < 12; i++)
        {
            var friend = await factory.NewCustomerAsync();
            await factory.WithServiceAsync<(Referral?, ReferralError?), ReferralProgram>(p => p.AttachAsync(friend.Id, code.Code, new SignupContext($"10.9.0.{i}", null)));
        }
        using var client = factory.NewClient();
        await client.SignInAsync(referrer.Email!);

        var page = await client.GetDocumentAsync("/referrals");

        Assert.Equal(code.Code, page.Text("#referral-code"));
        Assert.EndsWith("/r/" + code.Code, page.Text("#referral-link"));
        Assert.NotNull(page.QuerySelector("#referral-qr svg"));
        Assert.NotNull(page.QuerySelector("#copy-referral-link[data-copy=referral-link]"));
        Assert.Contains("wa.me", page.QuerySelector("#share-whatsapp")!.GetAttribute("href"));
        Assert.Equal("12", page.Text("#stat-signups"));
        Assert.Contains("needs a first purchase of", page.QuerySelector("#referral-waiting li")!.TextContent);
        Assert.Equal(10, page.QuerySelectorAll("#referral-history-list li").Length);
        Assert.All(page.QuerySelectorAll("#referral-history-list li [dir=ltr]"), e => Assert.Contains("***@", e.TextContent));

        var second = await client.GetDocumentAsync("/referrals?p=2");
        Assert.Equal(2, second.QuerySelectorAll("#referral-history-list li").Length);
    }
}
