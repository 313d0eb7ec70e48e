using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Portal.Core.Data;

namespace Portal.Core.Analytics;

/// <summary>What the analytics dashboard shows, with the first page of the purchase history (no filter).</summary>
public sealed record CustomerDashboardData(
    AnalyticsTotals Totals,
    IReadOnlyList<CategorySpend> ByCategory,
    EngagementScore Engagement,
    IReadOnlyList<MonthSpend> Trend,
    CustomerValueForecast? Value,
    PurchaseHistoryPage FirstHistoryPage)
{
    /// <summary>
    /// Names the data these figures were computed from (the stamp): equal versions mean equal figures, so whatever is
    /// made from them (the rendered page) may be kept under it.
    /// </summary>
    public string Version { get; init; } = "";
}

/// <summary>
/// The dashboard's figures for a customer, computed once and reused while nothing they depend on has changed: one
/// indexed query reads a stamp (the customer's purchase count, newest purchase, refunds and newest event), and the
/// minute is part of it, so trailing windows move on. Every instance checks the stamp against the database, so a
/// purchase or refund recorded anywhere shows on the next request.
/// </summary>
public sealed class CustomerDashboard(PortalDbContext db, CustomerAnalytics analytics, CustomerValue value, CustomerDashboardCache cache, TimeProvider clock)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(1);

    public async Task<CustomerDashboardData> GetAsync(string customerId, int months, int historyPageSize, CancellationToken ct = default)
    {
        var stamp = await StampAsync(customerId, ct);
        var key = (customerId, months, historyPageSize);
        if (cache.Entries.TryGetValue(key, out Cached? hit) && hit!.Stamp == stamp) return hit.Data;

        var data = new CustomerDashboardData(
            await analytics.TotalsAsync(customerId, ct),
            await analytics.ByCategoryAsync(customerId, ct),
            await analytics.EngagementAsync(customerId, ct),
            await analytics.MonthlyAsync(customerId, months, ct),
            await value.ForecastAsync(customerId, ct),
            await analytics.HistoryPageAsync(customerId, new PurchaseFilter(), 1, historyPageSize, ct))
        {
            Version = stamp.ToVersion(),
        };
        cache.Entries.Set(key, new Cached(stamp, data), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return data;
    }

    private async Task<Stamp> StampAsync(string customerId, CancellationToken ct) =>
        await HotReads.FirstRowAsync(db, StampSql, r => new Stamp(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3),
            clock.GetUtcNow().UtcTicks / FreshFor.Ticks), ct, ("@customerId", customerId));

    private const string StampSql = """
        SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(MAX("Id"), 0) AS BIGINT), CAST(COALESCE(SUM("RefundedMinor"), 0) AS BIGINT),
            (SELECT CAST(COALESCE(MAX(o."Id"), 0) AS BIGINT) FROM "OutboxMessages" o WHERE o."StreamLookupKey" = @customerId)
        FROM "Purchase" WHERE "CustomerId" = @customerId
        """;

    private sealed record Stamp(long Purchases, long LastPurchaseId, long RefundedMinor, long LastEventId, long Minute)
    {
        public string ToVersion() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Purchases}.{LastPurchaseId}.{RefundedMinor}.{LastEventId}.{Minute}");
    }

    private sealed record Cached(Stamp Stamp, CustomerDashboardData Data);
}

/// <summary>Dashboards by customer and period (singleton; bounded).</summary>
public sealed class CustomerDashboardCache : IDisposable
{
    internal MemoryCache Entries { get; } = new(new MemoryCacheOptions { SizeLimit = 50_000 });

    public void Dispose() => Entries.Dispose();
}
