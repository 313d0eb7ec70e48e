using Portal.Core.Customers;
using Portal.Core.Loyalty;
using Portal.Core.Segments;
using Portal.Customers.Staff;

namespace Portal.Segments.Staff;

public sealed record SegmentPanelModel(CustomerSegmentView View, SegmentOptions Options, string Currency);

/// <summary>The customer's segment, scores and latest segment changes on the staff profile.</summary>
public sealed class SegmentPanel(SegmentQueries queries, LoyaltyOptions loyalty) : ICustomerProfilePanel
{
    public string Id => "segment";
    public string Title => "Segment";
    public string PartialName => "/Segments/Staff/_SegmentPanel.cshtml";
    public int Order => 15;

    public async Task<object?> LoadAsync(PersonDetails customer, CancellationToken ct) =>
        new SegmentPanelModel(await queries.ForCustomerAsync(customer.Id, ct), queries.Options, loyalty.Currency);
}
