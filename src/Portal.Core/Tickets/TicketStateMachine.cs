namespace Portal.Core.Tickets;

/// <summary>Who asks for a move: the ticket's customer, an agent, or the system (auto-close).</summary>
public enum TicketActorKind { Customer, Agent, System }

/// <summary>
/// The one place that says which status moves exist and who may make them:
/// New → Open → Pending (waiting on the customer) → Resolved → Closed, with reopening from Pending and Resolved.
/// Closed is final. Customers may only close; a customer's reply reopens through <see cref="ReopenOnCustomerReply"/>.
/// </summary>
public static class TicketStateMachine
{
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Moves = new()
    {
        [TicketStatus.New] = [TicketStatus.Open, TicketStatus.Pending, TicketStatus.Resolved, TicketStatus.Closed],
        [TicketStatus.Open] = [TicketStatus.Pending, TicketStatus.Resolved, TicketStatus.Closed],
        [TicketStatus.Pending] = [TicketStatus.Open, TicketStatus.Resolved, TicketStatus.Closed],
        [TicketStatus.Resolved] = [TicketStatus.Open, TicketStatus.Closed],
        [TicketStatus.Closed] = [],
    };

    /// <summary>Null when <paramref name="by"/> may move a ticket from <paramref name="from"/> to <paramref name="to"/>; otherwise why not.</summary>
    public static TicketError? Check(TicketStatus from, TicketStatus to, TicketActorKind by)
    {
        if (from == TicketStatus.Closed) return TicketError.TicketClosed;
        if (!Moves[from].Contains(to)) return TicketError.InvalidTransition;
        return by switch
        {
            TicketActorKind.Customer when to != TicketStatus.Closed => TicketError.InvalidTransition,
            TicketActorKind.System when !(from == TicketStatus.Resolved && to == TicketStatus.Closed) => TicketError.InvalidTransition,
            _ => null,
        };
    }

    public static IReadOnlyList<TicketStatus> NextFor(TicketStatus from, TicketActorKind by) =>
        Moves[from].Where(to => Check(from, to, by) is null).ToList();

    /// <summary>Where a customer's reply takes the ticket: waiting or resolved tickets are open again.</summary>
    public static TicketStatus ReopenOnCustomerReply(TicketStatus status) =>
        status is TicketStatus.Pending or TicketStatus.Resolved ? TicketStatus.Open : status;

    /// <summary>Where an agent's public reply takes the ticket: a new ticket has been picked up.</summary>
    public static TicketStatus OnAgentReply(TicketStatus status) =>
        status == TicketStatus.New ? TicketStatus.Open : status;

    public static bool CanBeRated(TicketStatus status) => status is TicketStatus.Resolved or TicketStatus.Closed;

    /// <summary>Still being worked on (the queue's default).</summary>
    public static readonly IReadOnlyList<TicketStatus> Active = [TicketStatus.New, TicketStatus.Open, TicketStatus.Pending];
}
