using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Referrals;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Referrals;

public class ReferralsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Api = "/api/customer-id/referral";

    private async Task<(Core.Customers.PortalUser Referrer, Core.Customers.PortalUser Friend, string Code)> InvitedPairAsync()
    {
        var referrer = await factory.NewCustomerAsync();
        var friend = await factory.NewCustomerAsync();
        var code = await factory.WithServiceAsync<ReferralCode, ReferralProgram>(p => p.CodeForAsync(referrer.Id));
        var (referral, error) = await factory.WithServiceAsync<(Referral?, ReferralError?), ReferralProgram>(p =>
            p.AttachAsync(friend.Id, code.Code, new SignupContext(null, null)));
        Assert.Null(error);
        return (referrer, friend, code.Code);
    }

    private Task<List<PointsEntry>> ReferralEntriesAsync(string customerId) =>
        factory.WithServiceAsync<List<PointsEntry>, PortalDbContext>(db => db.Set<PointsEntry>().AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.SourceRef.StartsWith("referral:")).ToListAsync());

    [Fact]
    public async Task Generate_returns_the_same_code_link_and_QR_every_time()
    {
        var customer = await factory.NewCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        var first = await (await app.PostAsync($"{Api}/generate", null)).JsonAsync();
        var again = await (await app.PostAsync($"{Api}/generate", null)).JsonAsync();

        var code = first.GetProperty("code").GetString()!;
        Assert.Equal(code, again.GetProperty("code").GetString());
        Assert.EndsWith("/r/" + code, first.GetProperty("link").GetString());
        var qr = await factory.NewApiClient().GetAsync(new Uri(first.GetProperty("qrUrl").GetString()!).AbsolutePath);
        Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<svg", await qr.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Twenty_copies_of_the_qualifying_purchase_through_the_purchases_API_reward_each_side_once()
    {
        var (referrer, friend, _) = await InvitedPairAsync();
        using var till = await factory.NewTillAsync();
        var purchase = LoyaltyApiKit.Purchase(friend.CustomerNumber, "REF-RACE-" + Guid.NewGuid().ToString("N")[..8], 5_000, factory.Clock.Now.AddMinutes(-1));

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => till.PostPurchaseAsync(purchase)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        // Two dispatchers racing, as two app instances would.
        await Task.WhenAll(Task.Run(factory.DispatchEvents), Task.Run(factory.DispatchEvents));

        Assert.Equal([500L], (await ReferralEntriesAsync(referrer.Id)).Select(e => e.Points));
        Assert.Equal([250L], (await ReferralEntriesAsync(friend.Id)).Select(e => e.Points));
        using var app = await factory.SignedInAppAsync(referrer.Email!);
        var loyalty = await (await app.GetAsync("/api/customer-id/loyalty")).JsonAsync();
        Assert.Equal(500, loyalty.GetProperty("activePoints").GetInt64());
        var rewards = await (await app.GetAsync($"{Api}/rewards")).JsonAsync();
        Assert.Equal(1, rewards.GetProperty("rewarded").GetInt32());
        Assert.Equal(500, rewards.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(5_000, rewards.GetProperty("rules").GetProperty("minimumPurchaseMinor").GetInt64());
        var history = await (await app.GetAsync($"{Api}/history")).JsonAsync();
        var item = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal("Rewarded", item.GetProperty("state").GetString());
        Assert.Equal("A*** T.", item.GetProperty("name").GetString());
        Assert.StartsWith("a***@", item.GetProperty("email").GetString());
    }

    [Fact]
    public async Task History_page_size_out_of_range_is_a_validation_problem()
    {
        var customer = await factory.NewCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);
        var problem = await (await app.GetAsync($"{Api}/history?take=101")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("take", out _));
    }

    [Fact]
    public async Task The_API_needs_a_signed_in_customer()
    {
        var response = await factory.NewApiClient().PostAsync($"{Api}/generate", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
