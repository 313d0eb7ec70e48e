using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;

namespace Portal.Core.Security;

/// <summary>Asked by the rewards catalog before a redemption completes: a reason to hold it for review, or null.</summary>
public interface IRedemptionScreen
{
    Task<AlertKind?> HoldReasonAsync(string customerId, long points, DateTime now, CancellationToken ct);

    /// <summary>
    /// Reward claims and offer activations: true within the hold window after a password, email or phone change or an
    /// unconfirmed new-device sign-in (the redemption rule without its velocity part).
    /// </summary>
    Task<bool> RecentlyChangedAsync(string customerId, DateTime now, CancellationToken ct);
}

/// <summary>
/// Redemptions are held after a sensitive change (password, email, phone, or a new-device sign-in the customer has not
/// confirmed) and when a day's redemptions go over the configured count or points.
/// </summary>
public sealed class FraudRedemptionRules(PortalDbContext db, FraudOptions options, SecurityAlerts alerts) : IRedemptionScreen, IHandle<RedemptionHeld>, IHandle<ItemHeld>
{
    private static readonly string[] SensitiveChanges =
        [.. new[] { typeof(PasswordChanged), typeof(EmailChangeRequested), typeof(PhoneNumberChanged) }.Select(DomainEventTypes.NameOf)];

    public async Task<bool> RecentlyChangedAsync(string customerId, DateTime now, CancellationToken ct)
    {
        var since = now - options.HoldAfterSensitiveChange;
        if (await db.Set<OutboxMessage>().AsNoTracking()
                .AnyAsync(m => m.StreamLookupKey == customerId && SensitiveChanges.Contains(m.Type) && m.OccurredAtUtc > since, ct))
            return true;
        // "This was me" on the new-device alert lifts this hold.
        return await db.Set<SecurityAlert>().AsNoTracking().AnyAsync(a => a.CustomerId == customerId && a.Kind == AlertKind.NewDevice
            && a.CreatedAtUtc > since && (a.State == AlertState.Open || a.State == AlertState.NotCustomer || a.State == AlertState.Confirmed), ct);
    }

    public async Task<AlertKind?> HoldReasonAsync(string customerId, long points, DateTime now, CancellationToken ct)
    {
        if (await RecentlyChangedAsync(customerId, now, ct)) return AlertKind.RedemptionHeld;
        var dayAgo = now.AddHours(-24);
        var today = await db.Set<Redemption>().AsNoTracking()
            .Where(r => r.CustomerId == customerId && r.CreatedAtUtc > dayAgo && r.CancelledAtUtc == null)
            .Select(r => r.Points).ToListAsync(ct);
        if (today.Count + 1 > options.MaxRedemptionsPerDay || today.Sum() + points > options.MaxRedeemedPointsPerDay)
            return AlertKind.RedemptionVelocity;
        return null;
    }

    public async Task HandleAsync(RedemptionHeld e, EventContext context, CancellationToken ct)
    {
        if (await db.Set<SecurityAlert>().AnyAsync(a => a.RedemptionId == e.RedemptionId, ct)) return;
        await alerts.RaiseAsync(SecurityAlert.For(e.UserId, e.Reason, context.OccurredAtUtc, count: e.Points, redemptionId: e.RedemptionId), ct);
    }

    public async Task HandleAsync(ItemHeld e, EventContext context, CancellationToken ct)
    {
        if (await db.Set<SecurityAlert>().AnyAsync(a => a.HeldItem == e.Item && a.HeldItemId == e.ItemId, ct)) return;
        await alerts.RaiseAsync(SecurityAlert.For(e.UserId, e.Reason, context.OccurredAtUtc, heldItem: e.Item, heldItemId: e.ItemId), ct);
    }
}

/// <summary>
/// A section whose items can be held for a security check (reward claims, offer codes, referral rewards): staff release
/// one (it completes) or cancel it (anything reserved goes back), once.
/// </summary>
public interface IHeldItems
{
    HeldItem Item { get; }

    /// <summary>
    /// Releases or cancels the customer's held item. <paramref name="record"/> records the decision on the alert and must
    /// be saved in the same transaction; it answers false when the alert was decided already. False when the item is not
    /// held (any more) or <paramref name="record"/> refused: then nothing changed.
    /// </summary>
    Task<bool> DecideAsync(string customerId, long itemId, HoldDecision decision, Func<Task<bool>> record, CancellationToken ct);
}

