using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Administration;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Referrals;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Referrals;

public class ReferralStaffTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>A referral under review: the friend signed up from the referrer's own device, then bought.</summary>
    private async Task<(PortalUser Referrer, PortalUser Friend, long ReferralId)> UnderReviewAsync()
    {
        var referrer = await factory.NewCustomerAsync();
        var friend = await factory.NewCustomerAsync();
        var device = Guid.NewGuid().ToString("N");
        var code = await factory.WithServiceAsync<ReferralCode, ReferralProgram>(p => p.CodeForAsync(referrer.Id));
        await factory.WithServiceAsync<int, ReferralProgram>(async p => { await p.SeenOnDeviceAsync(referrer.Id, device); return 0; });
        var (referral, _) = await factory.WithServiceAsync<(Referral?, ReferralError?), ReferralProgram>(p =>
            p.AttachAsync(friend.Id, code.Code, new SignupContext(null, device)));
        using var till = await factory.NewTillAsync();
        await till.PostPurchaseAsync(LoyaltyApiKit.Purchase(friend.CustomerNumber, "REV-" + Guid.NewGuid().ToString("N")[..8], 7_500, factory.Clock.Now.AddMinutes(-1)));
        factory.DispatchEvents();
        Assert.Equal(ReferralState.UnderReview, (await ReferralAsync(referral!.Id)).State);
        return (referrer, friend, referral.Id);
    }

    private Task<Referral> ReferralAsync(long id) =>
        factory.WithServiceAsync<Referral, PortalDbContext>(db => db.Set<Referral>().AsNoTracking().SingleAsync(r => r.Id == id));

    [Fact]
    public async Task Staff_see_both_customers_and_the_signal_and_approve_with_an_audit_entry()
    {
        var (referrer, friend, id) = await UnderReviewAsync();
        using var staff = await factory.SignedInAsync("staff@demo.local");

        var page = await staff.GetDocumentAsync("/staff/referrals?signal=SelfDevice");
        var card = page.QuerySelector($"#queue-{id}")!;
        Assert.Contains(referrer.CustomerNumber, card.TextContent);
        Assert.Contains(friend.CustomerNumber, card.TextContent);
        Assert.Contains("Same device as the referrer", page.Text($"#queue-{id}-signals"));

        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector($"#approve-{id}")!.Closest("form")!;
        var response = await staff.SubmitAsync(form, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal(ReferralState.Rewarded, (await ReferralAsync(id)).State);
        Assert.Equal(500, (await factory.SummaryAsync(referrer)).Active);
        var audit = await factory.AllAsync<AuditEntry>();
        Assert.Contains(audit, a => a.Action == AuditAction.ReferralApproved && a.TargetUserId == friend.Id && a.ActorName.Length > 0);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_is_audited()
    {
        var (_, friend, id) = await UnderReviewAsync();
        using var staff = await factory.SignedInAsync("staff@demo.local");
        var page = await staff.GetDocumentAsync("/staff/referrals");
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector($"#reject-{id}")!.Closest("form")!;

        var empty = await staff.SubmitAsync(form, new Dictionary<string, string> { ["reason"] = " " });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("Give a reason for rejecting.", (await PortalClient.ParseAsync(empty)).Text("#referral-queue-error"));

        var done = await staff.SubmitAsync(form, new Dictionary<string, string> { ["reason"] = "Same person, second account" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var referral = await ReferralAsync(id);
        Assert.Equal(ReferralState.Rejected, referral.State);
        Assert.Equal("Same person, second account", referral.Reason);
        Assert.Contains(await factory.AllAsync<AuditEntry>(), a => a.Action == AuditAction.ReferralRejected && a.TargetUserId == friend.Id);
    }

    [Fact]
    public async Task The_staff_profile_has_a_referrals_panel()
    {
        var (referrer, friend, _) = await UnderReviewAsync();
        using var agent = await factory.SignedInAsync("agent@demo.local");
        var page = await agent.GetDocumentAsync($"/staff/customers/{friend.CustomerNumber}");
        Assert.Contains(referrer.DisplayName, page.Text("#referrals-panel-referred-by"));
    }

    [Fact]
    public async Task Customers_cannot_open_the_queue()
    {
        using var customer = await factory.SignedInAsync("customer@demo.local");
        var response = await customer.Http.GetAsync("/staff/referrals");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
