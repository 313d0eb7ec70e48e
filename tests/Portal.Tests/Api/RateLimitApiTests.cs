using System.Net;
using Microsoft.AspNetCore.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

public sealed class PerAccountLimitFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:SignInPerAccountPerMinute", "3");
        builder.UseSetting("RateLimits:IntegrationKeyPermitsPerMinute", "2");
    }
}

/// <summary>Sign-in per account (whatever the address) and integration keys per key; the per-IP rule is lifted here.</summary>
public class PerAccountLimitTests(PerAccountLimitFactory factory) : IClassFixture<PerAccountLimitFactory>
{
    [Fact]
    public async Task One_account_is_limited_while_others_keep_signing_in_from_the_same_address()
    {
        var target = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        for (var i = 0; i < 3; i++)
            await (await api.LoginAsync(target.Email!, "wrong-password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

        var limited = await api.LoginAsync(target.Email!, PortalClient.DemoPassword);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single()), 1, 60);

        // A back end signing many people in from one address: each of them is its own allowance.
        for (var i = 0; i < 4; i++)
        {
            var someone = await factory.NewCustomerAsync();
            Assert.Equal(HttpStatusCode.OK, (await api.LoginAsync(someone.Email!, PortalClient.DemoPassword)).StatusCode);
        }
    }

    [Fact]
    public async Task The_sign_in_page_counts_attempts_per_account_too()
    {
        var target = await factory.NewCustomerAsync();
        using var browser = factory.NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var response = await browser.SubmitFormAsync("/account/login", "form#login-form", new Dictionary<string, string>
            {
                ["Input.Email"] = target.Email!,
                ["Input.Password"] = "wrong-password",
            });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.Contains("Retry-After"));
                var doc = await PortalClient.ParseAsync(response);
                Assert.Contains("Too many attempts", doc.QuerySelector("#login-errors")?.TextContent);
            }
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Each_integration_key_has_its_own_allowance()
    {
        using var api = factory.NewApiClient();
        Task<HttpResponseMessage> Post(string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/customer-id/purchases") { Content = System.Net.Http.Json.JsonContent.Create(new { }) };
            request.Headers.Add("X-Api-Key", key);
            return api.SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post("cpk_first")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post("cpk_first")).StatusCode);
        var limited = await Post("cpk_first");
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post("cpk_second")).StatusCode);
    }
}

public sealed class PerIpLimitFactory : PortalFactory
{
    protected override int AuthPermitsPerMinute => 2;
}

public class PerIpLimitTests(PerIpLimitFactory factory) : IClassFixture<PerIpLimitFactory>
{
    [Fact]
    public async Task Every_429_says_when_to_retry_as_a_problem_in_the_api_and_a_page_on_the_site()
    {
        using var api = factory.NewApiClient();
        await api.LoginAsync("nobody@example.com", "wrong");
        await api.LoginAsync("nobody@example.com", "wrong");
        var limited = await api.LoginAsync("nobody@example.com", "wrong");
        var problem = await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single()), 1, 60);

        using var browser = factory.NewClient();
        var page = await browser.Http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "x@example.com" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.True(page.Headers.Contains("Retry-After"));
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }
}
