using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

public class RatingTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    public async Task InitializeAsync() => _db = await CoreDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_customer_rates_a_resolved_ticket_once()
    {
        var customer = await _db.AddCustomerAsync();
        var agent = await _db.AddAgentAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        await _db.TicketsAsync(t => t.ChangeStatusAsync(agent, ticket.Number, TicketStatus.Resolved));

        var first = await _db.TicketsAsync(t => t.RateAsync(customer, ticket.Number, 5, " Quick and kind "));
        var second = await _db.TicketsAsync(t => t.RateAsync(customer, ticket.Number, 1, "changed my mind"));

        Assert.True(first.Succeeded);
        Assert.Equal(TicketError.AlreadyRated, second.Error);
        var stored = await _db.TicketAsync(ticket.Number);
        Assert.Equal(5, stored.Rating);
        Assert.Equal("Quick and kind", stored.RatingComment);
        Assert.Equal(_db.Clock.Now.UtcDateTime, stored.RatedAtUtc);
    }

    [Fact]
    public async Task An_open_ticket_cannot_be_rated_yet()
    {
        var customer = await _db.AddCustomerAsync();
        var ticket = await _db.OpenTicketAsync(customer);

        var result = await _db.TicketsAsync(t => t.RateAsync(customer, ticket.Number, 4, null));

        Assert.Equal(TicketError.NotResolvedYet, result.Error);
        Assert.Null((await _db.TicketAsync(ticket.Number)).Rating);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task Ratings_are_one_to_five(int stars)
    {
        var customer = await _db.AddCustomerAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        await _db.TicketsAsync(t => t.ChangeStatusAsync(customer, ticket.Number, TicketStatus.Closed));

        var result = await _db.TicketsAsync(t => t.RateAsync(customer, ticket.Number, stars, null));

        Assert.Equal(TicketError.InvalidRating, result.Error);
    }

    [Fact]
    public async Task Agents_cannot_rate()
    {
        var customer = await _db.AddCustomerAsync();
        var agent = await _db.AddAgentAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        await _db.TicketsAsync(t => t.ChangeStatusAsync(agent, ticket.Number, TicketStatus.Resolved));

        Assert.Equal(TicketError.NotAllowed, (await _db.TicketsAsync(t => t.RateAsync(agent, ticket.Number, 5, null))).Error);
    }
}
