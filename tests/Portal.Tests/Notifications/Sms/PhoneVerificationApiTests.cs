using System.Net;
using System.Net.Http.Json;
using Portal.Tests.Api;
using Portal.Tests.Loyalty;

namespace Portal.Tests.Notifications.Sms;

public class PhoneVerificationApiTests(SmsFilePortalFactory factory) : IClassFixture<SmsFilePortalFactory>
{
    private const string Api = "/api/customer-id/account/phone/verification";

    private static async Task<System.Text.Json.JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    [Fact]
    public async Task The_app_asks_for_a_code_confirms_it_and_continues_with_the_new_tokens()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);

        await AssertProblemAsync(await app.PostAsJsonAsync(Api, new { phoneNumber = "not a phone" }), HttpStatusCode.BadRequest, "invalid_phone_number");
        await AssertProblemAsync(await app.PostAsJsonAsync($"{Api}/confirm", new { code = "123456" }), HttpStatusCode.Conflict, "no_code_pending");

        var sent = await app.PostAsJsonAsync(Api, new { phoneNumber = "0500000301" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var body = await sent.JsonAsync();
        Assert.Equal(("code_sent", "+966500000301"), (body.GetProperty("status").GetString(), body.GetProperty("phoneNumber").GetString()));

        var tooSoon = await app.PostAsJsonAsync(Api, new { phoneNumber = "0500000301" });
        Assert.True((await AssertProblemAsync(tooSoon, HttpStatusCode.TooManyRequests, "code_requested_too_soon")).TryGetProperty("retryAt", out _));
        Assert.True(tooSoon.Headers.Contains("Retry-After"));

        var code = factory.LastCodeTo("+966500000301");
        await AssertProblemAsync(await app.PostAsJsonAsync($"{Api}/confirm", new { code = "12" }), HttpStatusCode.BadRequest, "malformed_code");
        var wrong = await app.PostAsJsonAsync($"{Api}/confirm", new { code = code == "000000" ? "111111" : "000000" });
        Assert.Equal(4, (await AssertProblemAsync(wrong, HttpStatusCode.UnprocessableEntity, "wrong_code")).GetProperty("attemptsLeft").GetInt32());

        var confirmed = await app.PostAsJsonAsync($"{Api}/confirm", new { code });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var result = await confirmed.JsonAsync();
        Assert.True(result.GetProperty("verified").GetBoolean());
        Assert.Equal("+966500000301", result.GetProperty("phoneNumber").GetString());

        // The old token ended with the security stamp; the new one works.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/api/customer-id/me")).StatusCode);
        app.DefaultRequestHeaders.Authorization = new("Bearer", result.GetProperty("tokens").GetProperty("accessToken").GetString());
        var me = await (await app.GetAsync("/api/customer-id/me")).JsonAsync();
        Assert.Equal("+966500000301", me.GetProperty("phone").GetString());
        using var refresh = factory.NewApiClient();
        var refreshed = await refresh.PostAsJsonAsync("/api/customer-id/auth/refresh", new { refreshToken = result.GetProperty("tokens").GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Fact]
    public async Task The_fifth_wrong_code_is_a_locked_problem_with_the_time_it_ends()
    {
        var customer = await factory.NotifiableCustomerAsync();
        using var app = await factory.SignedInAppAsync(customer.Email!);
        await app.PostAsJsonAsync(Api, new { phoneNumber = "0500000302" });
        var wrong = factory.LastCodeTo("+966500000302") == "000000" ? "111111" : "000000";
        for (var i = 0; i < 4; i++) await app.PostAsJsonAsync($"{Api}/confirm", new { code = wrong });

        var locked = await app.PostAsJsonAsync($"{Api}/confirm", new { code = wrong });

        var problem = await AssertProblemAsync(locked, (HttpStatusCode)423, "phone_verification_locked");
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), problem.GetProperty("retryAt").GetDateTime(), TimeSpan.FromSeconds(1));
        Assert.Contains("locked until", problem.GetProperty("title").GetString());
        await AssertProblemAsync(await app.PostAsJsonAsync(Api, new { phoneNumber = "0500000302" }), (HttpStatusCode)423, "phone_verification_locked");
    }
}
