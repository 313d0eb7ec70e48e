using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Portal.Chat;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Chat;

/// <summary>A signed-in person with a browser-like HTTP client and, when asked, a hub connection on the same cookie.</summary>
public sealed class ChatUser(PortalFactory factory, PortalClient client, CookieContainer cookies, string userId) : IAsyncDisposable
{
    public PortalClient Client { get; } = client;
    public string UserId { get; } = userId;
    private HubConnection? _hub;

    public HubConnection Hub => _hub ?? throw new InvalidOperationException("Call ConnectAsync first.");

    /// <summary>
    /// Connects to /hubs/chat over the test server with this user's sign-in cookie: long polling, or with
    /// <paramref name="webSockets"/> TestServer's WebSocket client, as browsers connect (no HTTP request per message).
    /// </summary>
    public async Task<HubConnection> ConnectAsync(bool webSockets = false)
    {
        var cookie = cookies.GetCookieHeader(factory.ClientOptions.BaseAddress);
        _hub = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.ClientOptions.BaseAddress, "/hubs/chat"), o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Headers["Cookie"] = cookie;
                if (!webSockets)
                {
                    o.Transports = HttpTransportType.LongPolling;
                    return;
                }
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = (context, ct) =>
                {
                    var client = factory.Server.CreateWebSocketClient();
                    client.ConfigureRequest = r => r.Headers.Cookie = cookie;
                    return new ValueTask<System.Net.WebSockets.WebSocket>(client.ConnectAsync(context.Uri, ct));
                };
            })
            .Build();
        await _hub.StartAsync();
        // StartAsync returns at the handshake, before the server's OnConnectedAsync (agent presence, groups) has run;
        // the server answers invocations only after it, so one round trip means the connection is fully set up.
        try { await _hub.InvokeAsync("ConnectionReady"); } catch (Microsoft.AspNetCore.SignalR.HubException) { }
        return _hub;
    }

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null) await _hub.DisposeAsync();
        Client.Dispose();
    }
}

public static class ChatTestKit
{
    /// <summary>A customer's chat accepted by an agent, both connected (long polling, or WebSockets when asked).</summary>
    public static async Task<(ChatUser Customer, ChatUser Agent, long Id)> AcceptedChatAsync(this PortalFactory factory, string customerName,
        string agentName, bool webSockets = false)
    {
        var agent = await factory.NewSignedInCustomerAsync(agentName, Roles.Agent);
        await agent.ConnectAsync(webSockets);
        var customer = await factory.NewSignedInCustomerAsync(customerName);
        var id = await customer.StartChatAsync();
        await customer.ConnectAsync(webSockets);
        await customer.Hub.InvokeAsync<ChatStateDto>("Join", id);
        var accepted = customer.Hub.NextAsync<ChatConversationDto>("accepted");
        await agent.Hub.InvokeAsync<ChatStateDto>("Accept", id);
        await accepted;
        return (customer, agent, id);
    }

    public static async Task<ChatUser> SignInAsync(this PortalFactory factory, string email, string password = PortalClient.DemoPassword)
    {
        var cookies = new CookieContainer();
        var http = factory.CreateDefaultClient(factory.ClientOptions.BaseAddress, new CookieContainerHandler(cookies));
        var client = new PortalClient(http);
        await client.SignInAsync(email, password);
        var id = await factory.WithServiceAsync<string, Microsoft.AspNetCore.Identity.UserManager<Core.Customers.PortalUser>>(
            async users => (await users.FindByEmailAsync(email))!.Id);
        return new ChatUser(factory, client, cookies, id);
    }

    /// <summary>A new customer of the test's own, signed in.</summary>
    public static async Task<ChatUser> NewSignedInCustomerAsync(this PortalFactory factory, string name, params string[] roles)
    {
        var user = await Customers.PeopleTestData.NewCustomerAsync(factory, name);
        if (roles.Length > 0)
            await factory.WithServiceAsync<bool, Microsoft.AspNetCore.Identity.UserManager<Core.Customers.PortalUser>>(
                async users => (await users.AddToRolesAsync((await users.FindByIdAsync(user.Id))!, roles)).Succeeded);
        return await factory.SignInAsync(user.Email!);
    }

    /// <summary>Presses "Start a chat" on /support/chat and returns the chat it opened.</summary>
    public static async Task<long> StartChatAsync(this ChatUser customer)
    {
        var before = await customer.Client.GetDocumentAsync("/support/chat");
        if (before.QuerySelector("form[action*='handler=start']") is null)
            throw new InvalidOperationException("No start button: " + before.QuerySelector("main")?.TextContent);
        var response = await customer.Client.SubmitFormAsync("/support/chat", "form[action*='handler=start']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await customer.Client.GetDocumentAsync("/support/chat");
        var chat = page.QuerySelector("#chat") ?? throw new InvalidOperationException("No chat opened: " + page.QuerySelector("main")?.TextContent);
        return long.Parse(chat.GetAttribute("data-conversation-id")!);
    }

    public static Task<T> ChatAsync<T>(this PortalFactory factory, Func<ChatService, Task<T>> use) =>
        factory.WithServiceAsync(use);

    /// <summary>Completes with the first <paramref name="method"/> event matching <paramref name="match"/>.</summary>
    public static Task<T> NextAsync<T>(this HubConnection hub, string method, Func<T, bool>? match = null)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        IDisposable? subscription = null;
        subscription = hub.On<T>(method, value =>
        {
            if (match is not null && !match(value)) return;
            done.TrySetResult(value);
            subscription?.Dispose();
        });
        return done.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
