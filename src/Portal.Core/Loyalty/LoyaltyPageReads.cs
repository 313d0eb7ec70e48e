using Microsoft.Extensions.Caching.Memory;
using Portal.Core.Data;

namespace Portal.Core.Loyalty;

/// <summary>
/// The rows the points page lists, as stored: the switched-on rewards, the customer's redemptions, the newest
/// <c>HistoryTake</c> ledger entries and the ways to earn. Whatever depends on the time (availability, code status,
/// balances) is worked out from them on each request.
/// </summary>
public sealed record LoyaltyPageRows(IReadOnlyList<Reward> Rewards, IReadOnlyList<Redemption> Redemptions, IReadOnlyList<PointsEntry> History,
    IReadOnlyList<EarnBonus> Bonuses, string Version);

/// <summary>
/// Reads <see cref="LoyaltyPageRows"/> again only when their stamp changes: one read of the account's version (every
/// ledger write raises it), the customer's redemptions and their states, every reward's revision and stock, and the
/// ways to earn. Each instance reads the stamp from the database, so a change made anywhere shows on the next request.
/// </summary>
public sealed class LoyaltyPageReads(PortalDbContext db, PointsLedger ledger, RewardsCatalog catalog, EarnBonuses bonuses, LoyaltyPageCache cache)
{
    public async Task<LoyaltyPageRows> GetAsync(string customerId, int historyTake, CancellationToken ct = default)
    {
        var stamp = await HotReads.StampAsync(db, StampSql, ct, ("@customerId", customerId));
        var key = (customerId, historyTake);
        if (cache.Entries.TryGetValue(key, out LoyaltyPageRows? kept) && kept!.Version == stamp) return kept;
        var rows = new LoyaltyPageRows(
            await catalog.ActiveRewardsAsync(ct),
            await catalog.RedemptionsAsync(customerId, ct),
            await ledger.HistoryAsync(customerId, null, historyTake, ct),
            await bonuses.CurrentAsync(ct),
            stamp);
        foreach (var r in rows.Redemptions) r.Reward = cache.Shared(r.Reward);
        cache.Entries.Set(key, rows, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return rows;
    }

    // A redemption only moves on (held, then issued or cancelled; issued, then used or cancelled), so the counts of
    // each state change with it; rewards are never deleted and each staff change raises Revision.
    private const string StampSql = """
        SELECT (SELECT a."Version" FROM "PointsAccount" a WHERE a."CustomerId" = @customerId),
            r.c, r.m, r.h, r.u, r.x, w.c, w.v, w.s, b.c, b.p, b.a, b.t
        FROM (SELECT CAST(COUNT(*) AS BIGINT) AS c, CAST(COALESCE(MAX("Id"), 0) AS BIGINT) AS m, CAST(COUNT("HeldAtUtc") AS BIGINT) AS h,
                CAST(COUNT("UsedAtUtc") AS BIGINT) AS u, CAST(COUNT("CancelledAtUtc") AS BIGINT) AS x
                FROM "Redemption" WHERE "CustomerId" = @customerId) r,
            (SELECT CAST(COUNT(*) AS BIGINT) AS c, CAST(COALESCE(SUM("Revision"), 0) AS BIGINT) AS v, CAST(COALESCE(SUM(COALESCE("Stock", -1)), 0) AS BIGINT) AS s
                FROM "Reward") w,
            (SELECT CAST(COUNT(*) AS BIGINT) AS c, CAST(COALESCE(SUM("Points"), 0) AS BIGINT) AS p,
                CAST(COALESCE(SUM(CASE WHEN "IsActive" THEN 1 ELSE 0 END), 0) AS BIGINT) AS a, MAX("UpdatedAtUtc") AS t
                FROM "EarnBonus") b
        """;
}

/// <summary>Points-page rows by customer (singleton; bounded). What it holds is only read, never changed.</summary>
public sealed class LoyaltyPageCache : IDisposable
{
    internal MemoryCache Entries { get; } = new(new MemoryCacheOptions { SizeLimit = 50_000 });

    /// <summary>
    /// One instance per reward and revision for every kept redemption list (each redemption would otherwise hold its own
    /// copy, descriptions included). Only what staff edit (the name) is read from it; stock comes from the catalog rows.
    /// </summary>
    internal Reward Shared(Reward reward) => Entries.GetOrCreate(("reward", reward.Id, reward.Revision), entry =>
    {
        entry.Size = 1;
        entry.SlidingExpiration = TimeSpan.FromMinutes(10);
        return reward;
    })!;

    public void Dispose() => Entries.Dispose();
}
