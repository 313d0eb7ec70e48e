using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Notifications;
using Portal.Core.Security;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Security;

public class SecurityAlertsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private Task<SecurityAlert> RaiseAsync(string customerId, AlertKind kind = AlertKind.NewDevice) =>
        factory.WithServiceAsync<SecurityAlert, SecurityAlerts>(a => a.RaiseAsync(SecurityAlert.For(customerId, kind,
            factory.Clock.GetUtcNow().UtcDateTime, "192.0.2.7", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Safari/605.1")));

    private static Task<HttpResponseMessage> RespondAsync(HttpClient api, long id, string answer, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/customer-id/security/alerts/{id}/respond") { Content = JsonContent.Create(new { answer }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return api.SendAsync(request);
    }

    [Fact]
    public async Task Alerts_come_in_pages_newest_first_in_the_callers_language()
    {
        var person = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var tokens = await api.TokensAsync(person.Email!);
        var first = await RaiseAsync(person.Id, AlertKind.FailedSignIns);
        await RaiseAsync(person.Id);
        var newest = await RaiseAsync(person.Id);

        var page = await (await api.GetWithTokenAsync("/api/customer-id/security/alerts?take=2", tokens.Access())).JsonAsync();
        var rest = await (await api.GetWithTokenAsync($"/api/customer-id/security/alerts?take=2&before={page.GetProperty("nextBefore").GetInt64()}", tokens.Access())).JsonAsync();

        Assert.Equal(newest.Id, page.GetProperty("items")[0].GetProperty("id").GetInt64());
        var item = page.GetProperty("items")[0];
        Assert.Equal(("NewDevice", "Open", "Sign-in from a new device", "Safari on iPhone"),
            (item.GetProperty("kind").GetString(), item.GetProperty("state").GetString(), item.GetProperty("text").GetString(), item.GetProperty("device").GetString()));
        Assert.Equal(first.Id, Assert.Single(rest.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextBefore").ValueKind);
        await (await api.GetWithTokenAsync("/api/customer-id/security/alerts?take=101", tokens.Access())).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Another_customers_alert_is_not_found_and_an_answered_one_is_a_conflict()
    {
        var owner = await factory.NewCustomerAsync();
        var other = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var ownerTokens = await api.TokensAsync(owner.Email!);
        var otherTokens = await api.TokensAsync(other.Email!);
        var alert = await RaiseAsync(owner.Id);

        await (await RespondAsync(api, alert.Id, "wasNotMe", otherTokens.Access())).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var answered = await (await RespondAsync(api, alert.Id, "wasMe", ownerTokens.Access())).JsonAsync();
        Assert.Equal("WasCustomer", answered.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await RespondAsync(api, alert.Id, "wasMe", ownerTokens.Access())).StatusCode);
        await (await RespondAsync(api, alert.Id, "wasNotMe", ownerTokens.Access())).AssertProblemAsync(HttpStatusCode.Conflict, "alert_answered");
        await (await RespondAsync(api, alert.Id, "maybe", ownerTokens.Access())).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await api.GetWithTokenAsync(ApiTestClient.Me, otherTokens.Access())).StatusCode);
    }

    [Fact]
    public async Task This_was_not_me_signs_the_app_out_and_the_password_no_longer_works()
    {
        var person = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var tokens = await api.TokensAsync(person.Email!);
        var alert = await RaiseAsync(person.Id);

        var answered = await (await RespondAsync(api, alert.Id, "wasNotMe", tokens.Access())).JsonAsync();

        Assert.Equal("NotCustomer", answered.GetProperty("state").GetString());
        await (await api.GetWithTokenAsync(ApiTestClient.Me, tokens.Access())).AssertProblemAsync(HttpStatusCode.Unauthorized, "session_ended");
        Assert.NotEqual(HttpStatusCode.OK, (await api.LoginAsync(person.Email!, PortalClient.DemoPassword)).StatusCode);
    }

    [Fact]
    public async Task An_alert_reaches_the_customer_through_the_security_topic()
    {
        var person = await factory.NewCustomerAsync();
        await RaiseAsync(person.Id, AlertKind.FailedSignIns);

        factory.DispatchEvents();

        var inbox = await factory.WithServiceAsync<Paged<InboxItem>, NotificationInbox>(i => i.PageAsync(person.Id, 1));
        var item = Assert.Single(inbox.Items, i => i.Title == "Several wrong passwords in a short time");
        Assert.Equal("/security#alerts", item.Link);
    }
}
