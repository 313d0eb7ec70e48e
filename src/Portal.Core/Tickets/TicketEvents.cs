using Portal.Core.Events;

namespace Portal.Core.Tickets;

// A ticket without a customer (a contact-form ticket) is its own stream.

public sealed record TicketCreated(string? UserId, int TicketId, int Number) : IDomainEvent
{
    public string StreamKey => UserId ?? $"ticket:{TicketId}";
}

/// <param name="MessageId">The <see cref="TicketComment"/> id of the reply.</param>
public sealed record TicketAgentReplied(string? UserId, int TicketId, int MessageId) : IDomainEvent
{
    public string StreamKey => UserId ?? $"ticket:{TicketId}";
}

/// <param name="From">A <see cref="TicketStatus"/> name.</param>
public sealed record TicketStatusChanged(string? UserId, int TicketId, string From, string To) : IDomainEvent
{
    public string StreamKey => UserId ?? $"ticket:{TicketId}";
}
