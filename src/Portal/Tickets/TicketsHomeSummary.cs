using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Tickets;
using Portal.Shell;
using Portal.Shell.Modules;

namespace Portal.Tickets;

/// <summary>How many of the customer's tickets are still open, on the home page.</summary>
public sealed class TicketsHomeSummary(TicketQueries queries, IStringLocalizer<SharedResource> s) : IHomeSummaryProvider
{
    public async Task<HomeSummary?> SummarizeAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Customer)) return null;
        var open = await queries.OpenCountAsync(user.AsTicketCustomer(), ct);
        return new HomeSummary("/tickets", "", s.Plural("{0} open tickets", open), 20) { LinkId = "tickets-summary", ValueId = "home-open-tickets" };
    }
}
