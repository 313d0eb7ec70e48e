using Microsoft.EntityFrameworkCore;
using Portal.Core.Analytics;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Segments;

namespace Portal.Core.Demo;

/// <summary>
/// A small generated customer base beside the demo accounts (the seed command's generator at demo size), then the
/// segments and the value model computed once, so /segment, /staff/segments and /analytics have something to show
/// on the first start instead of waiting for the nightly jobs.
/// </summary>
public sealed class DemoShoppers(PortalDbContext db, ScaleSeed seed, SegmentEngine segments, ClvFitting clv) : IDemoData
{
    public int Order => 30;

    public async Task SeedAsync(DemoDataOptions options, CancellationToken ct)
    {
        if (!options.LoyaltyHistory || options.Shoppers <= 0 || !db.Database.IsSqlite()) return;
        var domain = "@" + ScaleSeed.EmailDomain.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail!.EndsWith(domain), ct)) return;
        await seed.RunAsync(new ScaleSeedOptions { Customers = options.Shoppers, Purchases = options.Shoppers * 20 }, null, ct);
        await segments.RecomputeAsync(null, null, ct);
        await clv.FitAsync(ct);
    }
}
