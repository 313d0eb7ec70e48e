using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Shell;

public sealed class StrictRateLimitFactory : PortalFactory
{
    protected override int AuthPermitsPerMinute => 3;
}

public class RateLimitTests(StrictRateLimitFactory factory) : IClassFixture<StrictRateLimitFactory>
{
    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_get_429_and_a_localized_page()
    {
        using var client = factory.NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var response = await client.SubmitFormAsync("/account/login?culture=ar", "form#login-form", new Dictionary<string, string>
            {
                ["Input.Email"] = "nobody@example.com",
                ["Input.Password"] = "wrong-password",
            });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var doc = await PortalClient.ParseAsync(response);
                Assert.Equal("محاولات كثيرة جداً", doc.QuerySelector("#error-title")?.TextContent);
            }
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Showing_the_sign_in_form_is_not_limited()
    {
        using var client = factory.NewClient();
        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/account/login")).StatusCode);
    }
}
