using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Api.ApiTestClient;

namespace Portal.Tests.Api;

public class CustomerIdApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Login_returns_tokens_and_me_returns_the_Customer_ID()
    {
        using var api = factory.NewApiClient();
        var response = await api.LoginAsync("customer@demo.local", PortalClient.DemoPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.JsonAsync();
        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        Assert.True(tokens.GetProperty("expiresIn").GetInt64() > 0);
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refreshToken").GetString()));
        Assert.False(response.Headers.Contains("Set-Cookie"), "the API must not set cookies");
        Assert.True(response.Headers.CacheControl?.NoStore, "tokens must not be cached");

        var me = await api.GetWithTokenAsync(Me, tokens.GetProperty("accessToken").GetString()!);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.JsonAsync();
        Assert.True(CustomerNumber.TryParse(body.GetProperty("customerId").GetString(), out var number));
        Assert.Equal(number.Grouped, body.GetProperty("customerIdGrouped").GetString());
        Assert.Equal("customer@demo.local", body.GetProperty("email").GetString());
        Assert.Equal("Sam Carter", body.GetProperty("name").GetString());
        Assert.All(body.EnumerateObject(), p => Assert.True(char.IsLower(p.Name[0]), $"{p.Name} is not camelCase"));
    }

    [Fact]
    public async Task Wrong_password_gives_problem_details_401()
    {
        using var api = factory.NewApiClient();
        var wrong = await (await api.LoginAsync("customer@demo.local", "not-the-password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal("Sign-in failed", wrong.GetProperty("title").GetString());
        Assert.Equal("The email or password is not correct.", wrong.GetProperty("detail").GetString());

        // An unknown email reads exactly the same.
        var unknown = await (await api.LoginAsync("nobody@demo.local", "not-the-password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(wrong.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Problems_speak_Arabic_when_the_app_asks()
    {
        using var api = factory.NewApiClient();
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");
        var problem = await (await api.LoginAsync("nobody@demo.local", "not-the-password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal("تعذّر تسجيل الدخول", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Login_without_email_or_password_is_a_validation_problem()
    {
        using var api = factory.NewApiClient();
        var problem = await (await api.PostAsJsonAsync(Login, new { email = " " })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.Equal("Enter your email address.", errors.GetProperty("email")[0].GetString());
        Assert.Equal("Enter your password.", errors.GetProperty("password")[0].GetString());
    }

    [Fact]
    public async Task Malformed_json_is_a_validation_problem_about_the_body()
    {
        using var api = factory.NewApiClient();
        var response = await api.PostAsync(Login, new StringContent("{\"email\": ", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("The body is not valid JSON.", problem.GetProperty("errors").GetProperty("$")[0].GetString());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_via_the_API_too()
    {
        var user = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        for (var i = 1; i <= 4; i++)
            await (await api.LoginAsync(user.Email!, "wrong-password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

        // Locked, but a wrong password is told only that it is wrong.
        await (await api.LoginAsync(user.Email!, "wrong-password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

        // Even the right password is refused now.
        await (await api.LoginAsync(user.Email!, PortalClient.DemoPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "locked_out");
    }

    [Fact]
    public async Task Refresh_gives_a_new_access_token()
    {
        using var api = factory.NewApiClient();
        var first = await api.TokensAsync("customer@demo.local");

        var response = await api.PostAsJsonAsync(Refresh, new { refreshToken = first.GetProperty("refreshToken").GetString() });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = await response.JsonAsync();
        var access = second.GetProperty("accessToken").GetString()!;
        Assert.NotEqual(first.GetProperty("accessToken").GetString(), access);
        Assert.False(string.IsNullOrEmpty(second.GetProperty("refreshToken").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await api.GetWithTokenAsync(Me, access)).StatusCode);
    }

    [Fact]
    public async Task Refresh_with_garbage_is_401_problem()
    {
        using var api = factory.NewApiClient();
        var response = await api.PostAsJsonAsync(Refresh, new { refreshToken = "not-a-real-token" });
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task Refresh_after_the_security_stamp_changes_is_refused()
    {
        var user = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var tokens = await api.TokensAsync(user.Email!);

        // What a password change or "sign out everywhere" does.
        await factory.WithServiceAsync<IdentityResult, UserManager<PortalUser>>(async users =>
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync(user.Id))!));

        var response = await api.PostAsJsonAsync(Refresh, new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task Me_without_a_token_is_401_problem_details()
    {
        using var api = factory.NewApiClient();
        var response = await api.GetAsync(Me);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Sign-in required", problem.GetProperty("title").GetString());
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Me_with_a_forged_token_is_401_problem_details()
    {
        using var api = factory.NewApiClient();
        await (await api.GetWithTokenAsync(Me, "forged")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Cookie_auth_does_not_open_the_API()
    {
        using var browser = factory.NewClient();
        await browser.SignInAsync("customer@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/card")).StatusCode);

        var response = await browser.Http.GetAsync(Me);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Unknown_api_route_is_404_problem()
    {
        using var api = factory.NewApiClient();
        var response = await api.GetAsync("/api/customer-id/no-such-thing");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task OpenAPI_document_lists_every_api_endpoint()
    {
        using var api = factory.NewApiClient();
        var response = await api.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.JsonAsync();

        Assert.Equal("CustomerPortal API", doc.GetProperty("info").GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(doc.GetProperty("info").GetProperty("description").GetString()));

        var schemes = doc.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().ToList();
        var bearer = Assert.Single(schemes, s => s.Value.GetProperty("type").GetString() == "http"
            && s.Value.GetProperty("scheme").GetString() == "bearer");

        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { Me, Login, Refresh })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing");

        foreach (var path in paths.EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var where = $"{operation.Name} {path.Name}";
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()), $"{where} has no summary");
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("operationId").GetString()), $"{where} has no name");
                Assert.NotEmpty(operation.Value.GetProperty("tags").EnumerateArray());
                Assert.True(operation.Value.GetProperty("responses").EnumerateObject().Count() > 1, $"{where} documents no failures");
            }

        var me = paths.GetProperty(Me).GetProperty("get");
        Assert.Contains(me.GetProperty("security").EnumerateArray(), r => r.TryGetProperty(bearer.Name, out _));
        Assert.True(me.GetProperty("responses").TryGetProperty("401", out _));
        var login = paths.GetProperty(Login).GetProperty("post");
        Assert.Equal(0, login.GetProperty("security").GetArrayLength()); // "security: []": no token
        foreach (var status in new[] { "200", "400", "401", "429" })
            Assert.True(login.GetProperty("responses").TryGetProperty(status, out _), $"login does not document {status}");

        var meSchema = doc.GetProperty("components").GetProperty("schemas").GetProperty("MeResponse").GetProperty("properties");
        Assert.True(meSchema.TryGetProperty("customerId", out _));
        Assert.False(meSchema.TryGetProperty("CustomerId", out _));
    }

    [Fact]
    public async Task Two_factor_account_needs_the_code_on_the_api()
    {
        var user = await factory.NewCustomerAsync();
        var (key, recoveryCode) = await factory.WithServiceAsync<(string, string), UserManager<PortalUser>>(async users =>
        {
            var u = (await users.FindByIdAsync(user.Id))!;
            await users.ResetAuthenticatorKeyAsync(u);
            await users.SetTwoFactorEnabledAsync(u, true);
            var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(u, 2);
            return ((await users.GetAuthenticatorKeyAsync(u))!, codes!.First());
        });
        using var api = factory.NewApiClient();

        var withoutCode = await api.LoginAsync(user.Email!, PortalClient.DemoPassword);
        await withoutCode.AssertProblemAsync(HttpStatusCode.Unauthorized, "two_factor_required");
        Assert.DoesNotContain(withoutCode.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.Contains("Identity.Application")));

        var wrongCode = Totp.Code(key, DateTimeOffset.UtcNow.AddHours(-1));
        await (await api.LoginAsync(user.Email!, PortalClient.DemoPassword, twoFactorCode: wrongCode))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_two_factor_code");

        // The code alone is not enough: the password still has to be right.
        await (await api.LoginAsync(user.Email!, "wrong-password", twoFactorCode: Totp.Code(key, DateTimeOffset.UtcNow)))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

        var withCode = await api.LoginAsync(user.Email!, PortalClient.DemoPassword, twoFactorCode: Totp.Code(key, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        var access = (await withCode.JsonAsync()).GetProperty("accessToken").GetString()!;
        Assert.Equal(user.CustomerNumber, (await (await api.GetWithTokenAsync(Me, access)).JsonAsync()).GetProperty("customerId").GetString());

        var withRecovery = await api.LoginAsync(user.Email!, PortalClient.DemoPassword, twoFactorRecoveryCode: recoveryCode);
        Assert.Equal(HttpStatusCode.OK, withRecovery.StatusCode);
        await (await api.LoginAsync(user.Email!, PortalClient.DemoPassword, twoFactorRecoveryCode: recoveryCode))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_recovery_code");
    }

    [Fact]
    public void Totp_helper_matches_the_RFC_6238_test_vector()
    {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits) -> 287082 (6 digits).
        var key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // base32 of "12345678901234567890"
        Assert.Equal("287082", Totp.Code(key, DateTimeOffset.FromUnixTimeSeconds(59)));
    }
}

/// <summary>Classes that need an app configured differently from the shared fixture.</summary>
public class CustomerIdApiEdgeTests
{
    /// <summary>Production, so start-up skips hashing the demo passwords.</summary>
    private sealed class TwoLoginsPerMinute : PortalFactory
    {
        protected override string Environment => "Production";
        protected override int AuthPermitsPerMinute => 2;
    }

    [Fact]
    public async Task Too_many_login_attempts_get_a_429_problem()
    {
        await using var factory = new TwoLoginsPerMinute();
        using var api = factory.NewApiClient();
        for (var i = 0; i < 2; i++)
            await (await api.LoginAsync("nobody@demo.local", "wrong-password")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var problem = await (await api.LoginAsync("nobody@demo.local", "wrong-password"))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.Equal("Too many attempts", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_exception_is_a_500_problem_without_the_stack_outside_Development()
    {
        await using var production = new ProductionPortalFactory();
        await using var broken = production.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddScoped<SignInManager<PortalUser>>(_ => throw new InvalidOperationException("secret-internal-detail"))));
        using var api = broken.CreateClient();

        var response = await api.LoginAsync("customer@demo.local", PortalClient.DemoPassword);

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError, "server_error");
        var text = problem.GetRawText();
        Assert.DoesNotContain("secret-internal-detail", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.DoesNotContain(" at ", text);
    }
}
