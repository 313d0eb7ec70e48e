using Portal.Core.Customers;
using Portal.Core.Offers;
using Portal.Customers.Staff;

namespace Portal.Offers.Staff;

public sealed record OffersPanelModel(PersonDetails Customer, IReadOnlyList<PersonalOffer> Live, IReadOnlyList<OfferActivation> History, DateTime Now);

/// <summary>On the staff customer profile: the offers the customer sees now (in their order, with the score) and their codes.</summary>
public sealed class OffersPanel(OfferService offers, TimeProvider clock) : ICustomerProfilePanel
{
    public string Id => "offers";
    public string Title => "Offers";
    public string PartialName => "/Offers/Staff/_OffersPanel.cshtml";
    public int Order => 25;

    public async Task<object?> LoadAsync(PersonDetails customer, CancellationToken ct) =>
        new OffersPanelModel(customer, await offers.PersonalizedAsync(customer.Id, ct), await offers.HistoryAsync(customer.Id, 20, ct), clock.GetUtcNow().UtcDateTime);
}
