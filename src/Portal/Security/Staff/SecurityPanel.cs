using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Security;
using Portal.Customers.Staff;

namespace Portal.Security.Staff;

public sealed record SecurityPanelModel(PersonDetails Customer, IReadOnlyList<StaffAlertItem> Items);

/// <summary>On the staff customer profile: the customer's fraud alerts and held redemptions, newest first.</summary>
public sealed class SecurityPanel(SecurityAlerts alerts, PortalDbContext db) : ICustomerProfilePanel
{
    public string Id => "security";
    public string Title => "Security alerts";
    public string PartialName => "/Security/Staff/_SecurityPanel.cshtml";
    public int Order => 25;

    public async Task<object?> LoadAsync(PersonDetails customer, CancellationToken ct) =>
        new SecurityPanelModel(customer, await SecurityQueueModel.LoadAsync(db, await alerts.QueueAsync(all: true, customerId: customer.Id, take: 20, ct: ct), ct));
}
