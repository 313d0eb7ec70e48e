using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Chat;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Tests.Chat;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ScaleOut;

/// <summary>
/// One person's browser: one cookie jar, sent to whichever instance the load balancer picks (cookies ignore the port).
/// </summary>
public sealed class Browser : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly List<HttpClient> _clients = [];

    public PortalClient On(PortalInstance instance)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = instance.RootUrl };
        _clients.Add(http);
        return new PortalClient(http);
    }

    /// <summary>A hub connection to <paramref name="instance"/> on this browser's cookies (WebSockets, as in a browser).</summary>
    public async Task<HubConnection> ConnectAsync(PortalInstance instance)
    {
        var cookie = _cookies.GetCookieHeader(instance.RootUrl);
        var hub = new HubConnectionBuilder().WithUrl(instance.Url("/hubs/chat"), o => o.Headers["Cookie"] = cookie).Build();
        await hub.StartAsync();
        // One round trip: the server has run OnConnectedAsync (presence, groups) before it answers.
        try { await hub.InvokeAsync("ConnectionReady"); } catch (Microsoft.AspNetCore.SignalR.HubException) { }
        return hub;
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }
}

public sealed class TwoInstancesTests(ScaleOutCluster cluster) : IClassFixture<ScaleOutCluster>
{
    [Fact]
    public async Task A_customer_on_one_instance_chats_with_an_agent_on_the_other()
    {
        using var agentBrowser = new Browser();
        using var customerBrowser = new Browser();
        await agentBrowser.On(cluster.A).SignInAsync("agent@demo.local");
        var customerOnB = customerBrowser.On(cluster.B);
        await customerOnB.SignInAsync("customer@demo.local");

        // Nobody at the console yet: B says so.
        Assert.NotNull((await customerOnB.GetDocumentAsync("/support/chat")).GetElementById("chat-unavailable"));

        // The agent opens the console on A; the customer on B now sees someone online.
        await using var agentHub = await agentBrowser.ConnectAsync(cluster.A);
        var onB = await customerOnB.GetDocumentAsync("/support/chat");
        Assert.NotNull(onB.GetElementById("start-chat"));

        // The cookie B issued signs the customer in on A, and B's antiforgery token is accepted there.
        var customerOnA = customerBrowser.On(cluster.A);
        var chatOnA = await customerOnA.Http.GetAsync("/support/chat");
        Assert.Equal(HttpStatusCode.OK, chatOnA.StatusCode);
        var startForm = onB.QuerySelector<IHtmlFormElement>("form[action*='handler=start']")!;
        var fields = startForm.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        Assert.Contains(fields, f => f.Key == "__RequestVerificationToken");
        var started = await customerOnA.Http.PostAsync(startForm.GetAttribute("action"), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);

        var chat = (await customerOnB.GetDocumentAsync("/support/chat")).GetElementById("chat")!;
        var conversationId = long.Parse(chat.GetAttribute("data-conversation-id")!);
        await using var customerHub = await customerBrowser.ConnectAsync(cluster.B);

        // The agent accepts on A; B's customer hears it through Redis.
        var accepted = customerHub.NextAsync<ChatConversationDto>("accepted", c => c.Id == conversationId);
        await agentHub.InvokeAsync<ChatStateDto>("Accept", conversationId);
        await accepted;

        var toAgent = agentHub.NextAsync<ChatMessageDto>("message", m => m.Body == "Hello from instance B");
        await customerHub.InvokeAsync<ChatMessageDto>("SendMessage", conversationId, Guid.NewGuid().ToString(), "Hello from instance B");
        Assert.Equal("Customer", (await toAgent).Sender.ToString());

        var toCustomer = customerHub.NextAsync<ChatMessageDto>("message", m => m.Body == "Hello from instance A");
        await agentHub.InvokeAsync<ChatMessageDto>("SendMessage", conversationId, Guid.NewGuid().ToString(), "Hello from instance A");
        Assert.Equal("Agent", (await toCustomer).Sender.ToString());
    }

    [Fact]
    public async Task Events_raised_on_either_instance_are_handled_exactly_once()
    {
        var raised = new List<Guid>();
        foreach (var instance in new[] { cluster.A, cluster.B })
        {
            await using var scope = instance.Services.CreateAsyncScope();
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            for (var i = 0; i < 10; i++) outbox.Raise(new ScaleOutProbe($"probe-{instance.Name}-{i % 3}", i));
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
            raised.AddRange(await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.Type == nameof(ScaleOutProbe) && m.StreamKey.StartsWith("probe-" + instance.Name)).Select(m => m.EventId).ToListAsync());
        }

        // Both instances' dispatchers run in the background; wait until the outbox has delivered all twenty.
        await using (var scope = cluster.A.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await db.Set<OutboxMessage>().AsNoTracking().CountAsync(m => raised.Contains(m.EventId) && m.ProcessedAtUtc == null) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "The outbox did not deliver the probe events within 60 s.");
                await Task.Delay(100);
            }
        }

        var handled = cluster.Handled.Where(h => raised.Contains(h.EventId)).ToList();
        Assert.Equal(20, raised.Count);
        Assert.Equal(raised.Order(), handled.Select(h => h.EventId).Order());
    }

    [Fact]
    public async Task Both_instances_are_ready_with_Redis_in_their_checks()
    {
        foreach (var instance in new[] { cluster.A, cluster.B })
        {
            using var http = new HttpClient { BaseAddress = instance.RootUrl };
            var response = await http.GetAsync("/healthz/ready");
            var body = await response.Content.ReadAsStringAsync();
            using var json = System.Text.Json.JsonDocument.Parse(body);
            var checks = json.RootElement.GetProperty("checks");
            Assert.Equal("Healthy", checks.GetProperty("redis").GetProperty("status").GetString());
            Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Sign_in_attempts_for_one_account_count_on_both_instances()
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimits:SignInPerAccountPerMinute"] = "3" }).Build();
        using var onA = new Portal.Shell.Api.SignInLimiter(config, cluster.A.Services.GetRequiredService<Portal.Shell.Api.FixedWindows>());
        using var onB = new Portal.Shell.Api.SignInLimiter(config, cluster.B.Services.GetRequiredService<Portal.Shell.Api.FixedWindows>());
        var account = $"limited-{Guid.NewGuid():N}@example.com";

        Assert.Null(await onA.AttemptAsync(account));
        Assert.Null(await onB.AttemptAsync(account));
        Assert.Null(await onA.AttemptAsync(account));

        var wait = await onB.AttemptAsync(account);
        Assert.NotNull(wait);
        Assert.InRange(wait.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Null(await onB.AttemptAsync("someone-else@example.com"));
    }
}
