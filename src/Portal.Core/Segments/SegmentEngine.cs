using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Core.Segments;

/// <summary>How far a run has got, for the staff page's progress bar.</summary>
public sealed record SegmentProgress(long RunId, int StepsDone, int StepCount);

/// <summary>What <see cref="SegmentEngine.RecomputeAsync"/> or <see cref="SegmentEngine.TryStartAsync"/> did.</summary>
/// <param name="AlreadyRunning">Refused: another run (<paramref name="RunId"/>) is in progress.</param>
public sealed record SegmentRecomputeResult(long RunId, bool AlreadyRunning, SegmentRun? Run = null)
{
    public bool Started => !AlreadyRunning;
}

/// <summary>
/// Scores every customer with a purchase (RFM quintiles over the trailing window) and puts each in a segment, in
/// set-based SQL on SQLite and PostgreSQL: one aggregate pass over the purchases into a staging table, one window
/// pass per metric, then one transaction that writes the history, the SegmentChanged events, the scores and the run.
/// After a completed run, the next one rereads only the purchases of customers with new purchases or refunds since (or a
/// score deleted), takes everyone else's figures from their stored score, moved by the purchases that have crossed a
/// window's edge since; a full pass still runs every <see cref="SegmentOptions.FullPassEvery"/>.
/// One run at a time: a second start while one is running is refused.
/// </summary>
public sealed class SegmentEngine(PortalDbContext db, SegmentOptions options, TimeProvider clock, OutboxSignal outboxSignal)
{
    public const int StepCount = 4;

    // Any number fits: it only has to be the same for every process sharing the database.
    private const long PostgresLockKey = 0x5E6_0E47;

    // Serializable makes Microsoft.Data.Sqlite start with BEGIN IMMEDIATE (the write lock up front); PostgreSQL needs no more than its default.
    private IsolationLevel WriteIsolation => IsPostgres ? IsolationLevel.ReadCommitted : IsolationLevel.Serializable;

    private bool IsPostgres => db is PostgresPortalDbContext || db.Database.ProviderName?.Contains("Npgsql") == true;

    /// <summary>Starts a run and computes it to the end; refused (nothing computed) when one is already running.</summary>
    public async Task<SegmentRecomputeResult> RecomputeAsync(string? startedByUserId, IProgress<SegmentProgress>? progress = null, CancellationToken ct = default)
    {
        var start = await TryStartAsync(startedByUserId, ct);
        if (start.AlreadyRunning) return start;
        return start with { Run = await RunAsync(start.RunId, progress, ct) };
    }

