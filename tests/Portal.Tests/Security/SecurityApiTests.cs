using System.Net;
using System.Text.Json;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Security;

public class SecurityApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Sessions_lists_the_callers_sessions_and_marks_the_current_one()
    {
        var person = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var phone = await api.TokensAsync(person.Email!);
        var tablet = await api.TokensAsync(person.Email!);

        var sessions = await (await api.GetWithTokenAsync("/api/customer-id/security/sessions", phone.Access())).JsonAsync();

        Assert.Equal(2, sessions.GetArrayLength());
        var current = Assert.Single(sessions.EnumerateArray(), s => s.GetProperty("current").GetBoolean());
        Assert.Equal("App", current.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Deleting_a_session_ends_its_tokens_at_once()
    {
        var person = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var phone = await api.TokensAsync(person.Email!);
        var tablet = await api.TokensAsync(person.Email!);
        var sessions = await (await api.GetWithTokenAsync("/api/customer-id/security/sessions", phone.Access())).JsonAsync();
        var tabletId = sessions.EnumerateArray().Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString();

        var response = await api.SendWithTokenAsync(HttpMethod.Delete, $"/api/customer-id/security/sessions/{tabletId}", phone.Access());

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await api.GetWithTokenAsync(ApiTestClient.Me, tablet.Access())).AssertProblemAsync(HttpStatusCode.Unauthorized, "session_ended");
        Assert.Equal(HttpStatusCode.OK, (await api.GetWithTokenAsync(ApiTestClient.Me, phone.Access())).StatusCode);
    }

    [Fact]
    public async Task Another_customers_session_cannot_be_seen_or_ended()
    {
        var victim = await factory.NewCustomerAsync();
        var attacker = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var victimTokens = await api.TokensAsync(victim.Email!);
        var attackerTokens = await api.TokensAsync(attacker.Email!);
        var victimSessionId = (await (await api.GetWithTokenAsync("/api/customer-id/security/sessions", victimTokens.Access())).JsonAsync())[0].GetProperty("id").GetString();

        var listed = await (await api.GetWithTokenAsync("/api/customer-id/security/sessions", attackerTokens.Access())).JsonAsync();
        Assert.DoesNotContain(listed.EnumerateArray(), s => s.GetProperty("id").GetString() == victimSessionId);
        await (await api.SendWithTokenAsync(HttpMethod.Delete, $"/api/customer-id/security/sessions/{victimSessionId}", attackerTokens.Access()))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(HttpStatusCode.OK, (await api.GetWithTokenAsync(ApiTestClient.Me, victimTokens.Access())).StatusCode);
    }

    [Fact]
    public async Task Status_scores_a_new_account()
    {
        var person = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var tokens = await api.TokensAsync(person.Email!);

        var status = await (await api.GetWithTokenAsync("/api/customer-id/security/status", tokens.Access())).JsonAsync();

        var checks = status.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!, c => c.GetProperty("passed").GetBoolean());
        Assert.Equal(new Dictionary<string, bool>
        {
            ["EmailConfirmed"] = false, ["PhoneVerified"] = false, ["TwoFactorOn"] = false, ["PasswordRecent"] = true, ["NoOpenAlerts"] = true,
        }, checks);
        Assert.Equal(2, status.GetProperty("score").GetInt32());
        Assert.Equal(5, status.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Activity_pages_with_the_before_cursor()
    {
        var person = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        for (var i = 0; i < 4; i++) await api.TokensAsync(person.Email!);
        var tokens = await api.TokensAsync(person.Email!);

        var first = await (await api.GetWithTokenAsync("/api/customer-id/security/activity?take=3", tokens.Access())).JsonAsync();
        var before = first.GetProperty("nextBefore").GetInt64();
        var second = await (await api.GetWithTokenAsync($"/api/customer-id/security/activity?take=3&before={before}", tokens.Access())).JsonAsync();

        Assert.Equal(3, first.GetProperty("items").GetArrayLength());
        Assert.Equal(2, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextBefore").ValueKind);
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        var item = first.GetProperty("items")[0];
        Assert.Equal("SignedIn", item.GetProperty("kind").GetString());
        Assert.Equal("Signed in to the app", item.GetProperty("text").GetString());
        await (await api.GetWithTokenAsync("/api/customer-id/security/activity?take=0", tokens.Access())).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
