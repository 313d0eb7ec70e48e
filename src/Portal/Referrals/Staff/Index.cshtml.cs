using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Referrals;
using Portal.Shell;

namespace Portal.Referrals.Staff;

/// <summary>The review queue: referrals by state and signal, both customers side by side, approve or reject with a reason.</summary>
[Authorize(Policy = Policies.Staff)]
public class ReferralQueueModel(ReferralStaffQueries queries, ReferralProgram program, IStringLocalizer<SharedResource> s) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public ReferralState? State { get; set; } = ReferralState.UnderReview;

    [BindProperty(SupportsGet = true)]
    public ReferralSignal? Signal { get; set; }

    /// <summary>"all" in the query means no state filter (the default is the review queue).</summary>
    [BindProperty(SupportsGet = true, Name = "all")]
    public bool AllStates { get; set; }

    public IReadOnlyList<ReferralQueueItem> Items { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Items = await queries.QueueAsync(AllStates ? null : State, Signal, ct: ct);

    public async Task<IActionResult> OnPostApproveAsync(long id, CancellationToken ct)
    {
        var error = await program.ApproveAsync(id, User.UserId(), User.DisplayName(), ct);
        if (error is null)
        {
            StatusMessage = s["Approved: both customers have their points."];
            return RedirectToPage(new { State, Signal });
        }
        Error = ErrorText(error.Value);
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRejectAsync(long id, string? reason, CancellationToken ct)
    {
        var error = await program.RejectAsync(id, reason ?? "", User.UserId(), User.DisplayName(), ct);
        if (error is null)
        {
            StatusMessage = s["Rejected. The reason is kept with the referral."];
            return RedirectToPage(new { State, Signal });
        }
        Error = ErrorText(error.Value);
        await OnGetAsync(ct);
        return Page();
    }

    private string ErrorText(ReferralError error) => error switch
    {
        ReferralError.ReasonRequired => s["Give a reason for rejecting."],
        ReferralError.ReasonTooLong => s["Keep the reason under 500 characters."],
        ReferralError.NotFound => s["This referral no longer exists."],
        _ => s["Someone else has decided on this referral already."],
    };
}
