using Portal.Core.Chat;

namespace Portal.Chat;

/// <summary>What the browser gets for a message (camelCase JSON over SignalR).</summary>
public sealed record ChatMessageDto(long Id, long ConversationId, string ClientId, string Sender, string SenderName, string Body, DateTime SentUtc)
{
    public static ChatMessageDto From(MessageView m) =>
        new(m.Id, m.ConversationId, m.ClientId.ToString(), m.Sender.ToString(), m.SenderName, m.Body, m.SentUtc);
}

public sealed record ChatConversationDto(
    long Id, string Status, string CustomerUserId, string CustomerName, string? AgentUserId, string? AgentName, DateTime CreatedUtc,
    long? CustomerLastReadMessageId, long? AgentLastReadMessageId, int? QueuePosition)
{
    public static ChatConversationDto From(ConversationView c, int? queuePosition = null) =>
        new(c.Id, c.Status.ToString(), c.CustomerUserId, c.CustomerName, c.AgentUserId, c.AgentName, c.CreatedUtc,
            c.CustomerLastReadMessageId, c.AgentLastReadMessageId, queuePosition);
}

/// <summary>A conversation as a participant sees it on (re)connect: the whole transcript, to merge with what is shown.</summary>
public sealed record ChatStateDto(ChatConversationDto Conversation, IReadOnlyList<ChatMessageDto> Messages);

public sealed record AgentStateDto(IReadOnlyList<ChatConversationDto> Waiting, IReadOnlyList<ChatConversationDto> Mine, IReadOnlyList<AgentSummary> Agents);

/// <summary>One line of a server-rendered transcript, as seen from <see cref="MySide"/>.</summary>
public sealed record ChatLine(MessageView Message, ChatSender MySide, bool Read)
{
    public bool IsMine => Message.Sender == MySide;

    public static IReadOnlyList<ChatLine> For(IEnumerable<MessageView> messages, ChatSender mySide, long? readByOtherSide) =>
        messages.Select(m => new ChatLine(m, mySide, m.Sender == mySide && m.Id <= (readByOtherSide ?? 0))).ToList();
}
