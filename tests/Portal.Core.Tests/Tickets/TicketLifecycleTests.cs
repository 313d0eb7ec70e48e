using Portal.Core.Tickets;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Tickets;

public class TicketLifecycleTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    public async Task InitializeAsync() => _db = await CoreDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Tickets_get_sequential_numbers_shown_with_a_hash()
    {
        var customer = await _db.AddCustomerAsync();
        var first = await _db.OpenTicketAsync(customer);
        var second = await _db.OpenTicketAsync(customer);

        Assert.Equal(TicketService.FirstNumber, first.Number);
        Assert.Equal(first.Number + 1, second.Number);
        Assert.Equal("#1001", Ticket.Display(first.Number));
        Assert.Equal(TicketStatus.New, first.Status);
    }

    [Fact]
    public async Task The_open_count_is_the_customers_own_tickets_that_still_need_someone()
    {
        var customer = await _db.AddCustomerAsync();
        var agent = await _db.AddAgentAsync();
        var tickets = new List<Ticket>();
        for (var i = 0; i < 5; i++) tickets.Add(await _db.OpenTicketAsync(customer, $"Question {i}"));
        await _db.OpenTicketAsync(await _db.AddCustomerAsync("Other Customer"));
        await _db.TicketsAsync(t => t.ReplyAsync(agent, tickets[1].Number, "Looking into it."));
        await _db.TicketsAsync(t => t.ChangeStatusAsync(agent, tickets[2].Number, TicketStatus.Pending));
        await _db.TicketsAsync(t => t.ChangeStatusAsync(agent, tickets[3].Number, TicketStatus.Resolved));
        await _db.TicketsAsync(t => t.ChangeStatusAsync(agent, tickets[4].Number, TicketStatus.Closed));

        Assert.Equal(3, await _db.QueryAsync(q => q.OpenCountAsync(customer)));
        Assert.Equal(4, await _db.QueryAsync(q => q.OpenCountAsync(agent)));
    }

    [Fact]
    public async Task A_customers_list_is_their_own_tickets_latest_change_first_with_new_replies_marked()
    {
        var customer = await _db.AddCustomerAsync();
        var agent = await _db.AddAgentAsync();
        var first = await _db.OpenTicketAsync(customer, "First");
        _db.Clock.Now = _db.Clock.Now.AddMinutes(5);
        var second = await _db.OpenTicketAsync(customer, "Second");
        await _db.OpenTicketAsync(await _db.AddCustomerAsync("Other Customer"), "Not mine");
        _db.Clock.Now = _db.Clock.Now.AddMinutes(5);
        await _db.TicketsAsync(t => t.ReplyAsync(agent, first.Number, "Looking into it."));

        var mine = await _db.QueryAsync(q => q.MineAsync(customer));

        Assert.Equal(["First", "Second"], mine.Select(t => t.Subject));
        Assert.True(mine[0].HasNewReply);
        Assert.False(mine[1].HasNewReply);
        Assert.Equal(3, (await _db.QueryAsync(q => q.MineAsync(agent))).Count);
    }

    [Fact]
    public async Task An_agents_first_public_reply_opens_a_new_ticket_and_marks_the_first_response()
    {
        var ticket = await _db.OpenTicketAsync(await _db.AddCustomerAsync());
        var agent = await _db.AddAgentAsync();
        _db.Clock.Now = _db.Clock.Now.AddHours(2);

        var result = await _db.TicketsAsync(t => t.ReplyAsync(agent, ticket.Number, "Looking into it."));

        Assert.True(result.Succeeded);
        var stored = await _db.TicketAsync(ticket.Number);
        Assert.Equal(TicketStatus.Open, stored.Status);
        Assert.Equal(_db.Clock.Now.UtcDateTime, stored.FirstResponseAtUtc);
        Assert.Single(await _db.OutboxAsync(nameof(TicketAgentReplied)));
    }

    [Fact]
    public async Task An_internal_note_neither_opens_the_ticket_nor_counts_as_a_response_nor_tells_anyone()
    {
        var ticket = await _db.OpenTicketAsync(await _db.AddCustomerAsync());
        var agent = await _db.AddAgentAsync();
        var before = (await _db.OutboxAsync()).Count;

        await _db.TicketsAsync(t => t.ReplyAsync(agent, ticket.Number, "Customer sounds upset.", isInternal: true));

        var stored = await _db.TicketAsync(ticket.Number);
        Assert.Equal(TicketStatus.New, stored.Status);
        Assert.Null(stored.FirstResponseAtUtc);
        Assert.Equal(before, (await _db.OutboxAsync()).Count);
    }

    [Fact]
    public async Task Customers_cannot_write_internal_notes()
    {
        var customer = await _db.AddCustomerAsync();
        var ticket = await _db.OpenTicketAsync(customer);

        var result = await _db.TicketsAsync(t => t.ReplyAsync(customer, ticket.Number, "psst", isInternal: true));

        Assert.Equal(TicketError.NotAllowed, result.Error);
        Assert.Equal(1, await _db.CountAsync<TicketComment>());
    }

    [Theory]
    [InlineData(TicketStatus.Pending)]
    [InlineData(TicketStatus.Resolved)]
    public async Task A_customer_reply_reopens_a_waiting_or_resolved_ticket(TicketStatus waiting)
    {
        var customer = await _db.AddCustomerAsync();
        var agent = await _db.AddAgentAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        await _db.TicketsAsync(t => t.ReplyAsync(agent, ticket.Number, "Can you send the receipt?"));
        Assert.True((await _db.TicketsAsync(t => t.ChangeStatusAsync(agent, ticket.Number, waiting))).Succeeded);

        await _db.TicketsAsync(t => t.ReplyAsync(customer, ticket.Number, "Here it is."));

        var stored = await _db.TicketAsync(ticket.Number);
        Assert.Equal(TicketStatus.Open, stored.Status);
        Assert.Null(stored.ResolvedAtUtc);
    }

    [Fact]
    public async Task A_reply_on_a_closed_ticket_is_refused_and_changes_nothing()
    {
        var customer = await _db.AddCustomerAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        await _db.TicketsAsync(t => t.ChangeStatusAsync(customer, ticket.Number, TicketStatus.Closed));
        var before = await _db.TicketAsync(ticket.Number);
        var comments = await _db.CountAsync<TicketComment>();

        var result = await _db.TicketsAsync(t => t.ReplyAsync(customer, ticket.Number, "One more thing"));

        Assert.Equal(TicketError.TicketClosed, result.Error);
        Assert.Equal(comments, await _db.CountAsync<TicketComment>());
        Assert.Equal(before.Version, (await _db.TicketAsync(ticket.Number)).Version);
    }

    [Fact]
    public async Task An_illegal_move_is_refused_and_writes_no_event()
    {
        var ticket = await _db.OpenTicketAsync(await _db.AddCustomerAsync());
        var agent = await _db.AddAgentAsync();
        var events = await _db.CountAsync<TicketEvent>();

        var result = await _db.TicketsAsync(t => t.ChangeStatusAsync(agent, ticket.Number, TicketStatus.New));

        Assert.Equal(TicketError.InvalidTransition, result.Error);
        Assert.Equal(TicketStatus.New, (await _db.TicketAsync(ticket.Number)).Status);
        Assert.Equal(events, await _db.CountAsync<TicketEvent>());
    }

    [Fact]
    public async Task Every_change_is_on_the_timeline_with_who_and_when()
    {
        var customer = await _db.AddCustomerAsync("Nour");
        var agent = await _db.AddAgentAsync("Omar");
        var ticket = await _db.OpenTicketAsync(customer);
        await _db.TicketsAsync(t => t.TakeAsync(agent, ticket.Number));
        await _db.TicketsAsync(t => t.ChangeStatusAsync(agent, ticket.Number, TicketStatus.Resolved));
        await _db.TicketsAsync(t => t.RateAsync(customer, ticket.Number, 4, null));

        var view = await _db.QueryAsync(q => q.ViewAsync(agent, ticket.Number));

        var events = view!.Timeline.Where(e => e.Event is not null).Select(e => (e.Event!.Kind, e.Event.ActorName)).ToList();
        Assert.Equal([(TicketEventKind.Created, "Nour"), (TicketEventKind.Assigned, "Omar"), (TicketEventKind.StatusChanged, "Omar"), (TicketEventKind.Rated, "Nour")], events);
        Assert.All(view.Timeline, e => Assert.Equal(_db.Clock.Now.UtcDateTime, e.AtUtc));
    }

    [Fact]
    public async Task Another_customers_ticket_is_not_found_for_every_action()
    {
        var ticket = await _db.OpenTicketAsync(await _db.AddCustomerAsync());
        var stranger = await _db.AddCustomerAsync("Stranger");

        Assert.Equal(TicketError.NotFound, (await _db.TicketsAsync(t => t.ReplyAsync(stranger, ticket.Number, "hi"))).Error);
        Assert.Equal(TicketError.NotFound, (await _db.TicketsAsync(t => t.ChangeStatusAsync(stranger, ticket.Number, TicketStatus.Closed))).Error);
        Assert.Equal(TicketError.NotFound, (await _db.TicketsAsync(t => t.RateAsync(stranger, ticket.Number, 5, null))).Error);
        Assert.Null(await _db.QueryAsync(q => q.ViewAsync(stranger, ticket.Number)));
    }
}
