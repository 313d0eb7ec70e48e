using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Loyalty;
using Portal.Loyalty.Staff;

namespace Portal.Loyalty.Staff.Rewards;

/// <summary>The rewards catalog as staff manage it: every reward, switched on or off, never deleted.</summary>
[Authorize(Policy = Policies.Staff)]
public class RewardsIndexModel(RewardsCatalog catalog, IStringLocalizer<SharedResource> s) : PageModel
{
    public IReadOnlyList<Reward> Rewards { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Rewards = await catalog.AllAsync(ct);

    public Task<IActionResult> OnPostDeactivateAsync(long id, CancellationToken ct) =>
        SwitchAsync(id, false, "Switched off: {0}. Customers no longer see it; codes already given still work.", ct);

    public Task<IActionResult> OnPostActivateAsync(long id, CancellationToken ct) =>
        SwitchAsync(id, true, "Switched on again: {0}.", ct);

    private async Task<IActionResult> SwitchAsync(long id, bool active, string messageKey, CancellationToken ct)
    {
        if (!await catalog.SetActiveAsync(id, active, ct)) return NotFound();
        var reward = await catalog.FindAsync(id, ct);
        StatusMessage = s[messageKey, reward!.Name(LoyaltyText.Language)];
        return RedirectToPage();
    }
}
