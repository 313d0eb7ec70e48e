using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

public class AssignmentTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    public async Task InitializeAsync() => _db = await CoreDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Of_agents_taking_the_same_ticket_at_once_exactly_one_wins()
    {
        var ticket = await _db.OpenTicketAsync(await _db.AddCustomerAsync());
        var agents = new List<TicketActor>();
        for (var i = 0; i < 4; i++) agents.Add(await _db.AddAgentAsync($"Agent {i}"));

        var results = await Task.WhenAll(agents.Select(a => Task.Run(() => _db.TicketsAsync(t => t.TakeAsync(a, ticket.Number)))));

        var winner = Assert.Single(results, r => r.Succeeded);
        var stored = await _db.TicketAsync(ticket.Number);
        Assert.Equal(winner.Ticket!.AssignedAgentId, stored.AssignedAgentId);
        Assert.All(results.Where(r => !r.Succeeded), r =>
        {
            Assert.Equal(TicketError.AlreadyAssigned, r.Error);
            Assert.Equal(stored.AssignedAgentName, r.AssignedTo);
        });
        var view = await _db.QueryAsync(q => q.ViewAsync(agents[0], ticket.Number));
        Assert.Single(view!.Timeline, e => e.Event?.Kind == TicketEventKind.Assigned);
    }

    [Fact]
    public async Task A_taken_ticket_tells_the_next_agent_who_has_it()
    {
        var ticket = await _db.OpenTicketAsync(await _db.AddCustomerAsync());
        var omar = await _db.AddAgentAsync("Omar");
        var huda = await _db.AddAgentAsync("Huda");
        await _db.TicketsAsync(t => t.TakeAsync(omar, ticket.Number));

        var result = await _db.TicketsAsync(t => t.TakeAsync(huda, ticket.Number));

        Assert.Equal(TicketError.AlreadyAssigned, result.Error);
        Assert.Equal("Omar", result.AssignedTo);
    }

    [Fact]
    public async Task An_agent_can_hand_a_ticket_to_another_agent_but_not_to_a_customer()
    {
        var customer = await _db.AddCustomerAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        var omar = await _db.AddAgentAsync("Omar");
        var huda = await _db.AddAgentAsync("Huda");

        Assert.True((await _db.TicketsAsync(t => t.AssignAsync(omar, ticket.Number, huda.UserId))).Succeeded);
        Assert.Equal(TicketError.UnknownAgent, (await _db.TicketsAsync(t => t.AssignAsync(omar, ticket.Number, customer.UserId))).Error);
        Assert.Equal("Huda", (await _db.TicketAsync(ticket.Number)).AssignedAgentName);
    }

    [Fact]
    public async Task The_queue_pins_urgent_tickets_then_shows_the_oldest_first()
    {
        var customer = await _db.AddCustomerAsync();
        var agent = await _db.AddAgentAsync();
        async Task<int> Open(TicketPriority priority)
        {
            _db.Clock.Now = _db.Clock.Now.AddMinutes(1);
            var r = await _db.TicketsAsync(t => t.CreateAsync(customer, new NewTicket("Q", TicketCategory.Other, priority, "?"), []));
            return r.Ticket!.Number;
        }
        var oldNormal = await Open(TicketPriority.Normal);
        var newerHigh = await Open(TicketPriority.High);
        var urgent = await Open(TicketPriority.Urgent);
        var mine = await Open(TicketPriority.Low);
        await _db.TicketsAsync(t => t.TakeAsync(agent, mine));

        var unassigned = await _db.QueryAsync(q => q.QueueAsync(agent, new QueueFilter(QueueScope.Unassigned, TicketStateMachine.Active, null)));
        var mineOnly = await _db.QueryAsync(q => q.QueueAsync(agent, new QueueFilter(QueueScope.Mine, null, null)));
        var high = await _db.QueryAsync(q => q.QueueAsync(agent, new QueueFilter(QueueScope.All, null, TicketPriority.High)));

        Assert.Equal([urgent, oldNormal, newerHigh], unassigned.Tickets.Select(t => t.Number));
        Assert.Equal([mine], mineOnly.Tickets.Select(t => t.Number));
        Assert.Equal([newerHigh], high.Tickets.Select(t => t.Number));
    }
}
