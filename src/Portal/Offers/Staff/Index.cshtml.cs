using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Loyalty;
using Portal.Core.Offers;

namespace Portal.Offers.Staff;

/// <summary>Every offer, published first; publish or take back to draft.</summary>
[Authorize(Policy = Policies.Staff)]
public class OffersIndexModel(OfferAdmin admin, LoyaltyOptions loyalty, IStringLocalizer<SharedResource> s) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public IReadOnlyList<Offer> Offers { get; private set; } = [];
    public string Currency => loyalty.Currency;

    public async Task OnGetAsync(CancellationToken ct) => Offers = await admin.AllAsync(ct);

    public async Task<IActionResult> OnPostPublishAsync(long id, bool publish, CancellationToken ct)
    {
        if (!await admin.SetPublishedAsync(id, publish, ct)) return NotFound();
        var offer = await admin.FindAsync(id, ct);
        StatusMessage = s[publish ? "Published: {0}." : "Back to draft: {0}.", offer!.Title(OfferText.Language)];
        return RedirectToPage();
    }
}
