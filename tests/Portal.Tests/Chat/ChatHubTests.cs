using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Chat;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Chat;

public class ChatHubTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>A customer in an accepted chat with an agent, both connected and in the chat's group.</summary>
    private async Task<(ChatUser Customer, ChatUser Agent, long Id)> AcceptedChatAsync(string customerName = "Sam Chat")
    {
        var agent = await factory.NewSignedInCustomerAsync("Omar Console", Roles.Agent);
        await agent.ConnectAsync();
        var customer = await factory.NewSignedInCustomerAsync(customerName);
        var id = await customer.StartChatAsync();
        await customer.ConnectAsync();
        await customer.Hub.InvokeAsync<ChatStateDto>("Join", id);
        var accepted = customer.Hub.NextAsync<ChatConversationDto>("accepted");
        await agent.Hub.InvokeAsync<ChatStateDto>("Accept", id);
        Assert.Equal("Omar Console", (await accepted).AgentName);
        return (customer, agent, id);
    }

    [Fact]
    public async Task A_customer_cannot_join_read_or_write_someone_elses_chat()
    {
        var (sam, agent, id) = await AcceptedChatAsync();
        await using var _ = sam;
        await using var __ = agent;
        await using var layla = await factory.NewSignedInCustomerAsync("Layla Other");
        var hub = await layla.ConnectAsync();
        var overheard = 0;
        hub.On<ChatMessageDto>("message", _ => Interlocked.Increment(ref overheard));

        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ChatStateDto>("Join", id));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<IReadOnlyList<ChatMessageDto>>("History", id, null));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "Let me in"));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("MarkRead", id, 1L));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Close", id));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ChatStateDto>("Accept", id));

        // Sam's next message reaches the agent but not Layla, and Layla's attempt was never stored.
        var seen = agent.Hub.NextAsync<ChatMessageDto>("message", m => m.Body == "Only for the agent");
        await sam.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "Only for the agent");
        await seen;
        var transcript = await factory.ChatAsync(c => c.TranscriptAsync(id, new ChatViewer(sam.UserId, false)));
        Assert.DoesNotContain(transcript!, m => m.Body == "Let me in");
        Assert.Equal(0, overheard);
    }

    [Fact]
    public async Task A_customer_cannot_take_agent_actions_on_their_own_chat()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Online", Roles.Agent);
        await agent.ConnectAsync();
        await using var customer = await factory.NewSignedInCustomerAsync("Sam Self");
        var id = await customer.StartChatAsync();
        var hub = await customer.ConnectAsync();

        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ChatStateDto>("Accept", id));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<AgentStateDto>("AgentState"));
        Assert.Equal(ConversationStatus.Waiting, (await factory.ChatAsync(c => c.FindAsync(id)))!.Status);
    }

    [Fact]
    public async Task A_duplicate_client_id_is_stored_and_broadcast_once()
    {
        var (customer, agent, id) = await AcceptedChatAsync();
        await using var _ = customer;
        await using var __ = agent;
        var clientId = Guid.NewGuid().ToString();
        var received = new List<ChatMessageDto>();
        agent.Hub.On<ChatMessageDto>("message", m => { lock (received) received.Add(m); });
        var marker = agent.Hub.NextAsync<ChatMessageDto>("message", m => m.Body == "marker");

        var first = await customer.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, clientId, "Where is my parcel?");
        var retry = await customer.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, clientId, "Where is my parcel?");
        // Events reach a connection in order: once the marker is in, a second broadcast of the retry would be too.
        await customer.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "marker");
        await marker;

        Assert.Equal(first.Id, retry.Id);
        lock (received) Assert.Single(received, m => m.ClientId == clientId);
        var transcript = await factory.ChatAsync(c => c.TranscriptAsync(id, new ChatViewer(customer.UserId, false)));
        Assert.Single(transcript!, m => m.ClientId.ToString() == clientId);
    }

    [Fact]
    public async Task A_broadcast_message_is_already_in_the_transcript()
    {
        var (customer, agent, id) = await AcceptedChatAsync();
        await using var _ = customer;
        await using var __ = agent;
        var broadcast = customer.Hub.NextAsync<ChatMessageDto>("message", m => m.Body == "Your parcel left the depot today.");

        await agent.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "Your parcel left the depot today.");
        var message = await broadcast;

        var page = await customer.Client.GetDocumentAsync("/support/chat");
        var line = page.GetElementById($"msg-{message.ClientId}");
        Assert.NotNull(line);
        Assert.Equal("Your parcel left the depot today.", line.QuerySelector("[data-body]")!.TextContent);
        Assert.Equal(message.Id.ToString(), line.GetAttribute("data-id"));
    }

    [Fact]
    public async Task Arabic_text_round_trips_unchanged()
    {
        var (customer, agent, id) = await AcceptedChatAsync("ليلى المحادثة");
        await using var _ = customer;
        await using var __ = agent;
        const string text = "مرحبًا، طلبي رقم 4821 لم يصل بعد (order #4821)";
        var broadcast = agent.Hub.NextAsync<ChatMessageDto>("message", m => m.Sender == "Customer");

        await customer.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), text);

        var received = await broadcast;
        Assert.Equal(text, received.Body);
        Assert.Equal("ليلى المحادثة", received.SenderName);
        var history = await agent.Hub.InvokeAsync<IReadOnlyList<ChatMessageDto>>("History", id, null);
        Assert.Equal(text, history[^1].Body);
        var page = await customer.Client.GetDocumentAsync("/support/chat");
        Assert.Contains(page.QuerySelectorAll("#chat-messages [data-body]"), b => b.TextContent == text && b.GetAttribute("dir") == "auto");
    }

    [Fact]
    public async Task Script_in_a_message_comes_back_encoded_in_the_page()
    {
        var (customer, agent, id) = await AcceptedChatAsync();
        await using var _ = customer;
        await using var __ = agent;
        const string text = "<script>alert('x')</script><img src=x onerror=alert(1)>";

        await customer.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), text);

        var html = await customer.Client.Http.GetStringAsync("/support/chat");
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html);
        var page = await customer.Client.GetDocumentAsync("/support/chat");
        Assert.Contains(page.QuerySelectorAll("#chat-messages [data-body]"), b => b.TextContent == text);
        Assert.Empty(page.QuerySelectorAll("#chat-messages img"));
    }

    [Fact]
    public async Task Typing_and_read_receipts_reach_the_other_side()
    {
        var (customer, agent, id) = await AcceptedChatAsync();
        await using var _ = customer;
        await using var __ = agent;
        var typing = agent.Hub.NextAsync<TypingEvent>("typing");
        await customer.Hub.InvokeAsync("Typing", id);
        Assert.Equal(("Customer", id), ((await typing).Side, (await typing).ConversationId));

        var sent = await customer.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "Are you there?");
        var read = customer.Hub.NextAsync<ReadEvent>("read");
        await agent.Hub.InvokeAsync("MarkRead", id, sent.Id);

        Assert.Equal(new ReadEvent(id, "Agent", sent.Id), await read);
    }

    [Fact]
    public async Task Waiting_customers_hear_their_place_in_the_queue_move()
    {
        await using var agent = await factory.NewSignedInCustomerAsync("Omar Queue", Roles.Agent);
        await agent.ConnectAsync();
        await using var first = await factory.NewSignedInCustomerAsync("First In Line");
        await using var second = await factory.NewSignedInCustomerAsync("Second In Line");
        var firstId = await first.StartChatAsync();
        var secondId = await second.StartChatAsync();
        await second.ConnectAsync();
        var state = await second.Hub.InvokeAsync<ChatStateDto>("Join", secondId);
        var position = state.Conversation.QueuePosition!.Value;
        var movedUp = second.Hub.NextAsync<QueueEvent>("queue", q => q.ConversationId == secondId && q.Position == position - 1);

        await agent.Hub.InvokeAsync<ChatStateDto>("Accept", firstId);

        await movedUp;
    }

    [Fact]
    public async Task Transfer_moves_the_chat_live_to_the_other_agent()
    {
        var (customer, omar, id) = await AcceptedChatAsync();
        await using var _ = customer;
        await using var __ = omar;
        await using var nadia = await factory.NewSignedInCustomerAsync("Nadia Console", Roles.Agent);
        await nadia.ConnectAsync();
        var assigned = nadia.Hub.NextAsync<ChatConversationDto>("assigned", c => c.Id == id);
        var toldCustomer = customer.Hub.NextAsync<ChatConversationDto>("transferred");

        await omar.Hub.InvokeAsync("Transfer", id, nadia.UserId);

        Assert.Equal(nadia.UserId, (await assigned).AgentUserId);
        Assert.Equal("Nadia Console", (await toldCustomer).AgentName);
        await nadia.Hub.InvokeAsync<ChatStateDto>("Join", id);
        await Assert.ThrowsAsync<HubException>(() => omar.Hub.InvokeAsync<ChatMessageDto>("SendMessage", id, Guid.NewGuid().ToString(), "still me"));
        await Assert.ThrowsAsync<HubException>(() => nadia.Hub.InvokeAsync("Transfer", id, customer.UserId));
    }

    [Fact]
    public async Task Without_signing_in_there_is_no_hub()
    {
        using var anonymous = factory.NewClient();
        var response = await anonymous.Http.PostAsync("/hubs/chat/negotiate?negotiateVersion=1", null);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    public sealed record TypingEvent(long ConversationId, string Side, string Name);
    public sealed record ReadEvent(long ConversationId, string Side, long MessageId);
    public sealed record QueueEvent(long ConversationId, int Position);
}
