using Portal.Core.Customers;
using Portal.Core.Referrals;
using Portal.Customers.Staff;

namespace Portal.Referrals.Staff;

public sealed record ReferralsPanelModel(PersonDetails Customer, string? Code, long Visits, IReadOnlyList<ReferralQueueItem> Items);

/// <summary>On the staff customer profile: the customer's code, who referred them and whom they referred.</summary>
public sealed class ReferralsPanel(ReferralStaffQueries queries) : ICustomerProfilePanel
{
    public string Id => "referrals";
    public string Title => "Referrals";
    public string PartialName => "/Referrals/Staff/_ReferralsPanel.cshtml";
    public int Order => 20;

    public async Task<object?> LoadAsync(PersonDetails customer, CancellationToken ct)
    {
        var (code, visits) = await queries.CodeOfAsync(customer.Id, ct);
        return new ReferralsPanelModel(customer, code, visits, await queries.QueueAsync(null, null, customer.Id, ct));
    }
}
