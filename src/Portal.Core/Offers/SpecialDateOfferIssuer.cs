using System.Globalization;
using Portal.Core.SpecialDates;

namespace Portal.Core.Offers;

/// <summary>
/// Gives a special-date offer reward: the rule's offer key is the offer's id (for example a published "Birthday gift"
/// offer for everyone), and the reward's key makes a repeated claim return the same code.
/// </summary>
public sealed class SpecialDateOfferIssuer(OfferService offers) : ISpecialDateOfferIssuer
{
    public async Task<string?> IssueAsync(string customerId, string offerKey, string idempotencyKey, CancellationToken ct)
    {
        if (!long.TryParse(offerKey, NumberStyles.None, CultureInfo.InvariantCulture, out var offerId)) return null;
        // The claim itself went through the security hold, so the code it gives is not held again.
        var outcome = await offers.ActivateAsync(customerId, offerId, idempotencyKey, screened: true, ct);
        return outcome.Activation?.Code;
    }
}