public enum HoldDecision { Release, Cancel }

/// <summary>Staff decide a held redemption: release the code, or cancel it and give the reserved points back.</summary>
public sealed class HeldRedemptions(PortalDbContext db, PointsLedger ledger, SecurityAlerts alerts, IEnumerable<IHeldItems> sections)
{
    public async Task<AlertResult> DecideAsync(long alertId, HoldDecision decision, string? reason, string actorUserId, string actorName, CancellationToken ct = default)
    {
        reason = reason?.Trim() ?? "";
        if (reason.Length == 0) return new(null, AlertError.ReasonRequired);
        if (reason.Length > SecurityAlert.MaxReason) return new(null, AlertError.ReasonTooLong);
        var alert = await db.Set<SecurityAlert>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == alertId, ct);
        if (alert is { HeldItem: { } item, HeldItemId: { } itemId })
            return await DecideItemAsync(alert, item, itemId, decision, reason, actorUserId, actorName, ct);
        if (alert?.RedemptionId is not { } redemptionId) return new(null, AlertError.NotFound);
        var customerId = alert.CustomerId;
        var done = await ledger.WriteAsync(customerId, async session =>
        {
            var redemption = await db.Set<Redemption>().FirstOrDefaultAsync(r => r.Id == redemptionId && r.CustomerId == customerId, ct);
            var tracked = await db.Set<SecurityAlert>().FirstAsync(a => a.Id == alertId, ct);
            if (redemption is null) return LedgerResult<SecurityAlert>.Fail(LoyaltyError.CodeNotFound);
            if (redemption.HeldAtUtc is null || redemption.CancelledAtUtc is not null || tracked.ResolvedAtUtc is not null)
                return LedgerResult<SecurityAlert>.Fail(LoyaltyError.CodeAlreadyUsed);
            if (decision == HoldDecision.Release) redemption.HeldAtUtc = null;
            else
            {
                redemption.CancelledAtUtc = session.Now;
                var entry = session.Credit(PointsEntryKind.Adjust, redemption.Points, session.Now, 0, session.Now,
                    "redemption:" + redemption.Code, "cancel-held:" + redemption.Id);
                (entry.Note, entry.ActorUserId, entry.ActorName) = (reason, actorUserId, actorName);
                await db.Set<Reward>().Where(r => r.Id == redemption.RewardId && r.Stock != null)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.Stock, r => r.Stock + 1), ct);
            }
            tracked.State = decision == HoldDecision.Release ? AlertState.Dismissed : AlertState.Confirmed;
            (tracked.ResolvedAtUtc, tracked.ResolvedByName, tracked.Reason) = (session.Now, actorName, reason);
            alerts.Audit(actorUserId, actorName, customerId,
                decision == HoldDecision.Release ? Administration.AuditAction.RedemptionReleased : Administration.AuditAction.RedemptionCancelled, alertId, reason);
            return LedgerResult<SecurityAlert>.Ok(tracked);
        }, ct);
        return done.Succeeded ? new(done.Value, null)
            : new(null, done.Error == LoyaltyError.CodeNotFound ? AlertError.NotFound : AlertError.AlreadyResolved);
    }

    private async Task<AlertResult> DecideItemAsync(SecurityAlert alert, HeldItem item, long itemId, HoldDecision decision, string reason,
        string actorUserId, string actorName, CancellationToken ct)
    {
        if (sections.FirstOrDefault(s => s.Item == item) is not { } section) return new(null, AlertError.NotFound);
        SecurityAlert? decided = null;
        async Task<bool> Record()
        {
            var tracked = await db.Set<SecurityAlert>().FirstAsync(a => a.Id == alert.Id, ct);
            if (tracked.ResolvedAtUtc is not null) return false;
            tracked.State = decision == HoldDecision.Release ? AlertState.Dismissed : AlertState.Confirmed;
            (tracked.ResolvedAtUtc, tracked.ResolvedByName, tracked.Reason) = (alerts.Now, actorName, reason);
            alerts.Audit(actorUserId, actorName, alert.CustomerId,
                decision == HoldDecision.Release ? Administration.AuditAction.HoldReleased : Administration.AuditAction.HoldCancelled, alert.Id, reason);
            decided = tracked;
            return true;
        }
        var done = await section.DecideAsync(alert.CustomerId, itemId, decision, Record, ct);
        return done && decided is not null ? new(decided, null) : new(null, AlertError.AlreadyResolved);
    }
}
