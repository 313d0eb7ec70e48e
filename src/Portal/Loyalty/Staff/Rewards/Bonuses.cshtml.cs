using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Loyalty;
using Portal.Loyalty.Staff;
using Portal.Shell;

namespace Portal.Loyalty.Staff.Rewards;

/// <summary>Staff set the ways to earn besides shopping: the sign-up and completed-profile bonuses.</summary>
[Authorize(Policy = Policies.Staff)]
public class BonusesModel(EarnBonuses bonuses, IStringLocalizer<SharedResource> s) : PageModel
{
    public IReadOnlyList<EarnBonus> Bonuses { get; private set; } = [];

    [BindProperty]
    public List<BonusInput> Input { get; set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class BonusInput
    {
        public EarnBonusKind Kind { get; set; }
        public long Points { get; set; }
        public bool IsActive { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => Bonuses = await bonuses.AllAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var bad = Input.FirstOrDefault(i => i.Points is < 0 or > EarnBonuses.MaxPoints || !Enum.IsDefined(i.Kind));
        if (!ModelState.IsValid || bad is not null)
        {
            ModelState.AddModelError(string.Empty, s["Enter a whole number of points from 0 to 100,000."]);
            Bonuses = Input.Select(i => new EarnBonus { Kind = i.Kind, Points = i.Points, IsActive = i.IsActive }).ToList();
            return Page();
        }
        foreach (var i in Input) await bonuses.SaveAsync(i.Kind, i.Points, i.IsActive, User.DisplayName(), ct);
        StatusMessage = s["Saved. Customers see these in “How to earn points”."];
        return RedirectToPage();
    }
}
