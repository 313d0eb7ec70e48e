using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;

namespace Portal.Core.Security;

/// <summary>Holding redemptions for a security check: the points stay spent (reserved), the code is withheld.</summary>
public static class RedemptionHolds
{
    /// <summary>
    /// Holds every redemption of the customer whose code has not been used, released or cancelled; each gets its own
    /// alert (through <see cref="RedemptionHeld"/>) for staff to release or cancel. Saved by the caller.
    /// </summary>
    public static async Task<int> HoldUnusedAsync(PortalDbContext db, Outbox outbox, string customerId, DateTime now, CancellationToken ct)
    {
        var unused = await db.Set<Redemption>()
            .Where(r => r.CustomerId == customerId && r.UsedAtUtc == null && r.HeldAtUtc == null && r.CancelledAtUtc == null)
            .ToListAsync(ct);
        foreach (var r in unused)
        {
            r.HeldAtUtc = now;
            outbox.Raise(new RedemptionHeld(customerId, r.Id, r.Points, AlertKind.RedemptionHeld));
        }
        return unused.Count;
    }
}
