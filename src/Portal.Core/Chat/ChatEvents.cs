using Portal.Core.Events;

namespace Portal.Core.Chat;

/// <summary>Nobody answered a chat; <paramref name="TicketId"/> is the ticket it became, if any.</summary>
public sealed record ChatMissed(string? UserId, long ConversationId, int? TicketId) : IDomainEvent
{
    public string StreamKey => UserId ?? $"chat:{ConversationId}";
}
