using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

public class AutoCloseTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    public async Task InitializeAsync() => _db = await CoreDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<int> ResolvedTicketAsync()
    {
        var agent = await _db.AddAgentAsync();
        var ticket = await _db.OpenTicketAsync(await _db.AddCustomerAsync());
        Assert.True((await _db.TicketsAsync(t => t.ChangeStatusAsync(agent, ticket.Number, TicketStatus.Resolved))).Succeeded);
        return ticket.Number;
    }

    [Fact]
    public async Task A_resolved_ticket_closes_by_itself_after_seven_days()
    {
        var number = await ResolvedTicketAsync();
        var later = _db.Clock.Now.UtcDateTime.AddDays(7);

        var closed = await _db.TicketsAsync(t => t.CloseStaleResolvedAsync(later));

        Assert.Equal(1, closed);
        var stored = await _db.TicketAsync(number);
        Assert.Equal(TicketStatus.Closed, stored.Status);
        Assert.Equal(later, stored.ClosedAtUtc);
        var view = await _db.QueryAsync(q => q.ViewAsync(new TicketActor(stored.CustomerUserId!, "", false), number));
        Assert.Contains(view!.Timeline, e => e.Event is { Kind: TicketEventKind.AutoClosed, BySystem: true });
    }

    [Fact]
    public async Task A_ticket_resolved_less_than_seven_days_ago_stays_resolved()
    {
        var number = await ResolvedTicketAsync();

        var closed = await _db.TicketsAsync(t => t.CloseStaleResolvedAsync(_db.Clock.Now.UtcDateTime.AddDays(6.9)));

        Assert.Equal(0, closed);
        Assert.Equal(TicketStatus.Resolved, (await _db.TicketAsync(number)).Status);
    }

    [Fact]
    public async Task A_ticket_the_customer_reopened_is_not_closed()
    {
        var number = await ResolvedTicketAsync();
        var ticket = await _db.TicketAsync(number);
        await _db.TicketsAsync(t => t.ReplyAsync(new TicketActor(ticket.CustomerUserId!, "Nour", false), number, "Still broken."));

        var closed = await _db.TicketsAsync(t => t.CloseStaleResolvedAsync(_db.Clock.Now.UtcDateTime.AddDays(30)));

        Assert.Equal(0, closed);
        Assert.Equal(TicketStatus.Open, (await _db.TicketAsync(number)).Status);
    }
}
