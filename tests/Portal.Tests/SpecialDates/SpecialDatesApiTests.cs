using System.Net;
using System.Net.Http.Json;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.SpecialDates;

public class SpecialDatesApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Api = "/api/customer-id/rewards";

    private static Task<HttpResponseMessage> ClaimAsync(HttpClient app, long rewardId, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Api}/claim") { Content = JsonContent.Create(new { rewardId }) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return app.SendAsync(request);
    }

    [Fact]
    public async Task A_claim_retried_with_its_Idempotency_Key_gets_the_first_answer_and_the_points_are_added_once()
    {
        var customer = await factory.CustomerWithBirthdayRewardAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        var dates = await (await app.GetAsync($"{Api}/special-dates")).JsonAsync();
        var birthday = dates.GetProperty("upcoming").EnumerateArray().Single(u => u.GetProperty("kind").GetString() == "Birthday");
        Assert.Equal(3, birthday.GetProperty("daysUntil").GetInt32());
        var reward = Assert.Single(dates.GetProperty("available").EnumerateArray());
        Assert.Equal("Birthday", reward.GetProperty("kind").GetString());
        var rewardId = reward.GetProperty("id").GetInt64();

        var first = await ClaimAsync(app, rewardId, "claim-1");
        var retry = await ClaimAsync(app, rewardId, "claim-1");
        var again = await ClaimAsync(app, rewardId, null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.JsonAsync();
        Assert.Equal("Claimed", body.GetProperty("reward").GetProperty("state").GetString());
        Assert.False(body.GetProperty("alreadyClaimed").GetBoolean());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.True((await again.JsonAsync()).GetProperty("alreadyClaimed").GetBoolean());
        Assert.Equal([100L], (await factory.SpecialDateEntriesAsync(customer.Id)).Select(e => e.Points));
        var loyalty = await (await app.GetAsync("/api/customer-id/loyalty")).JsonAsync();
        Assert.Equal(100, loyalty.GetProperty("activePoints").GetInt64());

        var history = await (await app.GetAsync($"{Api}/history")).JsonAsync();
        var claimed = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal(rewardId, claimed.GetProperty("id").GetInt64());
        Assert.Equal("Claimed", claimed.GetProperty("state").GetString());
        Assert.Empty((await (await app.GetAsync($"{Api}/special-dates")).JsonAsync()).GetProperty("available").EnumerateArray());
    }

    [Fact]
    public async Task Ten_parallel_claims_with_different_keys_add_the_points_once()
    {
        var customer = await factory.CustomerWithBirthdayRewardAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);
        var dates = await (await app.GetAsync($"{Api}/special-dates")).JsonAsync();
        var rewardId = dates.GetProperty("available")[0].GetProperty("id").GetInt64();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => ClaimAsync(app, rewardId, $"k-{i}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, (await Task.WhenAll(responses.Select(r => r.JsonAsync()))).Count(b => !b.GetProperty("alreadyClaimed").GetBoolean()));
        Assert.Equal([100L], (await factory.SpecialDateEntriesAsync(customer.Id)).Select(e => e.Points));
    }

    [Fact]
    public async Task Another_customers_reward_is_not_found()
    {
        var owner = await factory.CustomerWithBirthdayRewardAsync();
        using var ownerApp = await factory.SignedInAppAsync(owner.Email!);
        var rewardId = (await (await ownerApp.GetAsync($"{Api}/special-dates")).JsonAsync()).GetProperty("available")[0].GetProperty("id").GetInt64();
        var other = await factory.NewCustomerAsync();
        using var app = await factory.SignedInAppAsync(other.Email!);

        await (await ClaimAsync(app, rewardId, null)).AssertProblemAsync(HttpStatusCode.NotFound, "reward_not_found");
        await (await ClaimAsync(app, 0, null)).AssertProblemAsync(HttpStatusCode.NotFound, "reward_not_found");
    }

    [Fact]
    public async Task The_API_needs_a_signed_in_customer() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.NewApiClient().GetAsync($"{Api}/special-dates")).StatusCode);
}
