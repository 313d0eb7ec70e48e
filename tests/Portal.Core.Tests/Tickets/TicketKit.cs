using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Tests.Infrastructure;
using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

/// <summary>Ticket steps over the shared <see cref="CoreDatabase"/>.</summary>
public static class TicketKit
{
    public static Task<T> TicketsAsync<T>(this CoreDatabase db, Func<TicketService, Task<T>> use) => db.UseAsync(use);

    public static Task<T> QueryAsync<T>(this CoreDatabase db, Func<TicketQueries, Task<T>> use) => db.UseAsync(use);

    public static async Task<TicketActor> AddCustomerAsync(this CoreDatabase db, string name = "Nour Customer") =>
        new(await db.AddPersonAsync(name), name, IsAgent: false);

    public static async Task<TicketActor> AddAgentAsync(this CoreDatabase db, string name = "Omar Agent") =>
        new(await db.AddPersonAsync(name, roles: [Roles.Agent]), name, IsAgent: true);

    public static async Task<Ticket> OpenTicketAsync(this CoreDatabase db, TicketActor customer, string subject = "Points missing")
    {
        var result = await db.TicketsAsync(t => t.CreateAsync(customer,
            new NewTicket(subject, TicketCategory.Loyalty, TicketPriority.Normal, "My points from Friday are missing."), []));
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Ticket!;
    }

    /// <summary>The ticket as stored now.</summary>
    public static Task<Ticket> TicketAsync(this CoreDatabase db, int number) =>
        db.UseAsync<PortalDbContext, Ticket>(context => context.Set<Ticket>().AsNoTracking().SingleAsync(t => t.Number == number));
}
