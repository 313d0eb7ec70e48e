using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Loyalty;
using Portal.Loyalty.Staff;

namespace Portal.Loyalty.Staff.Rewards;

/// <summary>Adds a reward (no id) or edits one. Dates are whole days in UTC, the app's time zone.</summary>
[Authorize(Policy = Policies.Staff)]
public class EditModel(RewardsCatalog catalog, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public long? RewardId { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the name in English.")]
        public string? NameEn { get; set; }

        [Required(ErrorMessage = "Enter the name in Arabic.")]
        public string? NameAr { get; set; }

        public string? DescriptionEn { get; set; }
        public string? DescriptionAr { get; set; }

        [Required(ErrorMessage = "Enter a cost from 1 to 1,000,000 points.")]
        public long? CostPoints { get; set; }

        public int? Stock { get; set; }

        /// <summary>The stock when the form was shown: if staff leave it alone, redemptions made meanwhile are kept.</summary>
        public int? StockSeen { get; set; }

        public Tier? MinimumTier { get; set; }
        public DateOnly? AvailableFrom { get; set; }

        /// <summary>The last day it is offered (inclusive).</summary>
        public DateOnly? AvailableUntil { get; set; }

        public bool IsActive { get; set; } = true;
    }

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken ct)
    {
        if (id is null) return Page();
        if (await catalog.FindAsync(id.Value, ct) is not { } reward) return NotFound();
        RewardId = reward.Id;
        Input = new InputModel
        {
            NameEn = reward.NameEn, NameAr = reward.NameAr, DescriptionEn = reward.DescriptionEn, DescriptionAr = reward.DescriptionAr,
            CostPoints = reward.CostPoints, Stock = reward.Stock, StockSeen = reward.Stock, MinimumTier = reward.MinimumTier,
            AvailableFrom = reward.AvailableFromUtc is { } from ? DateOnly.FromDateTime(from) : null,
            AvailableUntil = reward.AvailableUntilUtc is { } until ? LoyaltyText.LastDay(until) : null,
            IsActive = reward.IsActive,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? id, CancellationToken ct)
    {
        RewardId = id;
        Reward? current = null;
        if (id is not null && (current = await catalog.FindAsync(id.Value, ct)) is null) return NotFound();
        if (!ModelState.IsValid) return Page();

        var stock = Input.Stock;
        if (current is not null && Input.Stock == Input.StockSeen && current.Stock != Input.StockSeen) stock = current.Stock;
        var (saved, error) = await catalog.SaveAsync(new Reward
        {
            Id = id ?? 0,
            NameEn = Input.NameEn ?? "", NameAr = Input.NameAr ?? "",
            DescriptionEn = Input.DescriptionEn, DescriptionAr = Input.DescriptionAr,
            CostPoints = Input.CostPoints ?? 0, Stock = stock, MinimumTier = Input.MinimumTier,
            AvailableFromUtc = Input.AvailableFrom?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            AvailableUntilUtc = Input.AvailableUntil?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            IsActive = Input.IsActive,
        }, ct);
        if (error is { } e)
        {
            AddErrors(e);
            return Page();
        }
        if (saved is null) return NotFound();
        StatusMessage = s[id is null ? "Reward added: {0}." : "Reward saved: {0}.", saved.Name(LoyaltyText.Language)];
        return RedirectToPage("./Index");
    }

    private void AddErrors(RewardEditError error)
    {
        switch (error)
        {
            case RewardEditError.NameRequired:
                if (string.IsNullOrWhiteSpace(Input.NameEn)) ModelState.AddModelError("Input.NameEn", s["Enter the name in English."]);
                if (string.IsNullOrWhiteSpace(Input.NameAr)) ModelState.AddModelError("Input.NameAr", s["Enter the name in Arabic."]);
                break;
            case RewardEditError.NameTooLong:
                foreach (var (field, value) in new[] { ("Input.NameEn", Input.NameEn), ("Input.NameAr", Input.NameAr) })
                    if (value?.Trim().Length > RewardRules.MaxNameLength) ModelState.AddModelError(field, s["The name can be at most {0} characters.", RewardRules.MaxNameLength]);
                break;
            case RewardEditError.DescriptionTooLong:
                foreach (var (field, value) in new[] { ("Input.DescriptionEn", Input.DescriptionEn), ("Input.DescriptionAr", Input.DescriptionAr) })
                    if (value?.Length > RewardRules.MaxDescriptionLength) ModelState.AddModelError(field, s["The description can be at most {0} characters.", RewardRules.MaxDescriptionLength]);
                break;
            case RewardEditError.InvalidCost:
                ModelState.AddModelError("Input.CostPoints", s["Enter a cost from 1 to 1,000,000 points."]);
                break;
            case RewardEditError.InvalidStock:
                ModelState.AddModelError("Input.Stock", s["Stock cannot be below 0. Leave it empty for unlimited."]);
                break;
            case RewardEditError.InvalidWindow:
                ModelState.AddModelError("Input.AvailableUntil", s["The last day cannot be before the first day."]);
                break;
        }
        // Whatever the rule, the form says something.
        if (ModelState.IsValid) ModelState.AddModelError(string.Empty, s["Some values are not valid."]);
    }
}
