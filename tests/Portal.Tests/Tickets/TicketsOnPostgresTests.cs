using Portal.Tests.Customers;
using Portal.Tests.Data;

namespace Portal.Tests.Tickets;

/// <summary>The ticket queries (the queue's urgent-first order, string enums, numbering) on PostgreSQL too.</summary>
public class TicketsOnPostgresTests(PostgresPortalFactory factory) : IClassFixture<PostgresPortalFactory>
{
    [Fact]
    public async Task Demo_tickets_are_numbered_listed_and_queued_on_PostgreSQL()
    {
        using var layla = await factory.SignedInAsync("layla@demo.local");
        var mine = await layla.GetDocumentAsync("/tickets");
        Assert.NotNull(mine.QuerySelector("#ticket-1001"));
        Assert.NotNull(mine.QuerySelector("#ticket-1002"));
        var number = await layla.CreateTicketAsync("Postgres ticket");
        Assert.Equal(1003, number);

        using var agent = await factory.SignedInAsync(TicketTestKit.Agent);
        var queue = await agent.GetDocumentAsync("/agent/tickets?scope=All&status=any");
        Assert.Equal(["queue-1001", "queue-1002", "queue-1003"], queue.QuerySelectorAll("#queue-list > li").Select(li => li.Id));
        Assert.Contains("Postgres ticket", (await agent.GetDocumentAsync($"/agent/tickets/{number}")).Text("#ticket-subject"));
    }
}
