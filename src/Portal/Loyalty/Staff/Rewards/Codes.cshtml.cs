using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Customers;
using Portal.Core.Loyalty;
using Portal.Loyalty.Staff;
using Portal.Shell;

namespace Portal.Loyalty.Staff.Rewards;

/// <summary>
/// A customer shows a reward code: anyone who looks customers up (agents too, to answer "was my code used?")
/// can check it; only staff, who hand rewards over at the counter, can mark it used.
/// </summary>
[Authorize(Policy = Policies.CustomerLookup)]
public class CodesModel(RewardsCatalog catalog, CustomerDirectory directory, LoyaltyOptions options, TimeProvider clock, IAuthorizationService authorization, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "code")]
    public string? Code { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public Redemption? Found { get; private set; }
    public PersonDetails? Customer { get; private set; }
    public string? Problem { get; private set; }
    public bool CanMarkUsed { get; private set; }
    public DateTime? ExpiresAtUtc => Found is null ? null : options.CodeExpiresAt(Found.CreatedAtUtc);
    public bool Expired => Found is not null && Found.StatusAt(clock.GetUtcNow().UtcDateTime, options) == RedemptionStatus.Expired;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUseAsync(CancellationToken ct)
    {
        if (!await IsStaffAsync()) return Forbid();
        var result = await catalog.UseCodeAsync(Code ?? "", User.DisplayName(), ct);
        if (result.Succeeded)
        {
            StatusMessage = s["Code {0} is marked as used.", RewardRules.Grouped(result.Value!.Code)];
            return RedirectToPage(new { code = RewardRules.Grouped(result.Value.Code) });
        }
        await LoadAsync(ct);
        if (result.Error == LoyaltyError.CodeAlreadyUsed && result.Value is { UsedAtUtc: { } usedAt } used)
            Problem = s["This code was already used on {0} by {1}.", LoyaltyText.When(s, usedAt), used.UsedByName ?? ""];
        else if (result.Error == LoyaltyError.CodeExpired)
            Problem = s["This code has expired: it cannot be used."];
        else if (result.Error == LoyaltyError.CodeHeld)
            Problem = s["This code is held for a security check: it cannot be used now."];
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanMarkUsed = await IsStaffAsync();
        if (string.IsNullOrWhiteSpace(Code)) return;
        Found = await catalog.FindCodeAsync(Code, ct);
        if (Found is null)
        {
            Problem = s["No reward has this code. Check the letters and digits and try again."];
            return;
        }
        Customer = await directory.FindByIdAsync(Found.CustomerId, ct);
    }

    private async Task<bool> IsStaffAsync() => (await authorization.AuthorizeAsync(User, Policies.Staff)).Succeeded;
}
