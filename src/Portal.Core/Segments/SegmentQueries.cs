using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Loyalty;

namespace Portal.Core.Segments;

public enum MoveKind
{
    /// <summary>No purchase yet: the first one scores the customer.</summary>
    FirstPurchase,
    /// <summary>One purchase ends Inactive.</summary>
    LeaveInactive,
    /// <summary>Spend <see cref="SegmentMove.AmountMinor"/> more in the recent window to stop being At Risk.</summary>
    LeaveAtRisk,
    /// <summary><see cref="SegmentMove.Count"/> more purchases before <see cref="SegmentMove.ByUtc"/> make the customer Frequent.</summary>
    BecomeFrequent,
    /// <summary>Spend <see cref="SegmentMove.AmountMinor"/> more in the trailing window to reach the last run's VIP edge.</summary>
    BecomeVip,
}

/// <summary>One thing the customer can do to move up, in plain numbers.</summary>
public sealed record SegmentMove(MoveKind Kind, Segment Target, int Count = 0, long AmountMinor = 0, DateTime? ByUtc = null);

public sealed record CustomerSegmentView(
    Segment Segment,
    CustomerScore? Score,
    IReadOnlyList<SegmentHistoryEntry> History,
    IReadOnlyList<SegmentMove> Moves,
    DateTime? LastRunFinishedAtUtc);

public sealed record SegmentSummaryRow(
    Segment Segment,
    int Customers,
    double CustomerShare,
    long RevenueMinor,
    double RevenueShare,
    long AverageOrderMinor,
    double AveragePurchases,
    double AverageRecencyDays);

public sealed record SegmentMovement(Segment From, Segment To, int Customers);

public sealed record SegmentOverview(
    SegmentRun? LastRun,
    SegmentRun? RunningRun,
    IReadOnlyList<SegmentSummaryRow> Rows,
    IReadOnlyList<SegmentMovement> Movements,
    bool HasPreviousRun);

/// <summary>What the segment pages show: a customer's segment and how to move up, the staff overview, the CSV export.</summary>
public sealed class SegmentQueries(PortalDbContext db, SegmentOptions options, TimeProvider clock)
{
    /// <summary>Segments in the order the pages list them (best first, New last).</summary>
    public static readonly IReadOnlyList<Segment> Ordered =
        [Segment.Vip, Segment.Frequent, Segment.Occasional, Segment.AtRisk, Segment.Inactive, Segment.New];

    public SegmentOptions Options => options;

