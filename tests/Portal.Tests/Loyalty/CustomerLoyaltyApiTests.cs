using System.Net;
using System.Net.Http.Json;
using Portal.Core.Loyalty;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

public class CustomerLoyaltyApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<(Core.Customers.PortalUser Customer, HttpClient App)> CustomerWithPointsAsync(long points)
    {
        var customer = await factory.NewCustomerAsync();
        await factory.WithServiceAsync<LedgerResult<PointsEntry>, PointsLedger>(l => l.AdjustAsync(customer.Id, points, "Welcome", "t", "Tester", Guid.NewGuid().ToString()));
        return (customer, await factory.SignedInAppAsync(customer.Email!));
    }

    private Task<Reward> RewardAsync(long cost, int? stock = null) =>
        factory.WithServiceAsync<Reward, RewardsCatalog>(async c => (await c.SaveAsync(new Reward { NameEn = "Free coffee", NameAr = "قهوة مجانية", CostPoints = cost, Stock = stock })).Reward!);

    private static Task<HttpResponseMessage> RedeemAsync(HttpClient app, long rewardId, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/customer-id/loyalty/redeem") { Content = JsonContent.Create(new { rewardId }) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return app.SendAsync(request);
    }

    [Fact]
    public async Task Twenty_concurrent_redemptions_against_a_balance_for_one_give_exactly_one_code()
    {
        var (_, app) = await CustomerWithPointsAsync(500);
        using var _ = app;
        var reward = await RewardAsync(300);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => RedeemAsync(app, reward.Id, $"k-{i}")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "insufficient_points");
        var loyalty = await (await app.GetAsync("/api/customer-id/loyalty")).JsonAsync();
        Assert.Equal(200, loyalty.GetProperty("activePoints").GetInt64());
        var redemptions = await (await app.GetAsync("/api/customer-id/loyalty/redemptions")).JsonAsync();
        Assert.Single(redemptions.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_same_code_and_spends_once()
    {
        var (_, app) = await CustomerWithPointsAsync(1_000);
        using var _ = app;
        var reward = await RewardAsync(300);

        var first = await RedeemAsync(app, reward.Id, "tap-1");
        var retry = await RedeemAsync(app, reward.Id, "tap-1");

        Assert.Equal((await first.JsonAsync()).GetProperty("code").GetString(), (await retry.JsonAsync()).GetProperty("code").GetString());
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(700, (await (await app.GetAsync("/api/customer-id/loyalty")).JsonAsync()).GetProperty("activePoints").GetInt64());
    }

    [Fact]
    public async Task Rewards_say_why_they_cannot_be_redeemed_and_names_follow_the_language()
    {
        var (_, app) = await CustomerWithPointsAsync(100);
        using var _ = app;
        var reward = await RewardAsync(300);
        app.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");

        var rewards = await (await app.GetAsync("/api/customer-id/loyalty/rewards")).JsonAsync();

        var item = rewards.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == reward.Id);
        Assert.Equal("قهوة مجانية", item.GetProperty("name").GetString());
        Assert.False(item.GetProperty("canRedeem").GetBoolean());
        Assert.Equal("InsufficientPoints", item.GetProperty("blocked").GetString());
    }

    [Fact]
    public async Task History_pages_newest_first_and_shows_only_the_callers_entries()
    {
        var (customer, app) = await CustomerWithPointsAsync(10);
        using var _ = app;
        for (var i = 0; i < 4; i++)
            await factory.WithServiceAsync<LedgerResult<PointsEntry>, PointsLedger>(l => l.AdjustAsync(customer.Id, 1 + i, "Extra", "t", "Tester", Guid.NewGuid().ToString()));
        var (_, other) = await CustomerWithPointsAsync(999);
        using var __ = other;

        var page1 = await (await app.GetAsync("/api/customer-id/loyalty/history?take=3")).JsonAsync();
        var next = page1.GetProperty("nextBefore").GetInt64();
        var page2 = await (await app.GetAsync($"/api/customer-id/loyalty/history?take=3&before={next}")).JsonAsync();

        Assert.Equal([4L, 3L, 2L], page1.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("points").GetInt64()));
        Assert.Equal([1L, 10L], page2.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("points").GetInt64()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page2.GetProperty("nextBefore").ValueKind);
        await (await app.GetAsync("/api/customer-id/loyalty/history?take=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Every_loyalty_and_purchase_endpoint_is_in_the_openapi_document_with_its_security()
    {
        using var client = factory.NewApiClient();
        var doc = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = doc.GetProperty("paths");

        foreach (var (path, method) in new[] { ("/api/customer-id/loyalty", "get"), ("/api/customer-id/loyalty/history", "get"),
                     ("/api/customer-id/loyalty/rewards", "get"), ("/api/customer-id/loyalty/redeem", "post") })
            Assert.True(paths.GetProperty(path).GetProperty(method).GetProperty("security")[0].TryGetProperty("Bearer", out _), path);
        foreach (var path in new[] { "/api/customer-id/purchases", "/api/customer-id/purchases/batch", "/api/customer-id/purchases/{orderId}/refund" })
        {
            var post = paths.GetProperty(path).GetProperty("post");
            Assert.True(post.GetProperty("security")[0].TryGetProperty("IntegrationKey", out _), path);
            Assert.Contains(post.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        }
        Assert.Contains(paths.GetProperty("/api/customer-id/loyalty/redeem").GetProperty("post").GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Idempotency-Key");
    }
}
