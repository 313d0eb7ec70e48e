using System.Net.Http.Json;
using Portal.Core.Loyalty;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Loyalty;

public static class LoyaltyApiKit
{
    public const string Purchases = "/api/customer-id/purchases";

    /// <summary>A till's HTTP client with a fresh integration key.</summary>
    public static async Task<HttpClient> NewTillAsync(this PortalFactory factory)
    {
        var created = await factory.WithServiceAsync<(IntegrationKey, string)?, IntegrationKeys>(k => k.CreateAsync("Test till " + Guid.NewGuid().ToString("N")[..6], "Tester"));
        var till = factory.NewApiClient();
        till.DefaultRequestHeaders.Add("X-Api-Key", created!.Value.Item2);
        return till;
    }

    public static object Purchase(string customerId, string orderId, long amountMinor = 12_345, DateTimeOffset? at = null) => new
    {
        customerId,
        orderId,
        occurredAt = at ?? DateTimeOffset.UtcNow.AddMinutes(-10),
        channel = "store",
        lines = new[] { new { category = "Grocery", quantity = 2, amountMinor } },
    };

    public static Task<HttpResponseMessage> PostPurchaseAsync(this HttpClient till, object purchase) => till.PostAsJsonAsync(Purchases, purchase);

    public static async Task<HttpClient> SignedInAppAsync(this PortalFactory factory, string email)
    {
        var app = factory.NewApiClient();
        var tokens = await app.TokensAsync(email);
        app.DefaultRequestHeaders.Authorization = new("Bearer", tokens.GetProperty("accessToken").GetString());
        return app;
    }
}
