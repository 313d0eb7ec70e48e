using Portal.Core.Customers;

namespace Portal.Customers.Staff;

public sealed record ProfilePanel(ICustomerProfilePanel Panel, object? Model);

/// <summary>
/// A customer's profile panels as the viewer may see them: the staff profile page and every screen where an agent
/// talks to a customer (chat, tickets) show the same thing, so nobody has to ask for the Customer ID.
/// Render with <c>&lt;partial name="/Customers/Staff/_Panels.cshtml" model="panels" /&gt;</c>.
/// </summary>
public sealed class CustomerProfileView(IEnumerable<ICustomerProfilePanel> panels)
{
    public async Task<IReadOnlyList<ProfilePanel>> LoadAsync(PersonDetails customer, System.Security.Claims.ClaimsPrincipal viewer, CancellationToken ct)
    {
        var shown = new List<ProfilePanel>();
        foreach (var panel in panels.Where(p => p.IsVisibleTo(viewer)).OrderBy(p => p.Order))
            shown.Add(new ProfilePanel(panel, await panel.LoadAsync(customer, ct)));
        return shown;
    }
}
