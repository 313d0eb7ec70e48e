using System.Net;
using System.Net.Http.Json;
using Portal.Core.Offers;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Offers;

public class OffersApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Api = "/api/customer-id/offers";

    internal static async Task<Offer> PublishAsync(PortalFactory factory, OfferKind kind = OfferKind.PercentOff, long value = 10, int? budget = null,
        string segments = "", string categories = "")
    {
        var now = factory.Clock.Now.UtcDateTime;
        var (offer, error) = await factory.WithServiceAsync<(Offer?, OfferEditError?), OfferAdmin>(a => a.SaveAsync(new Offer
        {
            TitleEn = "Test offer " + Guid.NewGuid().ToString("N")[..6], TitleAr = "عرض تجريبي", DescriptionEn = "**Bold** [x](javascript:alert(1))",
            Kind = kind, Value = value, TotalBudget = budget, TargetSegments = segments, Categories = categories,
            ValidFromUtc = now.AddDays(-1), ValidUntilUtc = now.AddDays(5),
        }));
        Assert.Null(error);
        await factory.WithServiceAsync<bool, OfferAdmin>(a => a.SetPublishedAsync(offer!.Id, true));
        return offer!;
    }

    private static HttpRequestMessage Apply(long offerId, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Api}/apply") { Content = JsonContent.Create(new { offerId }) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task Personalized_offers_come_ranked_with_reasons_and_sanitized_descriptions()
    {
        var offer = await PublishAsync(factory);
        var customer = await factory.NewCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        var body = await (await app.GetAsync($"{Api}/personalized")).JsonAsync();

        var item = body.GetProperty("offers").EnumerateArray().Single(o => o.GetProperty("id").GetInt64() == offer.Id);
        Assert.Equal("PercentOff", item.GetProperty("kind").GetString());
        Assert.True(item.GetProperty("canActivate").GetBoolean());
        Assert.Contains("<strong>Bold</strong>", item.GetProperty("descriptionHtml").GetString());
        Assert.DoesNotContain("javascript:", item.GetProperty("descriptionHtml").GetString());
        var reasons = item.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Equal(["ExpiresSoon", "AnyCategory"], reasons.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal(["Ends in 5 days", "Works on anything you buy"], reasons.Select(r => r.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Apply_with_the_same_Idempotency_Key_returns_the_same_code_and_the_history_lists_it()
    {
        var offer = await PublishAsync(factory);
        var customer = await factory.NewCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        var first = await app.SendAsync(Apply(offer.Id, "apply-1"));
        var again = await app.SendAsync(Apply(offer.Id, "apply-1"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var code = (await first.JsonAsync()).GetProperty("code").GetString();
        Assert.Equal(code, (await again.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        var history = await (await app.GetAsync($"{Api}/history")).JsonAsync();
        var item = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal(("Activated", code), (item.GetProperty("status").GetString(), item.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Refusals_are_problems_with_stable_codes()
    {
        var gone = await PublishAsync(factory, budget: 0);
        var vip = await PublishAsync(factory, segments: "Vip");
        var customer = await factory.NewCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        await (await app.SendAsync(Apply(gone.Id, null))).AssertProblemAsync(HttpStatusCode.Conflict, "offer_budget_exhausted");
        await (await app.SendAsync(Apply(vip.Id, null))).AssertProblemAsync(HttpStatusCode.Forbidden, "offer_not_for_you");
        await (await app.SendAsync(Apply(987_654, null))).AssertProblemAsync(HttpStatusCode.NotFound, "offer_not_found");
    }

    [Fact]
    public async Task A_purchase_through_the_purchases_API_redeems_the_code_once_and_only_for_its_owner()
    {
        var offer = await PublishAsync(factory, OfferKind.AmountOff, 2_000);
        var owner = await factory.NewCustomerAsync();
        var other = await factory.NewCustomerAsync();
        using var app = await factory.SignedInAppAsync(owner.Email!);
        var code = (await (await app.SendAsync(Apply(offer.Id, null))).JsonAsync()).GetProperty("display").GetString()!;
        using var till = await factory.NewTillAsync();
        object Purchase(string number) => new
        {
            customerId = number, orderId = "OFFER-" + Guid.NewGuid().ToString("N")[..10], occurredAt = factory.Clock.Now.AddMinutes(-1), channel = "online",
            lines = new[] { new { category = "Grocery", quantity = 1, amountMinor = 10_000L } }, offerCode = code,
        };

        var stranger = await (await till.PostPurchaseAsync(Purchase(other.CustomerNumber))).JsonAsync();
        var first = await (await till.PostPurchaseAsync(Purchase(owner.CustomerNumber))).JsonAsync();
        var second = await (await till.PostPurchaseAsync(Purchase(owner.CustomerNumber))).JsonAsync();

        Assert.Equal(("not_yours", 0L), (stranger.GetProperty("offerOutcome").GetString(), stranger.GetProperty("discountMinor").GetInt64()));
        Assert.Equal(("applied", 2_000L, 80L), (first.GetProperty("offerOutcome").GetString(), first.GetProperty("discountMinor").GetInt64(), first.GetProperty("pointsEarned").GetInt64()));
        Assert.Equal(("already_used", 0L), (second.GetProperty("offerOutcome").GetString(), second.GetProperty("discountMinor").GetInt64()));
        var history = await (await app.GetAsync($"{Api}/history")).JsonAsync();
        var item = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal(("Redeemed", first.GetProperty("orderId").GetString()), (item.GetProperty("status").GetString(), item.GetProperty("orderId").GetString()));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_offer_endpoints()
    {
        var doc = await (await factory.NewApiClient().GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = doc.GetProperty("paths");

        Assert.True(paths.TryGetProperty($"{Api}/personalized", out _));
        Assert.True(paths.TryGetProperty($"{Api}/history", out _));
        var apply = paths.GetProperty($"{Api}/apply").GetProperty("post");
        Assert.Contains(apply.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
    }
}
