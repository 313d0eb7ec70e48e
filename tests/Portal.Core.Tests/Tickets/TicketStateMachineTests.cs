using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

public class TicketStateMachineTests
{
    [Theory]
    [InlineData(TicketStatus.New, TicketStatus.Open)]
    [InlineData(TicketStatus.Open, TicketStatus.Pending)]
    [InlineData(TicketStatus.Pending, TicketStatus.Open)]
    [InlineData(TicketStatus.Pending, TicketStatus.Resolved)]
    [InlineData(TicketStatus.Resolved, TicketStatus.Open)]
    [InlineData(TicketStatus.Resolved, TicketStatus.Closed)]
    [InlineData(TicketStatus.Open, TicketStatus.Closed)]
    public void Agents_may_make_the_forward_moves_and_reopen(TicketStatus from, TicketStatus to) =>
        Assert.Null(TicketStateMachine.Check(from, to, TicketActorKind.Agent));

    [Theory]
    [InlineData(TicketStatus.Open, TicketStatus.New)]
    [InlineData(TicketStatus.Resolved, TicketStatus.Pending)]
    [InlineData(TicketStatus.Open, TicketStatus.Open)]
    public void Moves_outside_the_table_are_invalid(TicketStatus from, TicketStatus to) =>
        Assert.Equal(TicketError.InvalidTransition, TicketStateMachine.Check(from, to, TicketActorKind.Agent));

    [Theory]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.New)]
    [InlineData(TicketStatus.Closed)]
    public void Closed_is_final_for_everyone(TicketStatus to)
    {
        Assert.Equal(TicketError.TicketClosed, TicketStateMachine.Check(TicketStatus.Closed, to, TicketActorKind.Agent));
        Assert.Equal(TicketError.TicketClosed, TicketStateMachine.Check(TicketStatus.Closed, to, TicketActorKind.Customer));
        Assert.Empty(TicketStateMachine.NextFor(TicketStatus.Closed, TicketActorKind.Agent));
    }

    [Fact]
    public void Customers_may_only_close()
    {
        Assert.Equal([TicketStatus.Closed], TicketStateMachine.NextFor(TicketStatus.Open, TicketActorKind.Customer));
        Assert.Equal(TicketError.InvalidTransition, TicketStateMachine.Check(TicketStatus.Open, TicketStatus.Resolved, TicketActorKind.Customer));
    }

    [Fact]
    public void The_system_only_closes_resolved_tickets()
    {
        Assert.Null(TicketStateMachine.Check(TicketStatus.Resolved, TicketStatus.Closed, TicketActorKind.System));
        Assert.Equal(TicketError.InvalidTransition, TicketStateMachine.Check(TicketStatus.Open, TicketStatus.Closed, TicketActorKind.System));
    }

    [Theory]
    [InlineData(TicketStatus.Pending, TicketStatus.Open)]
    [InlineData(TicketStatus.Resolved, TicketStatus.Open)]
    [InlineData(TicketStatus.New, TicketStatus.New)]
    [InlineData(TicketStatus.Open, TicketStatus.Open)]
    public void A_customer_reply_reopens_waiting_and_resolved_tickets(TicketStatus from, TicketStatus expected) =>
        Assert.Equal(expected, TicketStateMachine.ReopenOnCustomerReply(from));
}