    /// <summary>
    /// Records a new run as Running, unless one is running already (a run left Running by a stopped process is
    /// marked failed after <see cref="SegmentOptions.AbandonedAfter"/>). The check and the insert are one write
    /// transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so two racing starts give one run.
    /// </summary>
    public async Task<SegmentRecomputeResult> TryStartAsync(string? startedByUserId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(WriteIsolation, ct);
        if (IsPostgres)
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", ct);
        var abandonedBefore = now - options.AbandonedAfter;
        await db.Set<SegmentRun>()
            .Where(r => r.Status == SegmentRunStatus.Running && r.StartedAtUtc < abandonedBefore)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, SegmentRunStatus.Failed)
                .SetProperty(r => r.FinishedAtUtc, now)
                .SetProperty(r => r.Error, "Abandoned: the process running it stopped."), ct);
        var running = await db.Set<SegmentRun>().AsNoTracking()
            .Where(r => r.Status == SegmentRunStatus.Running).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (running is { } runningId) return new SegmentRecomputeResult(runningId, AlreadyRunning: true);

        var run = new SegmentRun
        {
            Status = SegmentRunStatus.Running, StartedByUserId = startedByUserId, StartedAtUtc = now, StepCount = StepCount,
        };
        db.Add(run);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.Entry(run).State = EntityState.Detached;
        return new SegmentRecomputeResult(run.Id, AlreadyRunning: false, run);
    }

    /// <summary>Computes the run started by <see cref="TryStartAsync"/>; marks it Failed (and rethrows) when something goes wrong.</summary>
    public async Task<SegmentRun> RunAsync(long runId, IProgress<SegmentProgress>? progress = null, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Database.OpenConnectionAsync(ct);
        // The connection's own setting, restored after the run (the connection goes back to the pool).
        long? synchronous = null;
        try
        {
            if (!IsPostgres) synchronous = Convert.ToInt64(await ScalarAsync("PRAGMA synchronous", null, ct), CultureInfo.InvariantCulture);
            await DropStagingAsync(ct);
            // The staging tables and sorts stay in memory, and the writes get a bigger page cache; reset after the run.
            // The run's commit does not wait for the disk (WAL with synchronous NORMAL): a power cut right after it
            // loses only this run, which is left Running, marked abandoned and computed again; the next commit on the
            // database, with the usual setting, syncs its pages too.
            if (!IsPostgres) await ExecAsync("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536; PRAGMA synchronous = NORMAL;", null, ct);
            await ComputeAsync(runId, now, watch, progress, ct);
        }
        catch (Exception e)
        {
            if (db.Database.CurrentTransaction is { } open) await open.RollbackAsync(CancellationToken.None);
            await db.Set<SegmentRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, SegmentRunStatus.Failed)
                .SetProperty(r => r.FinishedAtUtc, clock.GetUtcNow().UtcDateTime)
                .SetProperty(r => r.DurationMs, watch.ElapsedMilliseconds)
                .SetProperty(r => r.Error, Truncate(e is OperationCanceledException ? "Cancelled." : e.Message, 2000)), CancellationToken.None);
            throw;
        }
        finally
        {
            await DropStagingAsync(CancellationToken.None);
            if (synchronous is { } level)
                await ExecAsync(string.Create(CultureInfo.InvariantCulture, $"PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -2000; PRAGMA synchronous = {level};"), null, CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
        return await db.Set<SegmentRun>().AsNoTracking().SingleAsync(r => r.Id == runId, CancellationToken.None);
    }

    private async Task ComputeAsync(long runId, DateTime now, Stopwatch watch, IProgress<SegmentProgress>? progress, CancellationToken ct)
    {
        var time = IsPostgres ? "timestamp with time zone" : "TEXT";
        var id = IsPostgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY";
        var p = new Dictionary<string, object>
        {
            ["now"] = Time(now),
            ["window"] = Time(now.AddMonths(-options.WindowMonths)),
            ["recent"] = Time(now.AddDays(-options.RecentDays)),
            ["earlier"] = Time(now.AddDays(-2 * options.RecentDays)),
            ["inactive"] = Time(now.AddDays(-options.InactiveDays)),
            ["run"] = runId,
        };

        // 1. The figures per customer: one pass over the purchases (a scan of the covering index, as a plain GROUP BY
        // customer is), or after an earlier run only the changed customers' purchases plus everyone else's stored
        // figures. A fully refunded purchase does not count; refunds reduce spend.
        var basis = string.Create(CultureInfo.InvariantCulture, $"w{options.WindowMonths};r{options.RecentDays}");
        var previous = await PreviousRunAsync(basis, now, ct);
        // Read before the purchases are: a purchase added or deleted around these reads shows as a mismatch next time
        // (a search too many), never the reverse. Two statements: SQLite counts a bare COUNT(*) from the smallest
        // index's pages, but scans it row by row when MAX sits beside it.
        var purchaseCount = Convert.ToInt64(await ScalarAsync("""SELECT COUNT(*) FROM "Purchase" """, null, ct), CultureInfo.InvariantCulture);
        var purchaseMaxId = Convert.ToInt64(await ScalarAsync("""SELECT COALESCE(MAX("Id"), 0) FROM "Purchase" """, null, ct), CultureInfo.InvariantCulture);
        await ExecAsync($"""
            CREATE TEMP TABLE seg_agg (
                "Id" {id}, "CustomerId" TEXT NOT NULL, "LastAt" {time} NOT NULL,
                "P12" INTEGER NOT NULL, "S12" BIGINT NOT NULL, "P90" INTEGER NOT NULL, "S90" BIGINT NOT NULL,
                "PP90" INTEGER NOT NULL, "SP90" BIGINT NOT NULL,
                "Old" TEXT NULL, "OldR" INTEGER NULL, "OldF" INTEGER NULL, "OldM" INTEGER NULL, "Same" INTEGER NOT NULL)
            """, null, ct);
        // The stored segment and scores ride along (Old…), and Same says the stored figures equal these, so the stage
        // can pick out the changed rows without a second search of the scores.
        const string Stored = """s."Segment", s."Recency", s."Frequency", s."Monetary" """;
        const string SameAsStored = """
            CASE WHEN s."LastPurchaseAtUtc" = g."LastAt" AND s."Purchases12Months" = g."P12" AND s."Spend12MonthsMinor" = g."S12"
                AND s."Purchases90Days" = g."P90" AND s."Spend90DaysMinor" = g."S90" AND s."PurchasesPrior90Days" = g."PP90"
                AND s."SpendPrior90DaysMinor" = g."SP90" THEN 1 ELSE 0 END
            """;
        // On SQLite a comparison is 0 or 1, so the counts are sums of comparisons, and the earlier 90 days are the last
        // 180 minus the last 90: the least bytecode per row on the hottest statement.
        var windowed = IsPostgres
            ? """
                SUM(CASE WHEN p."OccurredAtUtc" > @window THEN 1 ELSE 0 END) AS "P12",
                SUM(CASE WHEN p."OccurredAtUtc" > @window THEN p."TotalMinor" - p."RefundedMinor" ELSE 0 END) AS "S12",
                SUM(CASE WHEN p."OccurredAtUtc" > @recent THEN 1 ELSE 0 END) AS "P90",
                SUM(CASE WHEN p."OccurredAtUtc" > @recent THEN p."TotalMinor" - p."RefundedMinor" ELSE 0 END) AS "S90",
                SUM(CASE WHEN p."OccurredAtUtc" > @earlier AND p."OccurredAtUtc" <= @recent THEN 1 ELSE 0 END) AS "PP90",
                SUM(CASE WHEN p."OccurredAtUtc" > @earlier AND p."OccurredAtUtc" <= @recent THEN p."TotalMinor" - p."RefundedMinor" ELSE 0 END) AS "SP90"
                """
            : """
                SUM(p."OccurredAtUtc" > @window) AS "P12", SUM(iif(p."OccurredAtUtc" > @window, p."TotalMinor" - p."RefundedMinor", 0)) AS "S12",
                SUM(p."OccurredAtUtc" > @recent) AS "P90", SUM(iif(p."OccurredAtUtc" > @recent, p."TotalMinor" - p."RefundedMinor", 0)) AS "S90",
                SUM(p."OccurredAtUtc" > @earlier) - SUM(p."OccurredAtUtc" > @recent) AS "PP90",
                SUM(iif(p."OccurredAtUtc" > @earlier, p."TotalMinor" - p."RefundedMinor", 0)) - SUM(iif(p."OccurredAtUtc" > @recent, p."TotalMinor" - p."RefundedMinor", 0)) AS "SP90"
                """;
        int rescanned;
        if (previous is not { } since)
        {
            rescanned = await ExecAsync($"""
                INSERT INTO seg_agg ("CustomerId", "LastAt", "P12", "S12", "P90", "S90", "PP90", "SP90", "Old", "OldR", "OldF", "OldM", "Same")
                SELECT g.*, {Stored}, {SameAsStored}
                FROM (
                    SELECT p."CustomerId", MAX(p."OccurredAtUtc") AS "LastAt",
                        {windowed}
                    FROM "Purchase" p
                    WHERE p."TotalMinor" > p."RefundedMinor"
                    GROUP BY p."CustomerId"
                ) g
                LEFT JOIN "CustomerScore" s ON s."CustomerId" = g."CustomerId"
                ORDER BY g."CustomerId"
                """, p, ct);
        }
        else
        {
            rescanned = await CollectChangedCustomersAsync(since, purchaseCount, now, ct);
            // The same rows, in the same customer order, as the full pass gives: the quintiles break ties by that order.
            // Stored figures move by what crossed a window's edge (seg_moved); the changed customers' are reread. The
            // ORDER BY on the compound itself lets SQLite merge two ordered halves (the scores in key order) instead of
            // sorting every row.
            await ExecAsync($"""
                INSERT INTO seg_agg ("CustomerId", "LastAt", "P12", "S12", "P90", "S90", "PP90", "SP90", "Old", "OldR", "OldF", "OldM", "Same")
                SELECT g.*, {Stored}, {SameAsStored}
                FROM (
                    SELECT p."CustomerId", MAX(p."OccurredAtUtc") AS "LastAt",
                        {windowed}
                    FROM "Purchase" p
                    WHERE p."CustomerId" IN (SELECT "CustomerId" FROM seg_dirty) AND p."TotalMinor" > p."RefundedMinor"
                    GROUP BY p."CustomerId"
                ) g
                LEFT JOIN "CustomerScore" s ON s."CustomerId" = g."CustomerId"
                UNION ALL
                SELECT s."CustomerId", s."LastPurchaseAtUtc", s."Purchases12Months" + COALESCE(m."P12", 0),
                    s."Spend12MonthsMinor" + COALESCE(m."S12", 0), s."Purchases90Days" + COALESCE(m."P90", 0),
                    s."Spend90DaysMinor" + COALESCE(m."S90", 0), s."PurchasesPrior90Days" + COALESCE(m."PP90", 0),
                    s."SpendPrior90DaysMinor" + COALESCE(m."SP90", 0), {Stored}, CASE WHEN m."CustomerId" IS NULL THEN 1 ELSE 0 END
                FROM "CustomerScore" s
                LEFT JOIN seg_moved m ON m."CustomerId" = s."CustomerId"
                WHERE NOT EXISTS (SELECT 1 FROM seg_dirty d WHERE d."CustomerId" = s."CustomerId")
                ORDER BY 1
                """, p, ct);
        }
        await StepAsync(runId, 1, progress, ct);

        // 2. The VIP edge: the trailing spend of the last customer inside the top share (ties at the edge are VIP too).
        // On SQLite the quintile cuts come first: their index on S12 then serves this query too.
        var scored = Convert.ToInt32(await ScalarAsync("SELECT COUNT(*) FROM seg_agg", null, ct), CultureInfo.InvariantCulture);
        var (r, f, m) = IsPostgres ? await NtileByWindowAsync(ct) : await NtileByCutsAsync(scored, p, ct);
        var vipCount = scored == 0 ? 0 : Math.Max(1, (int)Math.Ceiling(scored * options.VipTopShare - 1e-9));
        var edge = vipCount == 0 ? 0L : Convert.ToInt64(await ScalarAsync(
            """SELECT "S12" FROM seg_agg ORDER BY "S12" DESC LIMIT 1 OFFSET @offset""",
            new() { ["offset"] = vipCount - 1 }, ct), CultureInfo.InvariantCulture);
        // A customer with no spend in the window is never VIP, whatever the edge.
        p["vip"] = Math.Max(edge, 1L);
        p["ratio"] = options.AtRiskRatio;
        p["frequent"] = options.FrequentPurchases;
        await StepAsync(runId, 2, progress, ct);

        // 3. Quintiles per metric (recency reversed: the most recent get 5; ties in customer order), then the first rule
        // that matches; the stage keeps the rows that differ from the stored ones (usually a few per cent).
        // On SQLite "INTEGER PRIMARY KEY" is the rowid: the stage keeps seg_agg's customer order.
        var tileKey = IsPostgres ? "BIGINT NOT NULL PRIMARY KEY" : "INTEGER PRIMARY KEY";
        await ExecAsync($"""
            CREATE TEMP TABLE seg_stage (
                "Id" {tileKey}, "CustomerId" TEXT NOT NULL, "LastAt" {time} NOT NULL,
                "P12" INTEGER NOT NULL, "S12" BIGINT NOT NULL, "P90" INTEGER NOT NULL, "S90" BIGINT NOT NULL, "SP90" BIGINT NOT NULL,
                "PP90" INTEGER NOT NULL, "R" INTEGER NOT NULL, "F" INTEGER NOT NULL, "M" INTEGER NOT NULL, "Segment" TEXT NOT NULL, "Old" TEXT NULL)
            """, null, ct);
        await ExecAsync($"""
            INSERT INTO seg_stage ("Id", "CustomerId", "LastAt", "P12", "S12", "P90", "S90", "SP90", "PP90", "R", "F", "M", "Segment", "Old")
            SELECT x."Id", x."CustomerId", x."LastAt", x."P12", x."S12", x."P90", x."S90", x."SP90", x."PP90", x."R", x."F", x."M", x."Segment", x."Old"
            FROM (
                SELECT a."Id", a."CustomerId", a."LastAt", a."P12", a."S12", a."P90", a."S90", a."SP90", a."PP90", a."Old", a."OldR", a."OldF", a."OldM", a."Same",
                    {r} AS "R", {f} AS "F", {m} AS "M",
                    CASE
                        WHEN a."LastAt" <= @inactive THEN 'Inactive'
                        WHEN a."S12" >= @vip THEN 'Vip'
                        WHEN a."PP90" > 0 AND a."S90" < a."SP90" * @ratio THEN 'AtRisk'
                        WHEN a."P90" >= @frequent THEN 'Frequent'
                        ELSE 'Occasional'
                    END AS "Segment"
                FROM seg_agg a {(IsPostgres ? "JOIN seg_tiles t ON t.\"Id\" = a.\"Id\"" : "")}
            ) x
            WHERE x."Same" = 0 OR x."Old" IS NULL OR x."Old" <> x."Segment" OR x."OldR" <> x."R" OR x."OldF" <> x."F" OR x."OldM" <> x."M"
            """, p, ct);
        // Scored before, not now (every purchase refunded): usually none, which two counts show without a search.
        await ExecAsync("""CREATE TEMP TABLE seg_dropped ("CustomerId" TEXT NOT NULL, "Segment" TEXT NOT NULL)""", null, ct);
        var stored = Convert.ToInt64(await ScalarAsync("""SELECT COUNT(*) FROM "CustomerScore" """, null, ct), CultureInfo.InvariantCulture);
        var kept = Convert.ToInt64(await ScalarAsync("""SELECT COUNT(*) FROM seg_agg WHERE "Old" IS NOT NULL""", null, ct), CultureInfo.InvariantCulture);
        if (stored > kept)
            await ExecAsync("""
                INSERT INTO seg_dropped ("CustomerId", "Segment")
                SELECT s."CustomerId", s."Segment" FROM "CustomerScore" s
                WHERE s."CustomerId" IN (SELECT "CustomerId" FROM "CustomerScore" EXCEPT SELECT "CustomerId" FROM seg_agg)
                """, null, ct);
        await StepAsync(runId, 3, progress, ct);

        // 4. One transaction: history and events for every change, the scores, the run's result.
        p["at"] = Time(now);
        await using (var tx = await db.Database.BeginTransactionAsync(WriteIsolation, ct))
        {
            var changed = await ExecAsync("""
                INSERT INTO "SegmentHistoryEntry" ("CustomerId", "RunId", "Segment", "PreviousSegment", "Recency", "Frequency", "Monetary", "AssignedAtUtc")
                SELECT "CustomerId", @run, "Segment", "Old", "R", "F", "M", @at FROM seg_stage
                WHERE "Old" IS NULL OR "Old" <> "Segment"
                """, p, ct);
            var dropped = await ExecAsync("""
                INSERT INTO "SegmentHistoryEntry" ("CustomerId", "RunId", "Segment", "PreviousSegment", "Recency", "Frequency", "Monetary", "AssignedAtUtc")
                SELECT s."CustomerId", @run, 'New', s."Segment", 0, 0, 0, @at FROM seg_dropped s
                """, p, ct);

            // The events, set-based: the same Type, payload JSON and EventId text as Outbox.Raise writes.
            var (eventId, quote) = IsPostgres
                ? ("gen_random_uuid()", "to_json({0})::text")
                : ("upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || " +
                   "substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))",
                   "json_quote({0})");
            string Payload(string user, string from, string to) =>
                "'{\"UserId\":' || " + string.Format(CultureInfo.InvariantCulture, quote, user) +
                " || ',\"From\":\"' || " + from + " || '\",\"To\":\"' || " + to + " || '\"}'";
            p["type"] = DomainEventTypes.NameOf(typeof(SegmentChanged));
            // StreamLookupKey stays null: SegmentChanged is not looked up by stream (Outbox.Message).
            await ExecAsync($"""
                INSERT INTO "OutboxMessages" ("EventId", "Type", "Payload", "StreamKey", "OccurredAtUtc", "Attempts")
                SELECT {eventId}, @type, {Payload("\"CustomerId\"", "COALESCE(\"Old\", 'New')", "\"Segment\"")}, "CustomerId", @at, 0
                FROM seg_stage WHERE "Old" IS NULL OR "Old" <> "Segment"
                ORDER BY "CustomerId"
                """, p, ct);
            await ExecAsync($"""
                INSERT INTO "OutboxMessages" ("EventId", "Type", "Payload", "StreamKey", "OccurredAtUtc", "Attempts")
                SELECT {eventId}, @type, {Payload("s.\"CustomerId\"", "s.\"Segment\"", "'New'")}, s."CustomerId", @at, 0
                FROM seg_dropped s
                ORDER BY s."CustomerId"
                """, p, ct);
            await ExecAsync("""
                DELETE FROM "CustomerScore" WHERE "CustomerId" IN (SELECT "CustomerId" FROM seg_dropped)
                """, p, ct);

            // Only rows that differ are staged and written: most customers' figures are the same from one night to the
            // next. The previous segment is the one before the last change of segment. SQLite needs the WHERE to read ON
            // CONFLICT as the upsert clause, not a join.
            await ExecAsync("""
                INSERT INTO "CustomerScore" ("CustomerId", "Segment", "PreviousSegment", "Recency", "Frequency", "Monetary",
                    "LastPurchaseAtUtc", "Purchases12Months", "Spend12MonthsMinor", "Purchases90Days", "Spend90DaysMinor",
                    "SpendPrior90DaysMinor", "PurchasesPrior90Days", "RunId", "ComputedAtUtc")
                SELECT "CustomerId", "Segment", "Old", "R", "F", "M", "LastAt", "P12", "S12", "P90", "S90", "SP90", "PP90", @run, @at
                FROM seg_stage WHERE 1 = 1
                ON CONFLICT ("CustomerId") DO UPDATE SET
                    "PreviousSegment" = CASE WHEN "CustomerScore"."Segment" <> excluded."Segment" THEN "CustomerScore"."Segment" ELSE "CustomerScore"."PreviousSegment" END,
                    "Segment" = excluded."Segment",
                    "Recency" = excluded."Recency", "Frequency" = excluded."Frequency", "Monetary" = excluded."Monetary",
                    "LastPurchaseAtUtc" = excluded."LastPurchaseAtUtc", "Purchases12Months" = excluded."Purchases12Months",
                    "Spend12MonthsMinor" = excluded."Spend12MonthsMinor", "Purchases90Days" = excluded."Purchases90Days",
                    "Spend90DaysMinor" = excluded."Spend90DaysMinor", "SpendPrior90DaysMinor" = excluded."SpendPrior90DaysMinor",
                    "PurchasesPrior90Days" = excluded."PurchasesPrior90Days", "RunId" = excluded."RunId", "ComputedAtUtc" = excluded."ComputedAtUtc"
                """, p, ct);

            p["scored"] = scored;
            p["changed"] = changed + dropped;
            p["edge"] = edge;
            p["status"] = nameof(SegmentRunStatus.Completed);
            p["steps"] = StepCount;
            p["ms"] = watch.ElapsedMilliseconds;
            p["finished"] = Time(clock.GetUtcNow().UtcDateTime);
            p["basis"] = basis;
            p["incremental"] = previous is not null;
            p["rescanned"] = previous is null ? scored : rescanned;
            p["purchases"] = purchaseCount;
            p["maxId"] = purchaseMaxId;
            await ExecAsync("""
                UPDATE "SegmentRun" SET "Status" = @status, "StepsDone" = @steps, "VipThresholdMinor" = @edge,
                    "CustomersScored" = @scored, "CustomersChanged" = @changed, "DurationMs" = @ms, "FinishedAtUtc" = @finished,
                    "AsOfUtc" = @now, "Basis" = @basis, "Incremental" = @incremental, "CustomersRescanned" = @rescanned,
                    "PurchaseCount" = @purchases, "PurchaseMaxId" = @maxId
                WHERE "Id" = @run
                """, p, ct);
            await tx.CommitAsync(ct);
            if (changed + dropped > 0) outboxSignal.Notify();
        }
        progress?.Report(new SegmentProgress(runId, StepCount, StepCount));
    }

    /// <summary>
    /// The "as of" moment of the last completed run when this run may build on it: same window lengths, not in the
    /// future, and a full pass within <see cref="SegmentOptions.FullPassEvery"/>. Null means a full pass.
    /// </summary>
    private async Task<PreviousRun?> PreviousRunAsync(string basis, DateTime now, CancellationToken ct)
    {
        var last = await db.Set<SegmentRun>().AsNoTracking()
            .Where(r => r.Status == SegmentRunStatus.Completed && r.AsOfUtc != null)
            .OrderByDescending(r => r.Id).Select(r => new { r.AsOfUtc, r.Basis, r.CustomersScored, r.PurchaseCount, r.PurchaseMaxId })
            .FirstOrDefaultAsync(ct);
        if (last?.AsOfUtc is not { } asOf || last.Basis != basis || asOf > now) return null;
        var lastFull = await db.Set<SegmentRun>().AsNoTracking()
            .Where(r => r.Status == SegmentRunStatus.Completed && r.AsOfUtc != null && !r.Incremental && r.Basis == basis)
            .OrderByDescending(r => r.Id).Select(r => r.AsOfUtc).FirstOrDefaultAsync(ct);
        return lastFull is { } full && now - full < options.FullPassEvery
            ? new PreviousRun(asOf, last.CustomersScored, last.PurchaseCount, last.PurchaseMaxId)
            : null;
    }

    private sealed record PreviousRun(DateTime AsOf, int Scored, long? PurchaseCount, long? PurchaseMaxId);

    /// <summary>
    /// seg_dirty: the customers whose purchases must be reread: a purchase recorded or refunded since the last run (with
    /// a margin for transactions still open when it read), anyone with a score but no purchases left and, when a score
    /// has been deleted since (erasure deletes the score and keeps the purchases), anyone with purchases but no score.
    /// seg_moved: for everyone else, what the purchases that crossed a window's edge since take off (or, from the recent
    /// window into the one before, move between) the stored figures. Those purchases have not changed since the last
    /// run, so the stored figures plus these are what a reread gives, without reading the customer's other purchases.
    /// </summary>
    private async Task<int> CollectChangedCustomersAsync(PreviousRun previous, long purchaseCount, DateTime now, CancellationToken ct)
    {
        var since = previous.AsOf;
        var p = new Dictionary<string, object>
        {
            ["since"] = Time(since - TimeSpan.FromMinutes(10)),
            ["window0"] = Time(since.AddMonths(-options.WindowMonths)), ["window1"] = Time(now.AddMonths(-options.WindowMonths)),
            ["recent0"] = Time(since.AddDays(-options.RecentDays)), ["recent1"] = Time(now.AddDays(-options.RecentDays)),
            ["earlier0"] = Time(since.AddDays(-2 * options.RecentDays)), ["earlier1"] = Time(now.AddDays(-2 * options.RecentDays)),
        };
        await ExecAsync("""CREATE TEMP TABLE seg_dirty ("CustomerId" TEXT NOT NULL PRIMARY KEY)""", null, ct);
        // One statement per reason, each with an obvious plan (one index range or one probe per row): as a single UNION,
        // SQLite's planner took seconds over what these take in milliseconds.
        List<string> reasons =
        [
            """SELECT "CustomerId" FROM "Purchase" WHERE "RecordedAtUtc" >= @since""",
            """SELECT p."CustomerId" FROM "PurchaseRefund" r JOIN "Purchase" p ON p."Id" = r."PurchaseId" WHERE r."CreatedAtUtc" >= @since""",
        ];
        // A score whose purchases were all deleted: a probe per score (the largest statement of a run), needed only when
        // the count is not the last run's plus the purchases added since, that is, when some purchase was deleted.
        var added = previous.PurchaseMaxId is { } maxId
            ? Convert.ToInt64(await ScalarAsync("""SELECT COUNT(*) FROM "Purchase" WHERE "Id" > @maxId""", new() { ["maxId"] = maxId }, ct), CultureInfo.InvariantCulture)
            : 0;
        if (previous.PurchaseCount is not { } countThen || purchaseCount != countThen + added)
            reasons.Add("""SELECT s."CustomerId" FROM "CustomerScore" s WHERE NOT EXISTS (SELECT 1 FROM "Purchase" x WHERE x."CustomerId" = s."CustomerId")""");
        // Only the engine inserts scores, and a run leaves exactly the scored customers' rows: as many rows as the last run
        // scored means none was deleted since, and this search over every account can be skipped.
        var stored = Convert.ToInt64(await ScalarAsync("""SELECT COUNT(*) FROM "CustomerScore" """, null, ct), CultureInfo.InvariantCulture);
        if (stored != previous.Scored)
            reasons.Add("""
                SELECT u."Id" FROM "AspNetUsers" u
                WHERE NOT EXISTS (SELECT 1 FROM "CustomerScore" s WHERE s."CustomerId" = u."Id")
                    AND EXISTS (SELECT 1 FROM "Purchase" x WHERE x."CustomerId" = u."Id")
                """);
        var count = 0;
        foreach (var reason in reasons)
            count += await ExecAsync($"""INSERT INTO seg_dirty ("CustomerId") {reason} ON CONFLICT DO NOTHING""", p, ct);

        // A run counts a purchase in a window when it is later than the window's start: one that was later than the last
        // run's start and is not later than this run's has left it. Each edge is one range of the (OccurredAtUtc) index.
        const string Figures = """("CustomerId", "P12", "S12", "P90", "S90", "PP90", "SP90")""";
        const string Net = "\"TotalMinor\" - \"RefundedMinor\"";
        await ExecAsync($"""
            CREATE TEMP TABLE seg_shift ("CustomerId" TEXT NOT NULL, "P12" INTEGER NOT NULL, "S12" BIGINT NOT NULL, "P90" INTEGER NOT NULL,
                "S90" BIGINT NOT NULL, "PP90" INTEGER NOT NULL, "SP90" BIGINT NOT NULL)
            """, null, ct);
        string[] edges =
        [
            $"""SELECT "CustomerId", -1, -({Net}), 0, 0, 0, 0 FROM "Purchase" WHERE "OccurredAtUtc" > @window0 AND "OccurredAtUtc" <= @window1""",
            $"""SELECT "CustomerId", 0, 0, -1, -({Net}), 1, {Net} FROM "Purchase" WHERE "OccurredAtUtc" > @recent0 AND "OccurredAtUtc" <= @recent1""",
            $"""SELECT "CustomerId", 0, 0, 0, 0, -1, -({Net}) FROM "Purchase" WHERE "OccurredAtUtc" > @earlier0 AND "OccurredAtUtc" <= @earlier1""",
        ];
        foreach (var edge in edges)
            await ExecAsync($"""INSERT INTO seg_shift {Figures} {edge} AND "TotalMinor" > "RefundedMinor" """, p, ct);
        await ExecAsync($"""
            CREATE TEMP TABLE seg_moved ("CustomerId" TEXT NOT NULL PRIMARY KEY, "P12" INTEGER NOT NULL, "S12" BIGINT NOT NULL,
                "P90" INTEGER NOT NULL, "S90" BIGINT NOT NULL, "PP90" INTEGER NOT NULL, "SP90" BIGINT NOT NULL)
            """, null, ct);
        await ExecAsync($"""
            INSERT INTO seg_moved {Figures}
            SELECT "CustomerId", SUM("P12"), SUM("S12"), SUM("P90"), SUM("S90"), SUM("PP90"), SUM("SP90")
            FROM seg_shift GROUP BY "CustomerId"
            """, null, ct);
        return count;
    }

    /// <summary>PostgreSQL: one NTILE window per metric into seg_tiles; the stage joins it.</summary>
    private async Task<(string R, string F, string M)> NtileByWindowAsync(CancellationToken ct)
    {
        await ExecAsync("""CREATE TEMP TABLE seg_tiles ("Id" BIGINT NOT NULL PRIMARY KEY, "R" INTEGER NOT NULL, "F" INTEGER NOT NULL, "M" INTEGER NOT NULL)""", null, ct);
        await ExecAsync("""
            INSERT INTO seg_tiles ("Id", "R", "F", "M")
            SELECT "Id", NTILE(5) OVER (ORDER BY "LastAt", "Id"), NTILE(5) OVER (ORDER BY "P12", "Id"), NTILE(5) OVER (ORDER BY "S12", "Id")
            FROM seg_agg
            """, null, ct);
        return ("t.\"R\"", "t.\"F\"", "t.\"M\"");
    }

    /// <summary>
    /// SQLite: the same quintiles as NTILE(5) OVER (ORDER BY metric, Id), from the four rows where NTILE's buckets end.
    /// SQLite's window functions buffer and sort the whole partition (about 0.3 s per metric at 92k customers); an
    /// index on (metric, Id) is one sort (about 0.06 s), and each edge is then a walk along it. NTILE gives the first
    /// N mod 5 buckets one row more, so bucket b ends at rank b·⌊N/5⌋ + min(b, N mod 5).
    /// </summary>
    private async Task<(string R, string F, string M)> NtileByCutsAsync(int scored, Dictionary<string, object> p, CancellationToken ct)
    {
        var tiles = new List<string>();
        foreach (var metric in new[] { "LastAt", "P12", "S12" })
        {
            if (scored == 0) { tiles.Add("1"); continue; }
            // "Id" is the rowid, which every SQLite index ends with: (metric) orders as (metric, Id), in smaller entries.
            await ExecAsync($"""CREATE INDEX seg_agg_{metric} ON seg_agg ("{metric}")""", null, ct);
            var cases = new StringBuilder("CASE");
            for (var bucket = 1; bucket <= 4; bucket++)
            {
                var end = bucket * (scored / 5) + Math.Min(bucket, scored % 5);
                await using var command = Command($"""SELECT "{metric}", "Id" FROM seg_agg ORDER BY "{metric}", "Id" LIMIT 1 OFFSET @offset""",
                    new() { ["offset"] = end - 1 });
                await using var reader = await command.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                var (value, id) = ($"{metric}{bucket}", $"{metric}{bucket}id");
                p[value] = reader.GetValue(0);
                p[id] = reader.GetInt64(1);
                cases.Append(CultureInfo.InvariantCulture, $""" WHEN (a."{metric}", a."Id") <= (@{value}, @{id}) THEN {bucket}""");
            }
            tiles.Add(cases.Append(" ELSE 5 END").ToString());
        }
        return (tiles[0], tiles[1], tiles[2]);
    }

    /// <summary>Each step is its own short write, so the staff page sees it while the run goes on.</summary>
    private async Task StepAsync(long runId, int done, IProgress<SegmentProgress>? progress, CancellationToken ct)
    {
        await db.Set<SegmentRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(u => u.SetProperty(r => r.StepsDone, done), ct);
        progress?.Report(new SegmentProgress(runId, done, StepCount));
    }

    private async Task DropStagingAsync(CancellationToken ct)
    {
        await ExecAsync("DROP TABLE IF EXISTS seg_stage", null, ct);
        await ExecAsync("DROP TABLE IF EXISTS seg_dropped", null, ct);
        await ExecAsync("DROP TABLE IF EXISTS seg_tiles", null, ct);
        await ExecAsync("DROP TABLE IF EXISTS seg_agg", null, ct);
        await ExecAsync("DROP TABLE IF EXISTS seg_dirty", null, ct);
        await ExecAsync("DROP TABLE IF EXISTS seg_shift", null, ct);
        await ExecAsync("DROP TABLE IF EXISTS seg_moved", null, ct);
    }

    /// <summary>SQLite stores times as EF Core writes them (text that sorts as time); PostgreSQL as timestamptz.</summary>
    private object Time(DateTime utc) =>
        IsPostgres ? DateTime.SpecifyKind(utc, DateTimeKind.Utc) : utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private Task<int> ExecAsync(string sql, Dictionary<string, object>? parameters, CancellationToken ct)
    {
        var command = Command(sql, parameters);
        return Dispose(command, command.ExecuteNonQueryAsync(ct));
    }

    private async Task<object?> ScalarAsync(string sql, Dictionary<string, object>? parameters, CancellationToken ct)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }

    private static async Task<T> Dispose<T>(DbCommand command, Task<T> running)
    {
        await using (command) return await running;
    }

    private DbCommand Command(string sql, Dictionary<string, object>? parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 300;
        if (parameters is not null)
            foreach (var (name, value) in parameters)
            {
                // Only the parameters the statement names: Npgsql refuses unused ones.
                if (!sql.Contains("@" + name, StringComparison.Ordinal)) continue;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
        return command;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
