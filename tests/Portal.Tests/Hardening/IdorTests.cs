using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Security;
using Portal.Tests.Api;
using Portal.Tests.Chat;
using Portal.Tests.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Hardening;

/// <summary>
/// Another customer asks for the owner's things by id, through pages, htmx handlers and the API: they get 404 or 403,
/// never the data. (The hub's own IDOR checks are in Chat/ChatHubTests.)
/// </summary>
public class IdorTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Secret = "Owner-only secret 7Q2";

    private static HttpRequestMessage Bearer(HttpMethod method, string url, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden,
            $"{what}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        Assert.DoesNotContain(Secret, text);
    }

    [Fact]
    public async Task Another_customer_cannot_read_or_change_a_ticket_by_its_number()
    {
        var owner = await PeopleTestData.NewCustomerAsync(factory, "Olive Owner");
        var other = await PeopleTestData.NewCustomerAsync(factory, "Ivan Intruder");
        using var api = factory.NewApiClient();
        var ownerToken = (await api.TokensAsync(owner.Email!)).GetProperty("accessToken").GetString()!;
        var otherToken = (await api.TokensAsync(other.Email!)).GetProperty("accessToken").GetString()!;
        var created = await api.SendAsync(Bearer(HttpMethod.Post, "/api/customer-id/support/tickets", ownerToken,
            new { subject = Secret, category = "Orders", description = Secret + " body" }));
        Assert.True(created.IsSuccessStatusCode, $"create: {(int)created.StatusCode}");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Get, $"/api/customer-id/support/tickets/{id}", otherToken)), "API get");
        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Get, $"/api/customer-id/support/tickets/{id}/comments", otherToken)), "API comments");
        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Post, $"/api/customer-id/support/tickets/{id}/comments", otherToken, new { body = "hijack" })), "API comment");
        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Put, $"/api/customer-id/support/tickets/{id}", otherToken, new { status = "Closed" })), "API close");
        var list = await (await api.SendAsync(Bearer(HttpMethod.Get, "/api/customer-id/support/tickets", otherToken))).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, list);

        await using var intruder = await factory.SignInAsync(other.Email!);
        await AssertRefusedAsync(await intruder.Client.Http.GetAsync($"/tickets/{id}"), "page");
        using var htmx = new HttpRequestMessage(HttpMethod.Get, $"/tickets/{id}");
        htmx.Headers.Add("HX-Request", "true");
        await AssertRefusedAsync(await intruder.Client.Http.SendAsync(htmx), "page (htmx)");
        // A crafted reply with a valid token of the intruder's own: refused, and nothing stored.
        var reply = await intruder.Client.PostCraftedAsync("/tickets/new", $"/tickets/{id}?handler=reply", new Dictionary<string, string> { ["Input.Body"] = "hijack", ["Body"] = "hijack" });
        Assert.True(reply.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"page comment: {(int)reply.StatusCode}");
        var comments = await (await api.SendAsync(Bearer(HttpMethod.Get, $"/api/customer-id/support/tickets/{id}/comments", ownerToken))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("hijack", comments);
    }

    [Fact]
    public async Task Another_customer_cannot_read_a_chat_by_its_id()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Idor", Portal.Core.Customers.Roles.Agent);
        await agent.ConnectAsync();
        await using var owner = await factory.NewSignedInCustomerAsync("Olive Chat");
        var id = await owner.StartChatAsync();
        var hub = await owner.ConnectAsync();
        await Microsoft.AspNetCore.SignalR.Client.HubConnectionExtensions.InvokeAsync<Portal.Chat.ChatMessageDto>(hub, "SendMessage", id, Guid.NewGuid().ToString(), Secret);
        var other = await PeopleTestData.NewCustomerAsync(factory, "Ivan Chat");
        using var api = factory.NewApiClient();
        var otherToken = (await api.TokensAsync(other.Email!)).GetProperty("accessToken").GetString()!;

        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Get, $"/api/customer-id/chats/{id}", otherToken)), "API chat");
        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Get, $"/api/customer-id/chats/{id}/messages", otherToken)), "API transcript");
        await using var intruder = await factory.SignInAsync(other.Email!);
        var page = await intruder.Client.Http.GetAsync($"/support/chat/history/{id}");
        Assert.DoesNotContain(Secret, await page.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Another_customer_cannot_end_someone_elses_session()
    {
        var owner = await PeopleTestData.NewCustomerAsync(factory, "Olive Session");
        var other = await PeopleTestData.NewCustomerAsync(factory, "Ivan Session");
        using var api = factory.NewApiClient();
        var ownerToken = (await api.TokensAsync(owner.Email!)).GetProperty("accessToken").GetString()!;
        var otherToken = (await api.TokensAsync(other.Email!)).GetProperty("accessToken").GetString()!;
        var sessions = await factory.WithServiceAsync<IReadOnlyList<SessionLine>, SignInSessions>(s => s.ListAsync(owner.Id));
        var ownerSession = Assert.Single(sessions).Id;

        await AssertRefusedAsync(await api.SendAsync(Bearer(HttpMethod.Delete, $"/api/customer-id/security/sessions/{ownerSession}", otherToken)), "API end session");

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(Bearer(HttpMethod.Get, ApiTestClient.Me, ownerToken))).StatusCode);
        var list = await (await api.SendAsync(Bearer(HttpMethod.Get, "/api/customer-id/security/sessions", otherToken))).Content.ReadAsStringAsync();
        Assert.DoesNotContain(ownerSession, list);
    }
}
