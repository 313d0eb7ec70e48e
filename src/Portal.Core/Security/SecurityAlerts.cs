using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Administration;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Core.Security;

public sealed record AlertPage(IReadOnlyList<SecurityAlert> Items, long? NextBefore);

public enum AlertError { NotFound, AlreadyAnswered, AlreadyResolved, ReasonRequired, ReasonTooLong }

public readonly record struct AlertResult(SecurityAlert? Alert, AlertError? Error, bool Unchanged = false)
{
    public bool Succeeded => Error is null;
}

public enum StaffDecision { Confirm, Dismiss }

/// <summary>
/// Recorded fraud alerts: raised by the rules, answered by the customer ("This was me" / "This wasn't me"),
/// decided by staff. Customer reads and answers are scoped to the customer's own id.
/// </summary>
public sealed class SecurityAlerts(PortalDbContext db, Outbox outbox, TimeProvider clock, SignInSessions sessions,
    Common.Deferred<UserManager<PortalUser>> userManager)
{
    internal DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Records the alert and its event together (inside the caller's transaction when there is one).</summary>
    public async Task<SecurityAlert> RaiseAsync(SecurityAlert alert, CancellationToken ct = default)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (own)
        {
            db.Add(alert);
            await db.SaveChangesAsync(ct);
            // Saved first so the event can carry the alert's id.
            outbox.Raise(new SecurityAlertRaised(alert.CustomerId, alert.Id, alert.Kind));
            await db.SaveChangesAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
        }
        return alert;
    }

    /// <summary>The customer's alerts, newest first; <paramref name="before"/> is the last id of the previous page.</summary>
    public async Task<AlertPage> PageAsync(string customerId, long? before, int take, CancellationToken ct = default)
    {
        var query = db.Set<SecurityAlert>().AsNoTracking().Where(a => a.CustomerId == customerId);
        if (before is { } b) query = query.Where(a => a.Id < b);
        var rows = await query.OrderByDescending(a => a.Id).Take(take + 1).ToListAsync(ct);
        return new AlertPage(rows.Take(take).ToList(), rows.Count > take ? rows[take - 1].Id : null);
    }

    public Task<int> OpenCountAsync(string customerId, CancellationToken ct = default) =>
        db.Set<SecurityAlert>().CountAsync(a => a.CustomerId == customerId && a.State == AlertState.Open, ct);

    /// <summary>
    /// The customer's answer. "This wasn't me" secures the account: every browser and app session ends, the password is
    /// removed (a reset by email sets a new one) and redemptions not yet used are held for review. Answering again the
    /// same way changes nothing; another customer's alert is not found.
    /// </summary>
    public async Task<AlertResult> RespondAsync(string customerId, long alertId, AlertAnswer answer, CancellationToken ct = default)
    {
        var alert = await db.Set<SecurityAlert>().FirstOrDefaultAsync(a => a.Id == alertId && a.CustomerId == customerId, ct);
        if (alert is null) return new(null, AlertError.NotFound);
        var wanted = answer == AlertAnswer.WasMe ? AlertState.WasCustomer : AlertState.NotCustomer;
        if (alert.State == wanted) return new(alert, null, Unchanged: true);
        if (!alert.IsOpen) return new(alert, AlertError.AlreadyAnswered);
        (alert.State, alert.AnsweredAtUtc) = (wanted, Now);
        if (answer == AlertAnswer.WasMe)
        {
            await db.SaveChangesAsync(ct);
            return new(alert, null);
        }
        await SecureAccountAsync(customerId, ct);
        await db.SaveChangesAsync(ct);
        return new(alert, null);
    }

    private async Task SecureAccountAsync(string customerId, CancellationToken ct)
    {
        await sessions.EndAllAsync(customerId, SessionEndReasons.ReportedNotMe, ct: ct);
        var users = userManager.Value;
        if (await users.FindByIdAsync(customerId) is { } user)
        {
            if (await users.HasPasswordAsync(user)) await users.RemovePasswordAsync(user);
            else await users.UpdateSecurityStampAsync(user);
        }
        await RedemptionHolds.HoldUnusedAsync(db, outbox, customerId, Now, ct);
    }

    /// <summary>What needs a staff decision: open, reported "not me", or holding a redemption, and not yet decided.</summary>
    public static readonly Expression<Func<SecurityAlert, bool>> InQueue =
        a => a.ResolvedAtUtc == null && (a.State == AlertState.Open || a.State == AlertState.NotCustomer || a.RedemptionId != null || a.HeldItemId != null);

    /// <summary>Alerts for staff: open and reported ones first (the queue), or every alert of one customer.</summary>
    public async Task<IReadOnlyList<SecurityAlert>> QueueAsync(bool all = false, string? customerId = null, int take = 100, CancellationToken ct = default)
    {
        var query = db.Set<SecurityAlert>().AsNoTracking();
        if (customerId is not null) query = query.Where(a => a.CustomerId == customerId);
        if (!all) query = query.Where(InQueue);
        return await query.OrderByDescending(a => a.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>Staff decide an alert: confirmed as fraud or dismissed, with a reason, audited on the customer.</summary>
    public async Task<AlertResult> ResolveAsync(long alertId, StaffDecision decision, string? reason, string actorUserId, string actorName, CancellationToken ct = default)
    {
        reason = reason?.Trim() ?? "";
        if (reason.Length == 0) return new(null, AlertError.ReasonRequired);
        if (reason.Length > SecurityAlert.MaxReason) return new(null, AlertError.ReasonTooLong);
        var alert = await db.Set<SecurityAlert>().FirstOrDefaultAsync(a => a.Id == alertId, ct);
        if (alert is null) return new(null, AlertError.NotFound);
        if (alert.ResolvedAtUtc is not null) return new(alert, AlertError.AlreadyResolved);
        alert.State = decision == StaffDecision.Confirm ? AlertState.Confirmed : AlertState.Dismissed;
        (alert.ResolvedAtUtc, alert.ResolvedByName, alert.Reason) = (Now, actorName, reason);
        Audit(actorUserId, actorName, alert.CustomerId,
            decision == StaffDecision.Confirm ? AuditAction.SecurityAlertConfirmed : AuditAction.SecurityAlertDismissed, alert.Id, reason);
        await db.SaveChangesAsync(ct);
        return new(alert, null);
    }

    internal void Audit(string actorUserId, string actorName, string customerId, AuditAction action, long alertId, string reason)
    {
        var detail = $"alert:{alertId} {reason}";
        db.Add(new AuditEntry(actorUserId, actorName, customerId, action, detail.Length > 200 ? detail[..200] : detail, Now));
    }
}
