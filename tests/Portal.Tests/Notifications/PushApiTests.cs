using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Notifications;

public class PushApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Api = "/api/customer-id/notifications/push";

    [Fact]
    public async Task The_app_gets_the_key_registers_lists_and_removes_its_subscription()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        var key = (await (await app.GetAsync($"{Api}/key")).JsonAsync()).GetProperty("publicKey").GetString()!;
        Assert.Equal(65, Base64Url.DecodeFromChars(key).Length);

        var endpoint = "https://push.example.com/app/" + Guid.NewGuid().ToString("N");
        var saved = await app.PostAsJsonAsync($"{Api}/subscriptions", Subscription(endpoint));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var again = await (await app.PostAsJsonAsync($"{Api}/subscriptions", Subscription(endpoint))).JsonAsync();
        Assert.Equal((await saved.JsonAsync()).GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());

        var list = await (await app.GetAsync($"{Api}/subscriptions")).JsonAsync();
        Assert.Equal(endpoint, Assert.Single(list.EnumerateArray()).GetProperty("endpoint").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await app.DeleteAsync($"{Api}/subscriptions?endpoint={Uri.EscapeDataString(endpoint)}")).StatusCode);
        Assert.Empty((await (await app.GetAsync($"{Api}/subscriptions")).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task A_customer_never_sees_or_removes_another_customers_subscription()
    {
        var layla = await factory.NotifiableCustomerAsync();
        var omar = await factory.NotifiableCustomerAsync();
        using var laylaApp = await factory.SignedInAppAsync(layla.Email!);
        using var omarApp = await factory.SignedInAppAsync(omar.Email!);
        var endpoint = "https://push.example.com/layla/" + Guid.NewGuid().ToString("N");
        var id = (await (await laylaApp.PostAsJsonAsync($"{Api}/subscriptions", Subscription(endpoint))).JsonAsync()).GetProperty("id").GetInt64();

        Assert.Empty((await (await omarApp.GetAsync($"{Api}/subscriptions")).JsonAsync()).EnumerateArray());
        var byId = await omarApp.DeleteAsync($"{Api}/subscriptions/{id}");
        var byEndpoint = await omarApp.DeleteAsync($"{Api}/subscriptions?endpoint={Uri.EscapeDataString(endpoint)}");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (byId.StatusCode, byEndpoint.StatusCode));
        Assert.Equal("application/problem+json", byId.Content.Headers.ContentType!.MediaType);
        Assert.Single((await (await laylaApp.GetAsync($"{Api}/subscriptions")).JsonAsync()).EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await laylaApp.DeleteAsync($"{Api}/subscriptions/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_subscription_to_an_address_that_is_not_a_push_service_is_a_validation_problem()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        var internalAddress = await app.PostAsJsonAsync($"{Api}/subscriptions", Subscription("http://127.0.0.1:5000/admin"));
        var noKeys = await app.PostAsJsonAsync($"{Api}/subscriptions", new { endpoint = "https://push.example.com/x" });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (internalAddress.StatusCode, noKeys.StatusCode));
        Assert.True((await internalAddress.JsonAsync()).GetProperty("errors").TryGetProperty("endpoint", out _));
        Assert.True((await noKeys.JsonAsync()).GetProperty("errors").TryGetProperty("keys", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.NewApiClient().GetAsync($"{Api}/subscriptions")).StatusCode);
    }

    private static object Subscription(string endpoint) => new
    {
        endpoint,
        keys = new { p256dh = PushPageTests.BrowserKey(), auth = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)) },
    };
}
