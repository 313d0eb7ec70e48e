using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Loyalty;
using Portal.Core.Referrals;
using Portal.Shell;

namespace Portal.Referrals;

/// <summary>The customer's referrals: link, code and QR code to share, statistics, where each friend stands, history.</summary>
[Authorize(Policy = Policies.Customer)]
public class ReferralsModel(ReferralProgram program, ReferralQueries queries, PublicLinks links, LoyaltyOptions loyalty) : PageModel
{
    public const int PageSize = 10;

    public ReferralOptions Options => program.Options;
    public string Currency => loyalty.Currency;
    public long MinimumPurchaseMinor => program.MinimumPurchaseMinor;
    public ReferralCode Code { get; private set; } = null!;
    public string Link { get; private set; } = "";
    public ReferralStats Stats { get; private set; } = null!;
    public ReferralPage History { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<ReferralHistoryItem> Waiting { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? p, CancellationToken ct)
    {
        var id = User.UserId();
        Code = await program.CodeForAsync(id, ct);
        await program.SeenOnDeviceAsync(id, ReferralCookies.DeviceId(HttpContext), ct);
        Link = links.Path("/r/" + Code.Code);
        Stats = await queries.StatsAsync(id, ct);
        History = await queries.HistoryAsync(id, p ?? 1, PageSize, ct);
        Waiting = await queries.PendingAsync(id, ct);
        return Page();
    }

    /// <summary>One page of the history (htmx swaps the list; without it, the whole page at that page).</summary>
    public async Task<IActionResult> OnGetHistoryAsync(int p, CancellationToken ct)
    {
        if (!Request.WantsFragment()) return await OnGetAsync(p, ct);
        History = await queries.HistoryAsync(User.UserId(), p, PageSize, ct);
        return Partial("_History", this);
    }
}
