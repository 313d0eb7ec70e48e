using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Events;
using Portal.Core.Loyalty;
using Portal.Core.Referrals;

namespace Portal.Core.Analytics;

/// <summary>
/// One customer's purchases in figures: totals, favourite categories, spending by month and by category, the
/// engagement score and the purchase history. Every query is filtered by CustomerId first, so it walks that
/// customer's rows through the (CustomerId, OccurredAtUtc) index and aggregates in SQL, never anyone else's rows.
/// Money is net of refunds, in minor units. Months are calendar months in UTC.
/// </summary>
public sealed class CustomerAnalytics(PortalDbContext db, LoyaltyOptions loyalty, TimeProvider clock)
{
    public const int FavouriteCount = 3;
    public static readonly IReadOnlyList<int> TrendMonths = [12, 24];

    public string Currency => loyalty.Currency;

    private IQueryable<Purchase> PurchasesOf(string customerId) =>
        db.Set<Purchase>().AsNoTracking().Where(p => p.CustomerId == customerId);

    public async Task<AnalyticsTotals> TotalsAsync(string customerId, CancellationToken ct = default)
    {
        var row = await PurchasesOf(customerId)
            .GroupBy(p => 1)
            .Select(g => new { Count = g.Count(), Net = g.Sum(p => p.TotalMinor - p.RefundedMinor), Last = g.Max(p => p.OccurredAtUtc) })
            .FirstOrDefaultAsync(ct);
        if (row is null || row.Count == 0) return new AnalyticsTotals(0, 0, 0, null, Currency);
        return new AnalyticsTotals(row.Count, row.Net, row.Net / row.Count, DateTime.SpecifyKind(row.Last, DateTimeKind.Utc), Currency);
    }

    /// <summary>
    /// Net spend per category, largest first. A refund is made against a whole purchase, so it is shared among the
    /// purchase's lines in proportion to their amounts (rounded down per line).
    /// </summary>
    public async Task<IReadOnlyList<CategorySpend>> ByCategoryAsync(string customerId, CancellationToken ct = default)
    {
        var rows = await PurchasesOf(customerId)
            .Where(p => p.TotalMinor > 0)
            .SelectMany(p => p.Lines, (p, l) => new { l.Category, Net = l.AmountMinor * (p.TotalMinor - p.RefundedMinor) / p.TotalMinor })
            .GroupBy(x => x.Category)
            .Select(g => new { Category = g.Key, Net = g.Sum(x => x.Net) })
            .ToListAsync(ct);
        var total = rows.Sum(r => Math.Max(0, r.Net));
        return rows
            .Where(r => r.Net > 0)
            .OrderByDescending(r => r.Net).ThenBy(r => r.Category, StringComparer.Ordinal)
            .Select(r => new CategorySpend(r.Category, r.Net, total == 0 ? 0 : (double)r.Net / total))
            .ToList();
    }

    /// <summary>The top three categories by net spend, each with its share of all category spend.</summary>
    public async Task<IReadOnlyList<CategorySpend>> FavouritesAsync(string customerId, CancellationToken ct = default) =>
        (await ByCategoryAsync(customerId, ct)).Take(FavouriteCount).ToList();

    /// <summary>Net spend per UTC calendar month for the last <paramref name="months"/> months (this one included), every month present.</summary>
    public async Task<IReadOnlyList<MonthSpend>> MonthlyAsync(string customerId, int months, CancellationToken ct = default)
    {
        if (months is < 1 or > 120) throw new ArgumentOutOfRangeException(nameof(months));
        var now = clock.GetUtcNow().UtcDateTime;
        var thisMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var from = thisMonth.AddMonths(-(months - 1));
        var rows = await PurchasesOf(customerId)
            .Where(p => p.OccurredAtUtc >= from)
            .GroupBy(p => new { p.OccurredAtUtc.Year, p.OccurredAtUtc.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Net = g.Sum(p => p.TotalMinor - p.RefundedMinor), Count = g.Count() })
            .ToListAsync(ct);
        var byMonth = rows.ToDictionary(r => (r.Year, r.Month));
        return Enumerable.Range(0, months)
            .Select(i => from.AddMonths(i))
            .Select(m => byMonth.TryGetValue((m.Year, m.Month), out var r) ? new MonthSpend(m, r.Net, r.Count) : new MonthSpend(m, 0, 0))
            .ToList();
    }

