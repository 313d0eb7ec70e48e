using Microsoft.AspNetCore.SignalR;
using Portal.Core.Chat;

namespace Portal.Chat;

/// <summary>
/// Tells connected browsers what changed. Called only after the change is stored, from the hub and from page
/// handlers alike, so a client that misses an event still finds the state when it refetches.
/// </summary>
public sealed class ChatBroadcaster(IHubContext<ChatHub> hub, ChatService chat)
{
    public const string AgentsGroup = "agents";

    public static string Group(long conversationId) => $"chat-{conversationId}";

    /// <summary>Every waiting customer hears their place in line; agents get the new waiting list.</summary>
    public async Task QueueChangedAsync(CancellationToken ct = default)
    {
        var waiting = await chat.WaitingAsync(ct);
        for (var i = 0; i < waiting.Count; i++)
            await hub.Clients.Group(Group(waiting[i].Id)).SendAsync("queue", new { conversationId = waiting[i].Id, position = i + 1 }, ct);
        await hub.Clients.Group(AgentsGroup).SendAsync("waiting", waiting.Select((c, i) => ChatConversationDto.From(c, i + 1)).ToList(), ct);
    }

    public Task MessageAsync(MessageView message, CancellationToken ct = default) =>
        hub.Clients.Group(Group(message.ConversationId)).SendAsync("message", ChatMessageDto.From(message), ct);

    public Task AcceptedAsync(ConversationView conversation, CancellationToken ct = default) =>
        hub.Clients.Group(Group(conversation.Id)).SendAsync("accepted", ChatConversationDto.From(conversation), ct);

    /// <summary>Every tab of <paramref name="agentUserId"/> opens the chat (after accepting in one tab, or a transfer).</summary>
    public Task AssignedAsync(string agentUserId, ConversationView conversation, CancellationToken ct = default) =>
        hub.Clients.User(agentUserId).SendAsync("assigned", ChatConversationDto.From(conversation), ct);

    public Task TransferredAsync(ConversationView conversation, CancellationToken ct = default) =>
        hub.Clients.Group(Group(conversation.Id)).SendAsync("transferred", ChatConversationDto.From(conversation), ct);

    public async Task ClosedAsync(ConversationView conversation, CancellationToken ct = default)
    {
        await hub.Clients.Group(Group(conversation.Id)).SendAsync("closed", ChatConversationDto.From(conversation), ct);
        if (conversation.Status == ConversationStatus.Abandoned) await QueueChangedAsync(ct);
    }
}
