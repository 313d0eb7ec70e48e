using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;
using Portal.Core.Chat;
using Portal.Core.Customers;
using Portal.Security;
using Portal.Shell;

namespace Portal.Chat;

/// <summary>
/// /hubs/chat. Every call is checked against the caller: customers touch only their own conversation, agents only
/// the ones assigned to them (or waiting ones, to accept). Changes are stored first, then broadcast.
/// The website's cookie or the API's bearer token opens it (<see cref="ChatHubAuthentication"/>); agents work
/// through the cookie only. Refusals are <see cref="HubException"/>s reading "code: localized text"
/// (<see cref="ChatMessages.Refusal(IStringLocalizer, ChatError)"/>).
/// </summary>
[Authorize(AuthenticationSchemes = ChatHubAuthentication.Scheme)]
public sealed class ChatHub(ChatService chat, ChatPresence presence, ChatBroadcaster broadcast, ChatConnections connections,
    IStringLocalizer<SharedResource> s) : Hub
{
    public const string Path = "/hubs/chat";

    private string UserId => Context.User!.UserId();

    /// <summary>
    /// An agent by the database when the connection opened (never through an API token);
    /// <see cref="ChatRightsFilter"/> closes the connection once that stops being true.
    /// </summary>
    private bool IsAgent => Context.Items.TryGetValue(ChatRightsFilter.AgentItem, out var agent) && agent is true;
    private ChatViewer Viewer => new(UserId, IsAgent);
    private string? SessionId => Context.User!.FindFirstValue(SessionClaims.SessionId);

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        if (http is not null && ChatHubAuthentication.IsBearer(http.Request))
        {
            // A token lives an hour; a password change, lock or deleted account ends it here as in the API.
            var signIn = http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<PortalUser>>();
            if (await signIn.ValidateSecurityStampAsync(Context.User) is not { } user || await signIn.UserManager.IsLockedOutAsync(user))
                throw ChatMessages.Refusal(ChatMessages.SessionEndedCode, s["Sign in again to continue."]);
        }
        if (IsAgent)
        {
            await presence.AgentConnectedAsync(UserId, Context.ConnectionId);
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatBroadcaster.AgentsGroup);
        }
        await RejoinAsync();
        await base.OnConnectedAsync();
    }

    /// <summary>
    /// Every connection, the first and each after a reconnect, is put back into the groups of the caller's open
    /// chats, so nothing said meanwhile is missed for want of calling Join again.
    /// </summary>
    private async Task RejoinAsync()
    {
        var ct = Context.ConnectionAborted;
        if (await chat.OpenConversationAsync(UserId, ct) is { } mine)
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatBroadcaster.Group(mine.Id), ct);
        if (!IsAgent) return;
        foreach (var conversation in await chat.AgentChatsAsync(UserId, ct))
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatBroadcaster.Group(conversation.Id), ct);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (IsAgent) await presence.AgentDisconnectedAsync(UserId, Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Joins the conversation's group and returns everything so far: the client merges it by message id.</summary>
    public async Task<ChatStateDto> Join(long conversationId)
    {
        var conversation = await chat.FindForAsync(conversationId, Viewer, Context.ConnectionAborted) ?? throw NotAllowed();
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatBroadcaster.Group(conversationId));
        if (IsAgent && conversation.Status == ConversationStatus.Waiting) await presence.WatchingAsync(conversationId, UserId, Context.ConnectionId);
        return await StateAsync(conversation);
    }

    /// <summary>Messages after <paramref name="afterMessageId"/> (all when null).</summary>
    public async Task<IReadOnlyList<ChatMessageDto>> History(long conversationId, long? afterMessageId)
    {
        var messages = await chat.TranscriptAsync(conversationId, Viewer, afterMessageId, Context.ConnectionAborted) ?? throw NotAllowed();
        return messages.Select(ChatMessageDto.From).ToList();
    }

    public async Task<ChatMessageDto> SendMessage(long conversationId, string clientId, string body)
    {
        // Unreadable: refused as invalid once the rights are known to hold, as before.
        var id = Guid.TryParse(clientId, out var parsed) ? parsed : Guid.Empty;
        // The rights are checked in the send's own read (ChatRightsFilter leaves them to it); losing them ends it as there.
        var result = await chat.SendLiveAsync(conversationId, Viewer, SessionId, id, body, Context.ConnectionAborted);
        if (result.Error == ChatError.SessionEnded) connections.Close(Context);
        if (result.Value is not { } sent) throw Refused(result.Error!.Value);
        // Stored and committed: now everyone may hear of it. A retry found the stored one and was already told.
        if (sent.IsNew) await broadcast.MessageAsync(sent.Message);
        return ChatMessageDto.From(sent.Message);
    }

    public async Task Typing(long conversationId)
    {
        var conversation = await chat.FindAsync(conversationId, Context.ConnectionAborted);
        var role = conversation?.RoleOf(Viewer);
        if (conversation is not { IsOpen: true } || role is not (ChatRole.Customer or ChatRole.Agent)) throw NotAllowed();
        var side = role == ChatRole.Customer ? ChatSender.Customer : ChatSender.Agent;
        await Clients.OthersInGroup(ChatBroadcaster.Group(conversationId)).SendAsync("typing",
            new { conversationId, side = side.ToString(), name = Context.User!.DisplayName() });
    }

    public async Task MarkRead(long conversationId, long messageId)
    {
        var result = await chat.MarkReadAsync(conversationId, Viewer, messageId, Context.ConnectionAborted);
        if (!result.Succeeded) throw Refused(result.Error!.Value);
        if (result.Value is { } receipt)
            await Clients.Group(ChatBroadcaster.Group(conversationId)).SendAsync("read",
                new { conversationId, side = receipt.Side.ToString(), messageId = receipt.MessageId });
    }

    /// <summary>The agent console's starting point: the queue, the agent's own chats, and whom they can transfer to.</summary>
    public async Task<AgentStateDto> AgentState()
    {
        if (!IsAgent) throw NotAllowed();
        var ct = Context.ConnectionAborted;
        var waiting = await chat.WaitingAsync(ct);
        var mine = await chat.AgentChatsAsync(UserId, ct);
        var agents = (await chat.AgentsAsync(ct)).Where(a => a.UserId != UserId).ToList();
        return new AgentStateDto(waiting.Select((c, i) => ChatConversationDto.From(c, i + 1)).ToList(),
            mine.Select(c => ChatConversationDto.From(c)).ToList(), agents);
    }

    /// <summary>The console's online/away switch: away agents are not counted as online, so customers are offered a message instead.</summary>
    public async Task<bool> SetAway(bool away)
    {
        if (!IsAgent) throw NotAllowed();
        await presence.SetAwayAsync(UserId, away);
        return await presence.IsAwayAsync(UserId);
    }

    public Task<bool> IsAway()
    {
        if (!IsAgent) throw NotAllowed();
        return presence.IsAwayAsync(UserId);
    }

    public async Task<ChatStateDto> Accept(long conversationId)
    {
        var result = await chat.AcceptAsync(conversationId, Viewer, Context.ConnectionAborted);
        if (result.Value is not { } conversation) throw Refused(result.Error!.Value);
        var group = ChatBroadcaster.Group(conversationId);
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        // Agents who looked at it while it waited hear nothing more: only its customer and its agent stay. Their
        // connections may be on any instance; the backplane takes them out there and answers when done.
        var others = (await presence.WatchersAsync(conversationId))
            .Where(w => w.UserId != UserId && w.UserId != conversation.CustomerUserId).Select(w => w.ConnectionId).ToList();
        if (others.Count > 0)
        {
            var removals = Task.WhenAll(others.Select(c => Groups.RemoveFromGroupAsync(c, group)));
            // A connection that closed meanwhile never answers (the backplane gives up after 30 s): do not hold the accept.
            try { await removals.WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (TimeoutException) { }
        }
        await presence.ForgetWatchersAsync(conversationId);
        await broadcast.AcceptedAsync(conversation);
        if (await LastMessageAsync(conversationId, Viewer) is { } joined) await broadcast.MessageAsync(joined);
        await broadcast.AssignedAsync(UserId, conversation);
        await broadcast.QueueChangedAsync();
        return await StateAsync(conversation);
    }

    public async Task Transfer(long conversationId, string toAgentUserId)
    {
        var result = await chat.TransferAsync(conversationId, Viewer, toAgentUserId, Context.ConnectionAborted);
        if (result.Value is not { } conversation) throw Refused(result.Error!.Value);
        await broadcast.TransferredAsync(conversation);
        if (await LastMessageAsync(conversationId, new ChatViewer(toAgentUserId, true)) is { } joined) await broadcast.MessageAsync(joined);
        // The previous agent hears nothing more of this chat.
        foreach (var connection in await presence.ConnectionsOfAsync(UserId))
            await Groups.RemoveFromGroupAsync(connection, ChatBroadcaster.Group(conversationId));
        await broadcast.AssignedAsync(toAgentUserId, conversation);
    }

    public async Task Close(long conversationId)
    {
        var result = await chat.CloseAsync(conversationId, Viewer, Context.ConnectionAborted);
        if (result.Value is not { } conversation) throw Refused(result.Error!.Value);
        await broadcast.ClosedAsync(conversation);
    }

    private async Task<ChatStateDto> StateAsync(ConversationView conversation)
    {
        var ct = Context.ConnectionAborted;
        var messages = await chat.TranscriptAsync(conversation.Id, Viewer, null, ct) ?? [];
        var position = conversation.Status == ConversationStatus.Waiting ? await chat.QueuePositionAsync(conversation.Id, ct) : null;
        return new ChatStateDto(ChatConversationDto.From(conversation, position), messages.Select(ChatMessageDto.From).ToList());
    }

    /// <summary>The "joined" line accept and transfer just stored.</summary>
    private async Task<MessageView?> LastMessageAsync(long conversationId, ChatViewer viewer) =>
        (await chat.TranscriptAsync(conversationId, viewer, null, Context.ConnectionAborted))?.LastOrDefault();

    private HubException NotAllowed() => Refused(ChatError.NotAllowed);

    private HubException Refused(ChatError error) => ChatMessages.Refusal(s, error);
}