    /// <summary>
    /// What <see cref="MonthlyAsync"/> adds up to (the last <paramref name="months"/> UTC months, this one included), as
    /// one prepared sum: the home page shows it on every visit.
    /// </summary>
    public Task<long> SpentAsync(string customerId, int months, CancellationToken ct = default)
    {
        if (months is < 1 or > 120) throw new ArgumentOutOfRangeException(nameof(months));
        var now = clock.GetUtcNow().UtcDateTime;
        var thisMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return HotReads.FirstRowAsync(db, SpentSql, r => r.GetInt64(0), ct,
            ("@customerId", customerId), ("@from", thisMonth.AddMonths(-(months - 1))), ("@until", thisMonth.AddMonths(1)));
    }

    private const string SpentSql = """
        SELECT CAST(COALESCE(SUM("TotalMinor" - "RefundedMinor"), 0) AS BIGINT) FROM "Purchase"
        WHERE "CustomerId" = @customerId AND "OccurredAtUtc" >= @from AND "OccurredAtUtc" < @until
        """;

    public async Task<EngagementScore> EngagementAsync(string customerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var yearAgo = now.AddMonths(-12);
        var signInsFrom = now.AddDays(-Engagement.SignInDays);
        var last = await PurchasesOf(customerId).MaxAsync(p => (DateTime?)p.OccurredAtUtc, ct);
        var purchases = await PurchasesOf(customerId).CountAsync(p => p.OccurredAtUtc >= yearAgo && p.OccurredAtUtc <= now, ct);
        // Sign-ins are recorded only as SignInSucceeded events, in the outbox, on the customer's stream.
        var signInType = DomainEventTypes.NameOf(typeof(SignInSucceeded));
        var signIns = await db.Set<OutboxMessage>().AsNoTracking()
            .CountAsync(m => m.StreamLookupKey == customerId && m.Type == signInType && m.OccurredAtUtc >= signInsFrom, ct);
        var redemptions = await db.Set<Redemption>().AsNoTracking()
            .CountAsync(r => r.CustomerId == customerId && r.CreatedAtUtc >= yearAgo, ct);
        var referrals = await db.Set<Referral>().AsNoTracking()
            .CountAsync(r => r.ReferrerId == customerId && r.State == ReferralState.Rewarded && r.RewardedAtUtc >= yearAgo, ct);
        int? daysSince = last is { } l ? Math.Max(0, (int)(now - l).TotalDays) : null;
        return Engagement.Score(daysSince, purchases, signIns, referrals, redemptions);
    }

    /// <summary>Distinct categories the customer has bought, for the history filter.</summary>
    public async Task<IReadOnlyList<string>> CategoriesAsync(string customerId, CancellationToken ct = default) =>
        (await PurchasesOf(customerId).SelectMany(p => p.Lines, (p, l) => l.Category).Distinct().ToListAsync(ct))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Purchase history, newest first, after <paramref name="after"/> (keyset on OccurredAtUtc, Id), each purchase with its
    /// lines (one query for the page's lines). Asks for one more than <paramref name="take"/> to know whether more follow.
    /// </summary>
    public async Task<PurchaseHistoryPage> HistoryAsync(string customerId, PurchaseFilter filter, PurchaseCursor? after, int take, CancellationToken ct = default)
    {
        var query = Filtered(customerId, filter);
        if (after is { } c)
            query = query.Where(p => p.OccurredAtUtc < c.OccurredAtUtc || (p.OccurredAtUtc == c.OccurredAtUtc && p.Id < c.Id));
        var page = await Project(query.OrderByDescending(p => p.OccurredAtUtc).ThenByDescending(p => p.Id).Take(take + 1), ct);
        var more = page.Count > take;
        if (more) page.RemoveAt(page.Count - 1);
        var items = await WithLinesAsync(page, ct);
        return new PurchaseHistoryPage(items, more ? new PurchaseCursor(page[^1].OccurredAtUtc, page[^1].Id) : null, null);
    }

