using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Core.Data;
using Portal.Core.Loyalty;
using Portal.Core.Security;
using Portal.Shell;

namespace Portal.Security.Staff;

public sealed record AlertCustomer(string Name, string Number, string? Email);

public sealed record StaffAlertItem(SecurityAlert Alert, AlertCustomer? Customer, Redemption? Redemption);

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
        return list.Select(a => new StaffAlertItem(a,
            customers.TryGetValue(a.CustomerId, out var c) ? new AlertCustomer(c.DisplayName, c.CustomerNumber, c.Email) : null,
            a.RedemptionId is { } rid && redemptions.TryGetValue(rid, out var r) ? r : null)).ToList();
    }

    public Task<IActionResult> OnPostConfirmAsync(long id, string? reason, CancellationToken ct) =>
        DoneAsync(alerts.ResolveAsync(id, StaffDecision.Confirm, reason, User.UserId(), User.DisplayName(), ct), s["Confirmed as fraud."], ct);

    public Task<IActionResult> OnPostDismissAsync(long id, string? reason, CancellationToken ct) =>
        DoneAsync(alerts.ResolveAsync(id, StaffDecision.Dismiss, reason, User.UserId(), User.DisplayName(), ct), s["Dismissed."], ct);

    public Task<IActionResult> OnPostReleaseAsync(long id, string? reason, CancellationToken ct) =>
        DoneAsync(held.DecideAsync(id, HoldDecision.Release, reason, User.UserId(), User.DisplayName(), ct), s["Released: the customer can see and use the code."], ct);

    public Task<IActionResult> OnPostCancelAsync(long id, string? reason, CancellationToken ct) =>
        DoneAsync(held.DecideAsync(id, HoldDecision.Cancel, reason, User.UserId(), User.DisplayName(), ct), s["Cancelled: the points are back on the customer's balance."], ct);

    private async Task<IActionResult> DoneAsync(Task<AlertResult> decide, string message, CancellationToken ct)
    {
        var result = await decide;
        if (result.Succeeded)
        {
            StatusMessage = message;
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
