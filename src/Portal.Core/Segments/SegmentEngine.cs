using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
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
        try
        {
            await DropStagingAsync(ct);
            // The staging tables and sorts stay in memory, and the writes get a bigger page cache; reset after the run.
            if (!IsPostgres) await ExecAsync("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;", null, ct);
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
            if (!IsPostgres) await ExecAsync("PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -2000;", null, CancellationToken.None);
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

        // 1. One pass over the purchases (a scan of the covering index, as a plain GROUP BY customer is). A fully
        // refunded purchase does not count; refunds reduce spend.
        await ExecAsync($"""
            CREATE TEMP TABLE seg_agg (
                "Id" {id}, "CustomerId" TEXT NOT NULL, "LastAt" {time} NOT NULL,
                "P12" INTEGER NOT NULL, "S12" BIGINT NOT NULL, "P90" INTEGER NOT NULL, "S90" BIGINT NOT NULL,
                "PP90" INTEGER NOT NULL, "SP90" BIGINT NOT NULL)
            """, null, ct);
        await ExecAsync("""
            INSERT INTO seg_agg ("CustomerId", "LastAt", "P12", "S12", "P90", "S90", "PP90", "SP90")
            SELECT p."CustomerId", MAX(p."OccurredAtUtc"),
                SUM(CASE WHEN p."OccurredAtUtc" > @window THEN 1 ELSE 0 END),
                SUM(CASE WHEN p."OccurredAtUtc" > @window THEN p."TotalMinor" - p."RefundedMinor" ELSE 0 END),
                SUM(CASE WHEN p."OccurredAtUtc" > @recent THEN 1 ELSE 0 END),
                SUM(CASE WHEN p."OccurredAtUtc" > @recent THEN p."TotalMinor" - p."RefundedMinor" ELSE 0 END),
                SUM(CASE WHEN p."OccurredAtUtc" > @earlier AND p."OccurredAtUtc" <= @recent THEN 1 ELSE 0 END),
                SUM(CASE WHEN p."OccurredAtUtc" > @earlier AND p."OccurredAtUtc" <= @recent THEN p."TotalMinor" - p."RefundedMinor" ELSE 0 END)
            FROM "Purchase" p
            WHERE p."TotalMinor" > p."RefundedMinor"
            GROUP BY p."CustomerId"
            ORDER BY p."CustomerId"
            """, p, ct);
        await StepAsync(runId, 1, progress, ct);

        // 2. The VIP edge: the trailing spend of the last customer inside the top share (ties at the edge are VIP too).
        var scored = Convert.ToInt32(await ScalarAsync("SELECT COUNT(*) FROM seg_agg", null, ct), CultureInfo.InvariantCulture);
        var vipCount = scored == 0 ? 0 : Math.Max(1, (int)Math.Ceiling(scored * options.VipTopShare - 1e-9));
        var edge = vipCount == 0 ? 0L : Convert.ToInt64(await ScalarAsync(
            """SELECT "S12" FROM seg_agg ORDER BY "S12" DESC LIMIT 1 OFFSET @offset""",
            new() { ["offset"] = vipCount - 1 }, ct), CultureInfo.InvariantCulture);
        // A customer with no spend in the window is never VIP, whatever the edge.
        p["vip"] = Math.Max(edge, 1L);
        p["ratio"] = options.AtRiskRatio;
        p["frequent"] = options.FrequentPurchases;
        await StepAsync(runId, 2, progress, ct);

        // 3. One window pass per metric (quintiles; recency reversed: the most recent get 5; ties in customer order),
        // over narrow rows (sorting whole rows three times costs more than the join back), then the first rule that matches.
        await ExecAsync("""CREATE TEMP TABLE seg_tiles ("Id" BIGINT NOT NULL PRIMARY KEY, "R" INTEGER NOT NULL, "F" INTEGER NOT NULL, "M" INTEGER NOT NULL)""", null, ct);
        await ExecAsync("""
            INSERT INTO seg_tiles ("Id", "R", "F", "M")
            SELECT "Id", NTILE(5) OVER (ORDER BY "LastAt", "Id"), NTILE(5) OVER (ORDER BY "P12", "Id"), NTILE(5) OVER (ORDER BY "S12", "Id")
            FROM seg_agg
            """, null, ct);
        await ExecAsync($"""
            CREATE TEMP TABLE seg_stage (
                "CustomerId" TEXT NOT NULL PRIMARY KEY, "LastAt" {time} NOT NULL,
                "P12" INTEGER NOT NULL, "S12" BIGINT NOT NULL, "P90" INTEGER NOT NULL, "S90" BIGINT NOT NULL, "SP90" BIGINT NOT NULL,
                "R" INTEGER NOT NULL, "F" INTEGER NOT NULL, "M" INTEGER NOT NULL, "Segment" TEXT NOT NULL, "Old" TEXT NULL)
            """, null, ct);
        await ExecAsync("""
            INSERT INTO seg_stage ("CustomerId", "LastAt", "P12", "S12", "P90", "S90", "SP90", "R", "F", "M", "Segment", "Old")
            SELECT a."CustomerId", a."LastAt", a."P12", a."S12", a."P90", a."S90", a."SP90", t."R", t."F", t."M",
                CASE
                    WHEN a."LastAt" <= @inactive THEN 'Inactive'
                    WHEN a."S12" >= @vip THEN 'Vip'
                    WHEN a."PP90" > 0 AND a."S90" < a."SP90" * @ratio THEN 'AtRisk'
                    WHEN a."P90" >= @frequent THEN 'Frequent'
                    ELSE 'Occasional'
                END,
                s."Segment"
            FROM seg_agg a JOIN seg_tiles t ON t."Id" = a."Id" LEFT JOIN "CustomerScore" s ON s."CustomerId" = a."CustomerId"
            """, p, ct);
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
                SELECT s."CustomerId", @run, 'New', s."Segment", 0, 0, 0, @at FROM "CustomerScore" s
                WHERE NOT EXISTS (SELECT 1 FROM seg_stage t WHERE t."CustomerId" = s."CustomerId")
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
            await ExecAsync($"""
                INSERT INTO "OutboxMessages" ("EventId", "Type", "Payload", "StreamKey", "OccurredAtUtc", "Attempts")
                SELECT {eventId}, @type, {Payload("\"CustomerId\"", "COALESCE(\"Old\", 'New')", "\"Segment\"")}, "CustomerId", @at, 0
                FROM seg_stage WHERE "Old" IS NULL OR "Old" <> "Segment"
                ORDER BY "CustomerId"
                """, p, ct);
            await ExecAsync($"""
                INSERT INTO "OutboxMessages" ("EventId", "Type", "Payload", "StreamKey", "OccurredAtUtc", "Attempts")
                SELECT {eventId}, @type, {Payload("s.\"CustomerId\"", "s.\"Segment\"", "'New'")}, s."CustomerId", @at, 0
                FROM "CustomerScore" s WHERE NOT EXISTS (SELECT 1 FROM seg_stage t WHERE t."CustomerId" = s."CustomerId")
                ORDER BY s."CustomerId"
                """, p, ct);
            await ExecAsync("""
                DELETE FROM "CustomerScore" WHERE NOT EXISTS (SELECT 1 FROM seg_stage t WHERE t."CustomerId" = "CustomerScore"."CustomerId")
                """, p, ct);

            // SQLite needs the WHERE to read ON CONFLICT as the upsert clause, not a join.
            await ExecAsync("""
                INSERT INTO "CustomerScore" ("CustomerId", "Segment", "PreviousSegment", "Recency", "Frequency", "Monetary",
                    "LastPurchaseAtUtc", "Purchases12Months", "Spend12MonthsMinor", "Purchases90Days", "Spend90DaysMinor",
                    "SpendPrior90DaysMinor", "RunId", "ComputedAtUtc")
                SELECT "CustomerId", "Segment", "Old", "R", "F", "M", "LastAt", "P12", "S12", "P90", "S90", "SP90", @run, @at
                FROM seg_stage WHERE 1 = 1
                ON CONFLICT ("CustomerId") DO UPDATE SET
                    "Segment" = excluded."Segment", "PreviousSegment" = excluded."PreviousSegment",
                    "Recency" = excluded."Recency", "Frequency" = excluded."Frequency", "Monetary" = excluded."Monetary",
                    "LastPurchaseAtUtc" = excluded."LastPurchaseAtUtc", "Purchases12Months" = excluded."Purchases12Months",
                    "Spend12MonthsMinor" = excluded."Spend12MonthsMinor", "Purchases90Days" = excluded."Purchases90Days",
                    "Spend90DaysMinor" = excluded."Spend90DaysMinor", "SpendPrior90DaysMinor" = excluded."SpendPrior90DaysMinor",
                    "RunId" = excluded."RunId", "ComputedAtUtc" = excluded."ComputedAtUtc"
                """, p, ct);

            p["scored"] = scored;
            p["changed"] = changed + dropped;
            p["edge"] = edge;
            p["status"] = nameof(SegmentRunStatus.Completed);
            p["steps"] = StepCount;
            p["ms"] = watch.ElapsedMilliseconds;
            p["finished"] = Time(clock.GetUtcNow().UtcDateTime);
            await ExecAsync("""
                UPDATE "SegmentRun" SET "Status" = @status, "StepsDone" = @steps, "VipThresholdMinor" = @edge,
                    "CustomersScored" = @scored, "CustomersChanged" = @changed, "DurationMs" = @ms, "FinishedAtUtc" = @finished
                WHERE "Id" = @run
                """, p, ct);
            await tx.CommitAsync(ct);
            if (changed + dropped > 0) outboxSignal.Notify();
        }
        progress?.Report(new SegmentProgress(runId, StepCount, StepCount));
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
        await ExecAsync("DROP TABLE IF EXISTS seg_tiles", null, ct);
        await ExecAsync("DROP TABLE IF EXISTS seg_agg", null, ct);
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
