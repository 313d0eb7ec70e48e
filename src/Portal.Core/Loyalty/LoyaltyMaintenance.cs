using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Loyalty;

/// <summary>
/// The daily pass: writes expiries, moves pending points to active in the cached balances, re-evaluates tiers, and
/// warns (once per award) about points expiring within <see cref="LoyaltyOptions.ExpiringSoonDays"/>.
/// </summary>
public sealed class LoyaltyMaintenance(PointsLedger ledger, PortalDbContext db)
{
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var customers = await db.Set<PointsAccount>().AsNoTracking().Select(a => a.CustomerId).ToListAsync(ct);
        foreach (var customer in customers)
            await ledger.WriteAsync(customer, async session =>
            {
                await session.WarnExpiringSoonAsync(ct);
                return LedgerResult<bool>.Ok(true);
            }, ct);
        return customers.Count;
    }
}