    // The customer's /segment runs these on every visit: compiled once, so EF skips building and looking them up.
    private static readonly CompiledPerModel<Func<PortalDbContext, CancellationToken, Task<SegmentRun?>>> LastCompleted = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, CancellationToken ct) => db.Set<SegmentRun>().AsNoTracking()
            .Where(r => r.Status == SegmentRunStatus.Completed).OrderByDescending(r => r.Id).FirstOrDefault()));

    // The latest 50 assignments, newest first (index CustomerId, AssignedAtUtc).
    private const string HistorySql = """
        SELECT "Id", "RunId", "Segment", "PreviousSegment", "Recency", "Frequency", "Monetary", "AssignedAtUtc"
        FROM "SegmentHistoryEntry" WHERE "CustomerId" = @customerId
        ORDER BY "AssignedAtUtc" DESC, "Id" DESC LIMIT 50
        """;

    public Task<SegmentRun?> LastCompletedRunAsync(CancellationToken ct = default) => LastCompleted.For(db)(db, ct);

    public Task<SegmentRun?> RunAsync(long id, CancellationToken ct = default) =>
        db.Set<SegmentRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);

    public Task<SegmentRun?> RunningAsync(CancellationToken ct = default) =>
        db.Set<SegmentRun>().AsNoTracking().Where(r => r.Status == SegmentRunStatus.Running)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    public Task<SegmentRun?> LatestRunAsync(CancellationToken ct = default) =>
        db.Set<SegmentRun>().AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    public async Task<CustomerSegmentView> ForCustomerAsync(string customerId, CancellationToken ct = default)
    {
        var (score, lastRunFinished, vipThreshold) = await HotReads.FirstRowAsync(db, CustomerSql,
            r => (ReadScore(r, customerId), r.GetUtcOrNull(14), r.IsDBNull(15) ? 0L : r.GetInt64(15)),
            ct, ("@customerId", customerId));
        var history = await HotReads.ListAsync(db, HistorySql, r => new SegmentHistoryEntry
        {
            Id = r.GetInt64(0), CustomerId = customerId, RunId = r.GetInt64(1), Segment = Enum.Parse<Segment>(r.GetString(2)),
            PreviousSegment = r.IsDBNull(3) ? null : Enum.Parse<Segment>(r.GetString(3)),
            Recency = r.GetInt32(4), Frequency = r.GetInt32(5), Monetary = r.GetInt32(6), AssignedAtUtc = r.GetUtc(7),
        }, ct, ("@customerId", customerId));
        var moves = score is null ? [new SegmentMove(MoveKind.FirstPurchase, Segment.Occasional)] : await MovesAsync(score, vipThreshold, ct);
        return new CustomerSegmentView(score?.Segment ?? Segment.New, score, history, moves, lastRunFinished);
    }

    // /segment's score and the latest completed run in one plain statement (one row, even for a customer not yet scored):
    // they are read on every visit. Enums are stored by name, times as UTC.
    private const string CustomerSql = $"""
        SELECT s."Segment", s."PreviousSegment", s."Recency", s."Frequency", s."Monetary", s."LastPurchaseAtUtc", s."Purchases12Months",
            s."Spend12MonthsMinor", s."Purchases90Days", s."Spend90DaysMinor", s."SpendPrior90DaysMinor", s."PurchasesPrior90Days", s."RunId",
            s."ComputedAtUtc", r."FinishedAtUtc", r."VipThresholdMinor"
        FROM (SELECT 1 AS "One") AS one
        LEFT JOIN "CustomerScore" AS s ON s."CustomerId" = @customerId
        LEFT JOIN (SELECT "FinishedAtUtc", "VipThresholdMinor" FROM "SegmentRun" WHERE "Status" = '{nameof(SegmentRunStatus.Completed)}'
            ORDER BY "Id" DESC LIMIT 1) AS r ON 1 = 1
        """;

    private static CustomerScore? ReadScore(System.Data.Common.DbDataReader r, string customerId) => r.IsDBNull(0) ? null : new CustomerScore
    {
        CustomerId = customerId,
        Segment = Enum.Parse<Segment>(r.GetString(0)),
        PreviousSegment = r.IsDBNull(1) ? null : Enum.Parse<Segment>(r.GetString(1)),
        Recency = r.GetInt32(2),
        Frequency = r.GetInt32(3),
        Monetary = r.GetInt32(4),
        LastPurchaseAtUtc = r.GetUtc(5),
        Purchases12Months = r.GetInt32(6),
        Spend12MonthsMinor = r.GetInt64(7),
        Purchases90Days = r.GetInt32(8),
        Spend90DaysMinor = r.GetInt64(9),
        SpendPrior90DaysMinor = r.GetInt64(10),
        PurchasesPrior90Days = r.GetInt32(11),
        RunId = r.GetInt64(12),
        ComputedAtUtc = r.GetUtc(13),
    };

    private async Task<IReadOnlyList<SegmentMove>> MovesAsync(CustomerScore score, long vipThresholdMinor, CancellationToken ct)
    {
        var moves = new List<SegmentMove>();
        if (score.Segment == Segment.Inactive)
        {
            moves.Add(new SegmentMove(MoveKind.LeaveInactive, Segment.Occasional, Count: 1));
            return moves;
        }
        if (score.Segment == Segment.AtRisk)
        {
            var needed = (long)Math.Ceiling(score.SpendPrior90DaysMinor * options.AtRiskRatio) - score.Spend90DaysMinor;
            if (needed > 0) moves.Add(new SegmentMove(MoveKind.LeaveAtRisk, Segment.Occasional, AmountMinor: needed));
        }
        if (score.Segment is Segment.Occasional or Segment.AtRisk)
        {
            // The recent purchases that count now; the oldest of them leaves the window first.
            var now = clock.GetUtcNow().UtcDateTime;
            var since = now.AddDays(-options.RecentDays);
            var recent = await db.Set<Purchase>().AsNoTracking()
                .Where(p => p.CustomerId == score.CustomerId && p.OccurredAtUtc > since && p.OccurredAtUtc <= now && p.TotalMinor > p.RefundedMinor)
                .OrderBy(p => p.OccurredAtUtc).Select(p => p.OccurredAtUtc).Take(options.FrequentPurchases).ToListAsync(ct);
            var count = Math.Max(1, options.FrequentPurchases - recent.Count);
            var by = recent.Count == 0 ? now.AddDays(options.RecentDays) : recent[0].AddDays(options.RecentDays);
            moves.Add(new SegmentMove(MoveKind.BecomeFrequent, Segment.Frequent, Count: count, ByUtc: by));
        }
        if (score.Segment != Segment.Vip && vipThresholdMinor > 0)
        {
            var needed = vipThresholdMinor - score.Spend12MonthsMinor;
            if (needed > 0) moves.Add(new SegmentMove(MoveKind.BecomeVip, Segment.Vip, AmountMinor: needed));
        }
        return moves;
    }

    public async Task<SegmentOverview> OverviewAsync(CancellationToken ct = default)
    {
        var lastRun = await LastCompletedRunAsync(ct);
        var running = await RunningAsync(ct);
        var at = lastRun?.FinishedAtUtc ?? clock.GetUtcNow().UtcDateTime;
        var isPostgres = db is PostgresPortalDbContext;
        var recency = isPostgres
            ? "AVG(EXTRACT(EPOCH FROM ({0} - \"LastPurchaseAtUtc\")) / 86400.0)"
            : "AVG(julianday({0}) - julianday(\"LastPurchaseAtUtc\"))";
        // Casts so both providers return the same types (PostgreSQL sums bigints as numeric).
        var sql = "SELECT \"Segment\" AS \"Key\", CAST(COUNT(*) AS INTEGER) AS \"Customers\", CAST(COALESCE(SUM(\"Spend12MonthsMinor\"), 0) AS BIGINT) AS \"Revenue\", " +
                  "CAST(COALESCE(SUM(\"Purchases12Months\"), 0) AS BIGINT) AS \"Purchases\", CAST(COALESCE(" + recency + ", 0) AS DOUBLE PRECISION) AS \"Recency\" " +
                  "FROM \"CustomerScore\" GROUP BY \"Segment\"";
        object atParameter = isPostgres ? at : at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        var groups = await db.Database.SqlQueryRaw<SegmentGroup>(sql, atParameter).ToListAsync(ct);

        var customers = await CustomerCountAsync(ct);
        var scored = groups.Sum(g => g.Customers);
        var newCount = Math.Max(0, customers - scored);
        var totalCustomers = Math.Max(customers, scored);
        var revenue = groups.Sum(g => g.Revenue);
        var rows = Ordered.Select(segment =>
        {
            if (segment == Segment.New)
                return new SegmentSummaryRow(Segment.New, newCount, Share(newCount, totalCustomers), 0, 0, 0, 0, 0);
            var g = groups.FirstOrDefault(x => x.Key == segment.ToString());
            if (g is null) return new SegmentSummaryRow(segment, 0, 0, 0, 0, 0, 0, 0);
            return new SegmentSummaryRow(segment, g.Customers, Share(g.Customers, totalCustomers), g.Revenue, Share(g.Revenue, revenue),
                g.Purchases == 0 ? 0 : g.Revenue / g.Purchases, (double)g.Purchases / g.Customers, g.Recency);
        }).ToList();

        var movements = new List<SegmentMovement>();
        var hasPrevious = false;
        if (lastRun is not null)
        {
            hasPrevious = await db.Set<SegmentRun>().AnyAsync(r => r.Status == SegmentRunStatus.Completed && r.Id < lastRun.Id, ct);
            // The last run's history rows are its moves; everyone else in a segment stayed there.
            var moved = await db.Set<SegmentHistoryEntry>().AsNoTracking().Where(h => h.RunId == lastRun.Id)
                .GroupBy(h => new { h.PreviousSegment, h.Segment })
                .Select(g => new { g.Key.PreviousSegment, g.Key.Segment, Count = g.Count() }).ToListAsync(ct);
            movements.AddRange(moved.Select(m => new SegmentMovement(m.PreviousSegment ?? Segment.New, m.Segment, m.Count)));
            foreach (var g in groups)
            {
                var segment = Enum.Parse<Segment>(g.Key);
                var stayed = g.Customers - moved.Where(m => m.Segment == segment).Sum(m => m.Count);
                if (stayed > 0) movements.Add(new SegmentMovement(segment, segment, stayed));
            }
        }
        return new SegmentOverview(lastRun, running, rows, movements, hasPrevious);
    }

    private Task<int> CustomerCountAsync(CancellationToken ct) =>
        (from user in db.Users
         join userRole in db.UserRoles on user.Id equals userRole.UserId
         join role in db.Roles on userRole.RoleId equals role.Id
         where role.Name == Roles.Customer
         select user.Id).CountAsync(ct);

    private static double Share(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    private sealed class SegmentGroup
    {
        public string Key { get; set; } = "";
        public int Customers { get; set; }
        public long Revenue { get; set; }
        public long Purchases { get; set; }
        public double Recency { get; set; }
    }

    public static readonly string[] CsvHeader =
    [
        "Customer ID", "Name", "Email", "Segment", "Recency score", "Frequency score", "Monetary score", "Last purchase (UTC)",
        "Purchases 12 months", "Spend 12 months", "Purchases 90 days", "Spend 90 days", "Spend prior 90 days", "Currency", "Figures changed at (UTC)",
    ];

    /// <summary>Writes one segment's customers as CSV, row by row as they are read (no list in memory).</summary>
    public async Task WriteCsvAsync(Segment segment, TextWriter writer, string currency, CancellationToken ct = default)
    {
        await writer.WriteAsync(CsvLine(CsvHeader));
        var exponent = Common.Money.CurrencyExponent(currency);
        string Amount(long minor) => ((decimal)minor / (decimal)Math.Pow(10, exponent)).ToString("F" + exponent, CultureInfo.InvariantCulture);
        string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var written = 0;
        if (segment == Segment.New)
        {
            var rows = from user in db.Users.AsNoTracking()
                       join userRole in db.UserRoles on user.Id equals userRole.UserId
                       join role in db.Roles on userRole.RoleId equals role.Id
                       where role.Name == Roles.Customer && !db.Set<CustomerScore>().Any(s => s.CustomerId == user.Id)
                       orderby user.CustomerNumber
                       select new { user.CustomerNumber, user.DisplayName, user.Email };
            await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
            {
                await writer.WriteAsync(CsvLine([r.CustomerNumber, r.DisplayName, r.Email ?? "", nameof(Segment.New), "", "", "", "", "0", Amount(0), "0", Amount(0), Amount(0), currency, ""]));
                if (++written % 1000 == 0) await writer.FlushAsync(ct);
            }
            return;
        }
        var scores = from score in db.Set<CustomerScore>().AsNoTracking()
                     join user in db.Users on score.CustomerId equals user.Id
                     where score.Segment == segment
                     orderby user.CustomerNumber
                     select new { user.CustomerNumber, user.DisplayName, user.Email, score };
        await foreach (var r in scores.AsAsyncEnumerable().WithCancellation(ct))
        {
            var s = r.score;
            await writer.WriteAsync(CsvLine([
                r.CustomerNumber, r.DisplayName, r.Email ?? "", s.Segment.ToString(),
                s.Recency.ToString(CultureInfo.InvariantCulture), s.Frequency.ToString(CultureInfo.InvariantCulture), s.Monetary.ToString(CultureInfo.InvariantCulture),
                Time(s.LastPurchaseAtUtc), s.Purchases12Months.ToString(CultureInfo.InvariantCulture), Amount(s.Spend12MonthsMinor),
                s.Purchases90Days.ToString(CultureInfo.InvariantCulture), Amount(s.Spend90DaysMinor), Amount(s.SpendPrior90DaysMinor), currency,
                Time(s.ComputedAtUtc)]));
            if (++written % 1000 == 0) await writer.FlushAsync(ct);
        }
    }

    /// <summary>One CSV record (RFC 4180, CRLF). A cell a spreadsheet would read as a formula gets a leading apostrophe.</summary>
    public static string CsvLine(IEnumerable<string> cells)
    {
        var line = new StringBuilder();
        foreach (var raw in cells)
        {
            if (line.Length > 0) line.Append(',');
            var cell = raw is { Length: > 0 } && raw[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + raw : raw;
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0) line.Append('"').Append(cell.Replace("\"", "\"\"")).Append('"');
            else line.Append(cell);
        }
        return line.Append("\r\n").ToString();
    }
}
