using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Offers;
using Portal.Core.Referrals;
using Portal.Core.Security;
using Portal.Core.SpecialDates;
using Portal.Shell;

namespace Portal.Security.Staff;

public sealed record AlertCustomer(string Name, string Number, string? Email);

/// <summary>A held reward claim (SpecialDateReward), offer code (OfferActivation) or referral (Referral), and whether it still waits.</summary>
public sealed record HeldView(object Item, bool StillHeld);

public sealed record StaffAlertItem(SecurityAlert Alert, AlertCustomer? Customer, Redemption? Redemption, HeldView? Held = null);

/// <summary>The security queue: open and reported alerts and held redemptions, decided with a reason (audited).</summary>
[Authorize(Policy = Policies.Staff)]
public class SecurityQueueModel(PortalDbContext db, SecurityAlerts alerts, HeldRedemptions held, IStringLocalizer<SharedResource> s) : PageModel
{
    /// <summary>"all" in the query shows decided alerts too.</summary>
    [BindProperty(SupportsGet = true, Name = "all")]
    public bool All { get; set; }

    public IReadOnlyList<StaffAlertItem> Items { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Items = await LoadAsync(db, await alerts.QueueAsync(All, ct: ct), ct);

    /// <summary>The customers and redemptions of <paramref name="list"/>, read in two queries.</summary>
    public static async Task<IReadOnlyList<StaffAlertItem>> LoadAsync(PortalDbContext db, IReadOnlyList<SecurityAlert> list, CancellationToken ct)
    {
        var userIds = list.Select(a => a.CustomerId).Distinct().ToList();
        var customers = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.CustomerNumber, u.Email }).ToDictionaryAsync(u => u.Id, ct);
        var redemptionIds = list.Where(a => a.RedemptionId != null).Select(a => a.RedemptionId!.Value).ToList();
        var redemptions = await db.Set<Redemption>().AsNoTracking().Include(r => r.Reward)
            .Where(r => redemptionIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var held = await HeldAsync(db, list, ct);
        return list.Select(a => new StaffAlertItem(a,
            customers.TryGetValue(a.CustomerId, out var c) ? new AlertCustomer(c.DisplayName, c.CustomerNumber, c.Email) : null,
            a.RedemptionId is { } rid && redemptions.TryGetValue(rid, out var r) ? r : null,
            a is { HeldItem: { } kind, HeldItemId: { } id } ? held.GetValueOrDefault((kind, id)) : null)).ToList();
    }

    private static async Task<Dictionary<(HeldItem, long), HeldView>> HeldAsync(PortalDbContext db, IReadOnlyList<SecurityAlert> list, CancellationToken ct)
    {
        List<long> Ids(HeldItem kind) => list.Where(a => a.HeldItem == kind && a.HeldItemId != null).Select(a => a.HeldItemId!.Value).ToList();
        var result = new Dictionary<(HeldItem, long), HeldView>();
        var claims = Ids(HeldItem.RewardClaim);
        foreach (var r in await db.Set<SpecialDateReward>().AsNoTracking().Where(r => claims.Contains(r.Id)).ToListAsync(ct))
            result[(HeldItem.RewardClaim, r.Id)] = new HeldView(r, r.State == SpecialDateRewardState.Held);
        var codes = Ids(HeldItem.OfferActivation);
        foreach (var o in await db.Set<OfferActivation>().AsNoTracking().Include(o => o.Offer).Where(o => codes.Contains(o.Id)).ToListAsync(ct))
            result[(HeldItem.OfferActivation, o.Id)] = new HeldView(o, o.Status == ActivationStatus.Held);
        var referrals = Ids(HeldItem.ReferralReward);
        foreach (var f in await db.Set<Referral>().AsNoTracking().Where(f => referrals.Contains(f.Id)).ToListAsync(ct))
            result[(HeldItem.ReferralReward, f.Id)] = new HeldView(f, f.State == ReferralState.UnderReview);
        return result;
    }

    public Task<IActionResult> OnPostConfirmAsync(long id, string? reason, CancellationToken ct) =>
        DoneAsync(alerts.ResolveAsync(id, StaffDecision.Confirm, reason, User.UserId(), User.DisplayName(), ct), s["Confirmed as fraud."], ct);

    public Task<IActionResult> OnPostDismissAsync(long id, string? reason, CancellationToken ct) =>
        DoneAsync(alerts.ResolveAsync(id, StaffDecision.Dismiss, reason, User.UserId(), User.DisplayName(), ct), s["Dismissed."], ct);

    public Task<IActionResult> OnPostReleaseAsync(long id, string? reason, CancellationToken ct) =>
        DoneAsync(held.DecideAsync(id, HoldDecision.Release, reason, User.UserId(), User.DisplayName(), ct),
            a => a.HeldItem is null ? s["Released: the customer can see and use the code."] : s["Released: the customer has it now."], ct);

    public Task<IActionResult> OnPostCancelAsync(long id, string? reason, CancellationToken ct) =>
        DoneAsync(held.DecideAsync(id, HoldDecision.Cancel, reason, User.UserId(), User.DisplayName(), ct),
            a => a.HeldItem is null ? s["Cancelled: the points are back on the customer's balance."] : s["Cancelled: anything it reserved was given back."], ct);

    private Task<IActionResult> DoneAsync(Task<AlertResult> decide, string message, CancellationToken ct) => DoneAsync(decide, _ => message, ct);

    private async Task<IActionResult> DoneAsync(Task<AlertResult> decide, Func<SecurityAlert, string> message, CancellationToken ct)
    {
        var result = await decide;
        if (result.Succeeded)
        {
            StatusMessage = message(result.Alert!);
            return RedirectToPage(new { all = All ? true : (bool?)null });
        }
        Error = result.Error switch
        {
            AlertError.ReasonRequired => s["Give a reason."],
            AlertError.ReasonTooLong => s["Keep the reason under 500 characters."],
            AlertError.NotFound => s["This alert no longer exists."],
            _ => s["Someone else has decided on this alert already."],
        };
        await OnGetAsync(ct);
        return Page();
    }
}
