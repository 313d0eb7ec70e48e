using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

public class InternalNoteVisibilityTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    public async Task InitializeAsync() => _db = await CoreDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Customers_never_see_internal_notes_or_assignments_agents_see_everything()
    {
        var customer = await _db.AddCustomerAsync();
        var agent = await _db.AddAgentAsync();
        var ticket = await _db.OpenTicketAsync(customer);
        await _db.TicketsAsync(t => t.TakeAsync(agent, ticket.Number));
        await _db.TicketsAsync(t => t.ReplyAsync(agent, ticket.Number, "SECRET: fraud check pending", isInternal: true));
        await _db.TicketsAsync(t => t.ReplyAsync(agent, ticket.Number, "We are checking your points."));

        var mine = await _db.QueryAsync(q => q.ViewAsync(customer, ticket.Number));
        var list = await _db.QueryAsync(q => q.MineWithTimelinesAsync(customer));
        var agents = await _db.QueryAsync(q => q.ViewAsync(agent, ticket.Number));

        foreach (var view in new[] { mine!, list.Single() })
        {
            Assert.DoesNotContain(view.Timeline, e => e.Comment?.Body.Contains("SECRET") == true);
            Assert.DoesNotContain(view.Timeline, e => e.Comment?.IsInternal == true || e.Event?.IsInternal == true);
            Assert.Contains(view.Timeline, e => e.Comment?.Body == "We are checking your points.");
        }
        Assert.Contains(agents!.Timeline, e => e.Comment is { IsInternal: true, Body: "SECRET: fraud check pending" });
        Assert.Contains(agents.Timeline, e => e.Event?.Kind == TicketEventKind.Assigned);
    }
}