    /// <summary>Purchase history by page number (1-based) for the page, with the number of matching purchases.</summary>
    public async Task<PurchaseHistoryPage> HistoryPageAsync(string customerId, PurchaseFilter filter, int page, int size, CancellationToken ct = default)
    {
        var query = Filtered(customerId, filter);
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + size - 1) / size);
        page = Math.Clamp(page, 1, pages);
        var rows = await Project(query.OrderByDescending(p => p.OccurredAtUtc).ThenByDescending(p => p.Id).Skip((page - 1) * size).Take(size), ct);
        return new PurchaseHistoryPage(await WithLinesAsync(rows, ct), null, new PageInfo(page, size, total, pages));
    }

    private IQueryable<Purchase> Filtered(string customerId, PurchaseFilter filter)
    {
        var query = PurchasesOf(customerId);
        if (filter.FromUtc is { } from) query = query.Where(p => p.OccurredAtUtc >= from);
        if (filter.ToUtc is { } to) query = query.Where(p => p.OccurredAtUtc < to);
        if (!string.IsNullOrWhiteSpace(filter.Category))
        {
            var category = filter.Category.Trim();
            query = query.Where(p => p.Lines.Any(l => l.Category == category));
        }
        return query;
    }

    private static Task<List<PurchaseRow>> Project(IQueryable<Purchase> query, CancellationToken ct) =>
        query.Select(p => new PurchaseRow(p.Id, p.OrderId, p.OccurredAtUtc, p.Channel, p.TotalMinor, p.RefundedMinor, p.PointsEarned, p.PointsReversed))
            .ToListAsync(ct);

    private async Task<IReadOnlyList<PurchaseItem>> WithLinesAsync(List<PurchaseRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToList();
        var lines = (await db.Set<PurchaseLine>().AsNoTracking()
                .Where(l => ids.Contains(l.PurchaseId))
                .OrderBy(l => l.Id)
                .Select(l => new { l.PurchaseId, Line = new PurchaseLineItem(l.Category, l.Quantity, l.AmountMinor) })
                .ToListAsync(ct))
            .ToLookup(l => l.PurchaseId, l => l.Line);
        return rows.Select(r => new PurchaseItem(r.Id, r.OrderId, DateTime.SpecifyKind(r.OccurredAtUtc, DateTimeKind.Utc), r.Channel,
            r.TotalMinor, r.RefundedMinor, r.TotalMinor - r.RefundedMinor, r.PointsEarned, r.PointsReversed, lines[r.Id].ToList())).ToList();
    }

    private sealed record PurchaseRow(long Id, string OrderId, DateTime OccurredAtUtc, PurchaseChannel Channel, long TotalMinor,
        long RefundedMinor, long PointsEarned, long PointsReversed);
}

public sealed record AnalyticsTotals(int Purchases, long SpentMinor, long AverageOrderMinor, DateTime? LastPurchaseUtc, string Currency);

public sealed record CategorySpend(string Category, long SpentMinor, double Share);

/// <summary>A UTC calendar month (its first day) with the net spend and number of purchases in it.</summary>
public sealed record MonthSpend(DateTime MonthUtc, long SpentMinor, int Purchases);

public sealed record PurchaseFilter(DateTime? FromUtc = null, DateTime? ToUtc = null, string? Category = null)
{
    /// <summary>From the start of <paramref name="from"/> to the end of <paramref name="to"/> (whole UTC days).</summary>
    public static PurchaseFilter Days(DateOnly? from, DateOnly? to, string? category) => new(
        from?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        to?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        string.IsNullOrWhiteSpace(category) ? null : category.Trim());
}

public sealed record PurchaseLineItem(string Category, int Quantity, long AmountMinor);

public sealed record PurchaseItem(long Id, string OrderId, DateTime OccurredAtUtc, PurchaseChannel Channel, long TotalMinor, long RefundedMinor,
    long NetMinor, long PointsEarned, long PointsReversed, IReadOnlyList<PurchaseLineItem> Lines);

public sealed record PageInfo(int Page, int Size, int Total, int Pages);

public sealed record PurchaseHistoryPage(IReadOnlyList<PurchaseItem> Items, PurchaseCursor? Next, PageInfo? Page);

/// <summary>Where a page of history stopped: the last purchase's time and id. Opaque to clients (base64url).</summary>
public readonly record struct PurchaseCursor(DateTime OccurredAtUtc, long Id)
{
    private const string Version = "p1";

    public string Encode()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Version}:{OccurredAtUtc.Ticks}:{Id}");
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    public static bool TryDecode(string? value, out PurchaseCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > 100) return false;
        byte[] bytes;
        try { bytes = Base64Url.DecodeFromChars(value); }
        catch (FormatException) { return false; }
        var parts = Encoding.UTF8.GetString(bytes).Split(':');
        if (parts.Length != 3 || parts[0] != Version
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks || id < 1)
            return false;
        cursor = new PurchaseCursor(new DateTime(ticks, DateTimeKind.Utc), id);
        return true;
    }
}
