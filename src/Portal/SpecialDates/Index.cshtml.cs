using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.SpecialDates;
using Portal.Shell;

namespace Portal.SpecialDates;

/// <summary>
/// The customer's special dates: rewards to claim now (Claim swaps the card in place), a countdown to each date,
/// the history, and the form for the birthday and wedding anniversary with the rules shown before saving.
/// </summary>
[Authorize(Policy = Policies.Customer)]
public class SpecialDatesModel(SpecialDatesProgram program, IStringLocalizer<SharedResource> s) : PageModel
{
    public SpecialDateOptions Options => program.Options;
    public SpecialDatesOverview Overview { get; private set; } = null!;
    public IReadOnlyList<SpecialDateRewardCard> Cards { get; private set; } = [];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        public DateOnly? Birthday { get; set; }
        public DateOnly? Wedding { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Input = new InputModel { Birthday = Overview.Birthday, Wedding = Overview.Wedding };
        return Page();
    }

    public async Task<IActionResult> OnPostDatesAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var problems = await program.SetDatesAsync(User.UserId(), Input.Birthday, Input.Wedding, ct);
            foreach (var p in problems)
                ModelState.AddModelError(p.Field == "wedding" ? "Input.Wedding" : "Input.Birthday", s.DatesError(p));
            if (problems.Count == 0)
            {
                StatusMessage = s["Your dates have been saved."];
                return RedirectToPage();
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostClaimAsync(long rewardId, CancellationToken ct)
    {
        var result = await program.ClaimAsync(User.UserId(), rewardId, ct);
        if (!Request.WantsFragment())
        {
            StatusMessage = result.Error is { } e ? s.ClaimError(e)
                : result.Held ? s["Held for a security check"]
                : s["Claimed! {0} added to your points.", s.RewardText(result.Reward!.Type, result.Reward.Points)];
            return Redirect("/special-dates#special-dates-available");
        }
        if (result.Reward is null) return Partial("_RewardCard", new SpecialDateRewardCard(new SpecialDateReward { Id = rewardId }, s.ClaimError(SpecialDateError.NotFound)));
        return Partial("_RewardCard", new SpecialDateRewardCard(result.Reward, result.Error is { } error ? s.ClaimError(error) : null, Focus: true));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Overview = await program.OverviewAsync(User.UserId(), ct);
        Cards = Overview.Available.Select(r => new SpecialDateRewardCard(r, null)).ToList();
    }
}

/// <summary>One reward as its card shows it: to claim, just claimed, or why it could not be.</summary>
public sealed record SpecialDateRewardCard(SpecialDateReward Reward, string? Error, bool Focus = false)
{
    public string Id => $"reward-{Reward.Id}";
}
