using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Chat;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Chat;

/// <summary>Live chat as a phone app uses it: the REST endpoints and the hub, both with the API's bearer token.</summary>
public class ChatApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Chats = "/api/customer-id/chat";

    /// <summary>A customer of the test's own with an access token (no cookie anywhere).</summary>
    private async Task<(string UserId, string Token)> AppCustomerAsync()
    {
        var user = await factory.NewCustomerAsync();
        using var api = factory.NewApiClient();
        var tokens = await api.TokensAsync(user.Email!);
        return (user.Id, tokens.GetProperty("accessToken").GetString()!);
    }

    private HttpClient Api(string token)
    {
        var api = factory.NewApiClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return api;
    }

    /// <summary>A hub connection as the SignalR clients make it with <c>accessTokenFactory</c> (long polling: TestServer has no sockets).</summary>
    private async Task<HubConnection> ConnectAsync(string token, bool tokenInQuery = false)
    {
        var url = new Uri(factory.ClientOptions.BaseAddress, tokenInQuery ? $"/hubs/chat?access_token={Uri.EscapeDataString(token)}" : "/hubs/chat");
        var hub = new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (!tokenInQuery) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await hub.StartAsync();
        return hub;
    }

    private async Task<ChatUser> AgentOnlineAsync(string name)
    {
        var agent = await factory.NewSignedInCustomerAsync(name, Roles.Agent);
        await agent.ConnectAsync();
        return agent;
    }

    private static (string? Code, string Text) Refusal(HubException e) => ChatMessages.Split(e.Message);

    [Fact]
    public async Task An_app_chats_over_its_token_and_keeps_hearing_the_agent_after_a_reconnect()
    {
        await using var agent = await AgentOnlineAsync("Omar Token");
        var (_, token) = await AppCustomerAsync();
        using var api = Api(token);

        var start = await api.PostAsync(Chats, null);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var chat = await start.JsonAsync();
        var id = chat.GetProperty("id").GetInt64();
        Assert.Equal("Waiting", chat.GetProperty("status").GetString());
        Assert.True(chat.GetProperty("queuePosition").GetInt32() >= 1);
        // Starting again gives the same open chat.
        var again = await api.PostAsync(Chats, null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await again.JsonAsync()).GetProperty("id").GetInt64());

        // Connected with the token: in the chat's group without calling Join.
        await using var hub = await ConnectAsync(token);
        var accepted = hub.NextAsync<ChatConversationDto>("accepted");
        await agent.Hub.InvokeAsync<ChatStateDto>("Accept", id);
        Assert.Equal("Omar Token", (await accepted).AgentName);

        var heard = agent.Hub.NextAsync<ChatMessageDto>("message", m => m.Body == "Hello from the app");
        await hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "Hello from the app");
        Assert.Equal("Customer", (await heard).Sender);

        // A new connection (what a reconnect is to the server) is put back into the group by the server.
        await hub.StopAsync();
        await hub.StartAsync();
        var reply = hub.NextAsync<ChatMessageDto>("message", m => m.Body == "Still here after your reconnect");
        await agent.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "Still here after your reconnect");
        Assert.Equal("Agent", (await reply).Sender);

        // The transcript over REST, a page at a time.
        var first = await (await api.GetAsync($"{Chats}/{id}/messages?take=2")).JsonAsync();
        var items = first.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["joined", "Hello from the app"], items.Select(m => m.GetProperty("body").GetString()));
        Assert.Equal("System", items[0].GetProperty("sender").GetString());
        var next = first.GetProperty("nextAfterId").GetInt64();
        var rest = await (await api.GetAsync($"{Chats}/{id}/messages?afterId={next}&take=2")).JsonAsync();
        Assert.Equal("Still here after your reconnect", Assert.Single(rest.GetProperty("items").EnumerateArray()).GetProperty("body").GetString());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextAfterId").ValueKind);

        var list = await (await api.GetAsync(Chats)).JsonAsync();
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("Active", listed.GetProperty("status").GetString());
        Assert.Equal("Omar Token", listed.GetProperty("agentName").GetString());
    }

    [Fact]
    public async Task The_token_also_works_as_the_access_token_query_that_websockets_use()
    {
        await using var agent = await AgentOnlineAsync("Omar Query");
        var (_, token) = await AppCustomerAsync();
        using var api = Api(token);
        var id = (await (await api.PostAsync(Chats, null)).JsonAsync()).GetProperty("id").GetInt64();

        await using var hub = await ConnectAsync(token, tokenInQuery: true);
        var state = await hub.InvokeAsync<ChatStateDto>("Join", id);
        Assert.Equal("Waiting", state.Conversation.Status);
    }

    [Fact]
    public async Task A_bearer_negotiate_without_a_valid_token_gets_a_401_problem_not_a_sign_in_page()
    {
        using var api = factory.NewApiClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/chat/negotiate?negotiateVersion=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        var response = await api.SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Null(response.Headers.Location);

        var query = await api.PostAsync("/hubs/chat/negotiate?negotiateVersion=1&access_token=not-a-token", null);
        await query.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Another_customer_is_refused_with_a_code_and_an_agents_token_does_not_open_the_console()
    {
        await using var agent = await AgentOnlineAsync("Omar Guard");
        var (_, token) = await AppCustomerAsync();
        using var api = Api(token);
        var id = (await (await api.PostAsync(Chats, null)).JsonAsync()).GetProperty("id").GetInt64();

        var (_, otherToken) = await AppCustomerAsync();
        await using var other = await ConnectAsync(otherToken);
        var refused = await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<ChatStateDto>("Join", id));
        Assert.Equal("chat_not_allowed", Refusal(refused).Code);
        Assert.Equal("You cannot take part in this chat.", Refusal(refused).Text);
        var write = await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "Let me in"));
        Assert.Equal("chat_not_allowed", Refusal(write).Code);

        // An agent signing in through the API is a customer there: no queue, no accepting.
        var agentUser = await factory.NewCustomerAsync();
        await factory.WithServiceAsync<bool, Microsoft.AspNetCore.Identity.UserManager<PortalUser>>(async users =>
            (await users.AddToRoleAsync((await users.FindByIdAsync(agentUser.Id))!, Roles.Agent)).Succeeded);
        using var login = factory.NewApiClient();
        var agentToken = (await login.TokensAsync(agentUser.Email!)).GetProperty("accessToken").GetString()!;
        await using var agentByToken = await ConnectAsync(agentToken);
        Assert.Equal("chat_not_allowed", Refusal(await Assert.ThrowsAsync<HubException>(() => agentByToken.InvokeAsync<AgentStateDto>("AgentState"))).Code);
        Assert.Equal("not_an_agent", Refusal(await Assert.ThrowsAsync<HubException>(() => agentByToken.InvokeAsync<ChatStateDto>("Accept", id))).Code);
        Assert.Equal(ConversationStatus.Waiting, (await factory.ChatAsync(c => c.FindAsync(id)))!.Status);
    }

    [Fact]
    public async Task An_over_long_message_is_refused_and_the_connection_stays_open()
    {
        await using var agent = await AgentOnlineAsync("Omar Long");
        var (_, token) = await AppCustomerAsync();
        using var api = Api(token);
        var id = (await (await api.PostAsync(Chats, null)).JsonAsync()).GetProperty("id").GetInt64();
        await using var hub = await ConnectAsync(token);
        await agent.Hub.InvokeAsync<ChatStateDto>("Accept", id);

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), new string('x', 17 * 1024)));
        Assert.Equal("message_too_long", Refusal(refused).Code);
        Assert.Equal(HubConnectionState.Connected, hub.State);
        var sent = await hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "A short one");
        Assert.Equal("A short one", sent.Body);
    }

    [Fact]
    public async Task A_customer_reads_only_their_own_chats_over_rest()
    {
        await using var agent = await AgentOnlineAsync("Omar Idor");
        var (_, token) = await AppCustomerAsync();
        using var api = Api(token);
        var id = (await (await api.PostAsync(Chats, null)).JsonAsync()).GetProperty("id").GetInt64();

        var (_, otherToken) = await AppCustomerAsync();
        using var other = Api(otherToken);
        await (await other.GetAsync($"{Chats}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.GetAsync($"{Chats}/{id}/messages")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await (await other.GetAsync(Chats)).JsonAsync()).GetProperty("items").EnumerateArray());
        await (await api.GetAsync($"{Chats}/{id}/messages?take=101")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        // The site's cookie does not open the API.
        await using var cookie = await factory.NewSignedInCustomerAsync("Cookie Only");
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.Client.Http.GetAsync(Chats)).StatusCode);
    }

    [Fact]
    public async Task With_nobody_online_starting_is_refused_and_a_left_message_becomes_one_ticket()
    {
        await using var quiet = new PortalFactory();
        var user = await quiet.NewCustomerAsync();
        using var login = quiet.NewApiClient();
        var token = (await login.TokensAsync(user.Email!)).GetProperty("accessToken").GetString()!;
        using var api = quiet.NewApiClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.False((await (await api.GetAsync($"{Chats}/availability")).JsonAsync()).GetProperty("available").GetBoolean());
        await (await api.PostAsync(Chats, null)).AssertProblemAsync(HttpStatusCode.Conflict, ChatApi.UnavailableCode);

        var empty = await api.PostAsJsonAsync($"{Chats}/leave-message", new { message = " " });
        var problem = await empty.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("message", out _));

        HttpRequestMessage Leave() => new(HttpMethod.Post, $"{Chats}/leave-message")
        {
            Content = JsonContent.Create(new { message = "My card does not scan at the till." }),
            Headers = { { "Idempotency-Key", "leave-1" } },
        };
        var left = await api.SendAsync(Leave());
        Assert.Equal(HttpStatusCode.Created, left.StatusCode);
        var ticket = await left.JsonAsync();
        Assert.Equal("Message from live chat", ticket.GetProperty("subject").GetString());
        Assert.Equal("Other", ticket.GetProperty("category").GetString());
        var retry = await api.SendAsync(Leave());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var tickets = await (await api.GetAsync("/api/customer-id/support/tickets")).JsonAsync();
        Assert.Equal(ticket.GetProperty("id").GetInt32(), Assert.Single(tickets.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task The_chat_endpoints_are_in_the_openapi_document()
    {
        using var api = factory.NewApiClient();
        var paths = (await (await api.GetAsync("/openapi/v1.json")).JsonAsync()).GetProperty("paths");
        foreach (var path in new[] { Chats, $"{Chats}/availability", $"{Chats}/leave-message", $"{Chats}/{{id}}", $"{Chats}/{{id}}/messages" })
            Assert.True(paths.TryGetProperty(path, out _), path);
        var start = paths.GetProperty(Chats).GetProperty("post").GetProperty("responses");
        Assert.True(start.TryGetProperty("201", out _));
        Assert.True(start.TryGetProperty("409", out _));
        Assert.Contains(paths.GetProperty($"{Chats}/leave-message").GetProperty("post").GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Idempotency-Key");
    }
}
