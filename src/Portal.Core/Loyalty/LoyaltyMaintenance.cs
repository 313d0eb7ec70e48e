using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Loyalty;

/// <summary>The daily pass: writes expiries, moves pending points to active in the cached balances, re-evaluates tiers.</summary>
public sealed class LoyaltyMaintenance(PointsLedger ledger, PortalDbContext db)
{
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var customers = await db.Set<PointsAccount>().AsNoTracking().Select(a => a.CustomerId).ToListAsync(ct);
        foreach (var customer in customers)
            await ledger.RefreshAsync(customer, ct);
        return customers.Count;
    }
}
