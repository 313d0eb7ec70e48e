using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Tickets;
using Portal.Tickets;

namespace Portal.Tickets;

/// <summary>The customer's own tickets, most recently changed first.</summary>
[Authorize(Policy = Policies.Customer)]
public class TicketsIndexModel(TicketQueries queries) : PageModel
{
    public IReadOnlyList<TicketSummary> Tickets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Tickets = await queries.MineAsync(User.AsTicketCustomer(), ct);
}
