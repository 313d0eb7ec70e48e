using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Loyalty;
using Portal.Core.Offers;
using Portal.Shell;

namespace Portal.Offers;

/// <summary>One offer card: the offer as ranked for the customer, the key its Activate button sends, and what went wrong.</summary>
public sealed record OfferCardModel(PersonalOffer Item, string RequestKey, string Currency, DateTime Now, string? Error = null, bool JustActivated = false);

public sealed record OfferGoneModel(long OfferId, string Message);

/// <summary>The customer's offers in rank order with why each was picked; Activate gives a single-use code in place.</summary>
[Authorize(Policy = Policies.Customer)]
public class OffersModel(OfferService offers, LoyaltyOptions loyalty, TimeProvider clock, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public long OfferId { get; set; }
        public string? RequestKey { get; set; }
    }

    public IReadOnlyList<OfferCardModel> Cards { get; private set; } = [];
    public IReadOnlyList<OfferActivation> History { get; private set; } = [];
    public DateTime Now { get; private set; }
    public string Currency => loyalty.Currency;
    public OfferCardModel? Swapped { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        var id = User.UserId();
        var page = await offers.PageAsync(id, ct);
        Cards = page.Offers.Select(o => new OfferCardModel(o, Guid.NewGuid().ToString("N"), Currency, Now)).ToList();
        History = page.History;
    }

    public async Task<IActionResult> OnPostActivateAsync(CancellationToken ct)
    {
        var key = string.IsNullOrWhiteSpace(Input.RequestKey) || Input.RequestKey.Length > OfferRules.MaxRequestKeyLength
            ? Guid.NewGuid().ToString("N") : Input.RequestKey;
        var outcome = await offers.ActivateAsync(User.UserId(), Input.OfferId, "web:" + key, ct);
        if (!Request.WantsFragment()) return Redirect($"/offers#offer-{Input.OfferId}");
        await LoadAsync(ct);
        var card = Cards.FirstOrDefault(c => c.Item.Offer.Id == Input.OfferId);
        var error = outcome.Error is { } e ? s.ActivateProblem(e).Text : s["This offer is no longer available."].Value;
        if (card is null) return Partial("_Gone", new OfferGoneModel(Input.OfferId, error));
        // The card in place (with the code, or why not) and the history beside it.
        Swapped = outcome.Succeeded ? card with { JustActivated = true } : card with { Error = error };
        return Partial("_Activated", this);
    }
}
