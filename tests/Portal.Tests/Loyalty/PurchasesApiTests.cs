using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

public class PurchasesApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private Task<int> PurchaseCountAsync(string orderId) =>
        factory.WithServiceAsync<int, PortalDbContext>(db => db.Set<Purchase>().CountAsync(p => p.OrderId == orderId));

    [Fact]
    public async Task A_till_records_a_purchase_and_the_customer_sees_the_pending_points()
    {
        var customer = await factory.NewCustomerAsync();
        using var till = await factory.NewTillAsync();

        var response = await till.PostPurchaseAsync(LoyaltyApiKit.Purchase(customer.CustomerNumber, "API-1", 45_099));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await response.JsonAsync();
        Assert.Equal(450, receipt.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(45_099, receipt.GetProperty("totalMinor").GetInt64());
        using var app = await factory.SignedInAppAsync(customer.Email!);
        var loyalty = await (await app.GetAsync("/api/customer-id/loyalty")).JsonAsync();
        Assert.Equal(450, loyalty.GetProperty("pendingPoints").GetInt64());
        Assert.Equal("Bronze", loyalty.GetProperty("tier").GetString());
    }

    [Fact]
    public async Task Twenty_copies_of_one_order_at_once_record_it_once_and_all_get_the_same_answer()
    {
        var customer = await factory.NewCustomerAsync();
        using var till = await factory.NewTillAsync();
        var purchase = LoyaltyApiKit.Purchase(customer.CustomerNumber, "API-RACE", 10_000, factory.Clock.Now.AddMinutes(-1));

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => till.PostPurchaseAsync(purchase)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(19, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(1, await PurchaseCountAsync("API-RACE"));
    }

    [Fact]
    public async Task A_wrong_check_digit_is_a_validation_problem_and_records_nothing()
    {
        var customer = await factory.NewCustomerAsync();
        using var till = await factory.NewTillAsync();
        var wrong = customer.CustomerNumber[..9] + (char)('0' + (customer.CustomerNumber[9] - '0' + 1) % 10);

        var response = await till.PostPurchaseAsync(LoyaltyApiKit.Purchase(wrong, "API-BAD-1"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("customerId", out _));
        Assert.Equal(0, await PurchaseCountAsync("API-BAD-1"));
    }

    [Fact]
    public async Task An_unknown_customer_is_a_422_problem_in_the_callers_language()
    {
        using var till = await factory.NewTillAsync();
        till.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");

        var response = await till.PostPurchaseAsync(LoyaltyApiKit.Purchase(Portal.Core.Customers.CustomerNumber.NewRandom().Value, "API-BAD-2"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_customer");
        Assert.Equal("لا يوجد عميل بهذا الرقم.", problem.GetProperty("title").GetString());
        Assert.Equal(0, await PurchaseCountAsync("API-BAD-2"));
    }

    [Fact]
    public async Task Malformed_json_and_missing_fields_are_problems()
    {
        using var till = await factory.NewTillAsync();

        var malformed = await till.PostAsync(LoyaltyApiKit.Purchases, new StringContent("{\"customerId\":", System.Text.Encoding.UTF8, "application/json"));
        await malformed.AssertProblemAsync(HttpStatusCode.BadRequest);

        var noLines = await till.PostAsJsonAsync(LoyaltyApiKit.Purchases, new { customerId = "4821339017", orderId = "X-1", occurredAt = DateTimeOffset.UtcNow });
        await noLines.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task The_same_order_id_with_different_content_is_a_conflict()
    {
        var customer = await factory.NewCustomerAsync();
        using var till = await factory.NewTillAsync();
        var at = factory.Clock.Now.AddMinutes(-5);
        await till.PostPurchaseAsync(LoyaltyApiKit.Purchase(customer.CustomerNumber, "API-DUP", 1_000, at));

        var response = await till.PostPurchaseAsync(LoyaltyApiKit.Purchase(customer.CustomerNumber, "API-DUP", 2_000, at));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "order_id_conflict");
    }

    [Fact]
    public async Task Without_a_key_or_with_a_revoked_key_nothing_is_recorded()
    {
        var customer = await factory.NewCustomerAsync();
        using var anonymous = factory.NewApiClient();
        await (await anonymous.PostPurchaseAsync(LoyaltyApiKit.Purchase(customer.CustomerNumber, "API-NOKEY"))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var created = await factory.WithServiceAsync<(IntegrationKey, string)?, IntegrationKeys>(k => k.CreateAsync("Revoked till", "Tester"));
        await factory.WithServiceAsync<bool, IntegrationKeys>(k => k.RevokeAsync(created!.Value.Item1.Id, "Tester"));
        using var revoked = factory.NewApiClient();
        revoked.DefaultRequestHeaders.Add("X-Api-Key", created!.Value.Item2);
        await (await revoked.PostPurchaseAsync(LoyaltyApiKit.Purchase(customer.CustomerNumber, "API-NOKEY"))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // A customer's bearer token is not a till's key.
        using var app = await factory.SignedInAppAsync(customer.Email!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.PostPurchaseAsync(LoyaltyApiKit.Purchase(customer.CustomerNumber, "API-NOKEY"))).StatusCode);
        Assert.Equal(0, await PurchaseCountAsync("API-NOKEY"));
    }

    [Fact]
    public async Task A_batch_reports_each_purchase_and_records_the_good_ones()
    {
        var customer = await factory.NewCustomerAsync();
        using var till = await factory.NewTillAsync();
        var good = LoyaltyApiKit.Purchase(customer.CustomerNumber, "B-1", 5_000);
        await till.PostPurchaseAsync(good);

        var response = await till.PostAsJsonAsync(LoyaltyApiKit.Purchases + "/batch", new
        {
            purchases = new[] { good, LoyaltyApiKit.Purchase(customer.CustomerNumber, "B-2", 7_000), LoyaltyApiKit.Purchase("123", "B-3") },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal((1, 1, 1), (body.GetProperty("recorded").GetInt32(), body.GetProperty("duplicates").GetInt32(), body.GetProperty("rejected").GetInt32()));
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["Duplicate", "Recorded", "Rejected"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal("validation_failed", results[2].GetProperty("problem").GetProperty("code").GetString());
        Assert.Equal(0, await PurchaseCountAsync("B-3"));
    }

    [Fact]
    public async Task A_batch_of_more_than_1000_is_refused_whole()
    {
        using var till = await factory.NewTillAsync();
        var many = Enumerable.Range(0, 1_001).Select(i => LoyaltyApiKit.Purchase("4821339017", $"BIG-{i}")).ToArray();

        var response = await till.PostAsJsonAsync(LoyaltyApiKit.Purchases + "/batch", new { purchases = many });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(0, await PurchaseCountAsync("BIG-0"));
    }

    [Fact]
    public async Task A_refund_takes_back_points_once_per_refund_id()
    {
        var customer = await factory.NewCustomerAsync();
        using var till = await factory.NewTillAsync();
        await till.PostPurchaseAsync(LoyaltyApiKit.Purchase(customer.CustomerNumber, "API-R1", 20_000));

        var first = await till.PostAsJsonAsync(LoyaltyApiKit.Purchases + "/API-R1/refund", new { refundId = "RET-1", amountMinor = 5_000 });
        var again = await till.PostAsJsonAsync(LoyaltyApiKit.Purchases + "/API-R1/refund", new { refundId = "RET-1", amountMinor = 5_000 });

        Assert.Equal(50, (await first.JsonAsync()).GetProperty("pointsReversed").GetInt64());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        using var app = await factory.SignedInAppAsync(customer.Email!);
        Assert.Equal(150, (await (await app.GetAsync("/api/customer-id/loyalty")).JsonAsync()).GetProperty("pendingPoints").GetInt64());
        await (await till.PostAsJsonAsync(LoyaltyApiKit.Purchases + "/API-R1/refund", new { refundId = "RET-2", amountMinor = 15_001 }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "refund_exceeds_purchase");
        await (await till.PostAsJsonAsync(LoyaltyApiKit.Purchases + "/NOPE/refund", new { refundId = "RET-1" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "order_not_found");
    }
}

public class IdempotencyHeaderTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static HttpRequestMessage Post(string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_retry_with_the_same_key_gets_the_first_answer_back_even_a_refusal()
    {
        var customer = await factory.NewCustomerAsync();
        using var till = await factory.NewTillAsync();
        var wrong = LoyaltyApiKit.Purchase("4821339018", "IDEM-1");

        var first = await till.SendAsync(Post(LoyaltyApiKit.Purchases, wrong, "key-1"));
        var retry = await till.SendAsync(Post(LoyaltyApiKit.Purchases, wrong, "key-1"));

        Assert.Equal(HttpStatusCode.BadRequest, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", retry.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_same_key_with_a_different_request_is_refused_and_records_nothing()
    {
        var customer = await factory.NewCustomerAsync();
        using var till = await factory.NewTillAsync();
        await till.SendAsync(Post(LoyaltyApiKit.Purchases, LoyaltyApiKit.Purchase(customer.CustomerNumber, "IDEM-2"), "key-2"));

        var reused = await till.SendAsync(Post(LoyaltyApiKit.Purchases, LoyaltyApiKit.Purchase(customer.CustomerNumber, "IDEM-3"), "key-2"));

        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(0, await factory.WithServiceAsync<int, PortalDbContext>(db => db.Set<Purchase>().CountAsync(p => p.OrderId == "IDEM-3")));
    }

    [Fact]
    public async Task Keys_belong_to_their_caller()
    {
        var customer = await factory.NewCustomerAsync();
        using var tillA = await factory.NewTillAsync();
        using var tillB = await factory.NewTillAsync();
        await tillA.SendAsync(Post(LoyaltyApiKit.Purchases, LoyaltyApiKit.Purchase(customer.CustomerNumber, "IDEM-4"), "shared"));

        var other = await tillB.SendAsync(Post(LoyaltyApiKit.Purchases, LoyaltyApiKit.Purchase(customer.CustomerNumber, "IDEM-5"), "shared"));

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
    }
}

public class IdempotencyExpiryTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_key_older_than_a_day_is_forgotten_and_may_be_used_again()
    {
        var customer = await factory.NewCustomerAsync();
        using var till = await factory.NewTillAsync();
        HttpRequestMessage Post(string orderId)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, LoyaltyApiKit.Purchases) { Content = JsonContent.Create(LoyaltyApiKit.Purchase(customer.CustomerNumber, orderId)) };
            request.Headers.Add("Idempotency-Key", "old-key");
            return request;
        }
        await till.SendAsync(Post("EXP-1"));
        await factory.WithServiceAsync<int, PortalDbContext>(db => db.Set<Portal.Core.Common.IdempotentRequest>()
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.CreatedAtUtc, factory.Clock.Now.UtcDateTime.AddHours(-25))));

        var fresh = await till.SendAsync(Post("EXP-2"));

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal("EXP-2", (await fresh.JsonAsync()).GetProperty("orderId").GetString());
        Assert.Equal(0, await factory.WithServiceAsync<int, PortalDbContext>(db => Portal.Shell.Api.IdempotencyKeys.PurgeAsync(db, factory.Clock.Now.UtcDateTime, CancellationToken.None)));
    }
}
