using System.Net;
using Microsoft.AspNetCore.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

public sealed class CorsPortalFactory : PortalFactory
{
    public const string AppOrigin = "https://app.example.com";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Api:CorsOrigins:0", AppOrigin);
    }
}

public class CorsTests(CorsPortalFactory factory) : IClassFixture<CorsPortalFactory>
{
    private static HttpRequestMessage Preflight(string url, string origin, string method = "POST") => new(HttpMethod.Options, url)
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", method },
            { "Access-Control-Request-Headers", "authorization,content-type,idempotency-key" },
        },
    };

    [Fact]
    public async Task A_configured_origin_may_call_the_api_without_credentials_and_the_preflight_is_cached()
    {
        using var api = factory.NewApiClient();
        var response = await api.SendAsync(Preflight("/api/customer-id/support/tickets", CorsPortalFactory.AppOrigin));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(CorsPortalFactory.AppOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("idempotency-key", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("3600", response.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));

        // The hub's negotiate too, for apps in a browser using the token.
        var hub = await api.SendAsync(Preflight("/hubs/chat/negotiate?negotiateVersion=1", CorsPortalFactory.AppOrigin));
        Assert.Equal(CorsPortalFactory.AppOrigin, hub.Headers.GetValues("Access-Control-Allow-Origin").Single());

        // The real call gets the header, and may read Retry-After, Location and Idempotent-Replayed.
        var login = new HttpRequestMessage(HttpMethod.Post, ApiTestClient.Login) { Content = System.Net.Http.Json.JsonContent.Create(new { email = "nobody@example.com", password = "x" }) };
        login.Headers.Add("Origin", CorsPortalFactory.AppOrigin);
        var answer = await api.SendAsync(login);
        Assert.Equal(CorsPortalFactory.AppOrigin, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Retry-After", answer.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Fact]
    public async Task Any_other_origin_is_refused()
    {
        using var api = factory.NewApiClient();
        var response = await api.SendAsync(Preflight("/api/customer-id/me", "https://evil.example.net", "GET"));
        Assert.NotEqual(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));

        // Pages are never opened to other origins, even the configured one.
        var page = await api.SendAsync(Preflight("/account/login", CorsPortalFactory.AppOrigin));
        Assert.False(page.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

public class CorsByDefaultTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task With_no_origins_configured_no_origin_is_allowed()
    {
        using var api = factory.NewApiClient();
        var response = await api.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/customer-id/me")
        {
            Headers = { { "Origin", CorsPortalFactory.AppOrigin }, { "Access-Control-Request-Method", "GET" } },
        });
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
