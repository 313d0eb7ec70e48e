using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Core.Loyalty;

/// <summary>
/// The only way points move. Each change to a customer's points runs in one transaction against a fresh view of
/// their lots, then refreshes the cached <see cref="PointsAccount"/> (whose version token makes racing writers
/// retry) and gives any tier entry bonus that became due. Every entry has an idempotency key that is unique per
/// customer, so the same effect can never be written twice. The events a change raises are saved in its transaction
/// (without an <see cref="Events.Outbox"/>, as when the demo data replays history, none are raised).
/// </summary>
public sealed class PointsLedger(PortalDbContext db, TimeProvider clock, LoyaltyOptions options, Outbox? outbox = null, LedgerReadCache? reads = null,
    OutboxSignal? signal = null, SqliteWriteGate? gate = null, SqliteCheckpointer? checkpointer = null)
{
    private const int MaxAttempts = 8;

    // Every page that shows points reads the account first: a plain read (HotReads), as EF's compiled query still
    // built its shaper on every call (5% of /loyalty's CPU).
    private sealed record AccountHead(Guid Version, Tier Tier, DateTime TierSinceUtc);

    private const string AccountSql = """SELECT "Version", "Tier", "TierSinceUtc" FROM "PointsAccount" WHERE "CustomerId" = @customerId""";

    private Task<AccountHead?> AccountHeadAsync(string customerId, CancellationToken ct) =>
        HotReads.FirstRowAsync<AccountHead?>(db, AccountSql, r => new AccountHead(r.GetGuid(0), Enum.Parse<Tier>(r.GetString(1)), r.GetUtc(2)), ct, ("@customerId", customerId));

    public LoyaltyOptions Options => options;

    internal PortalDbContext Db => db;

    internal Outbox? Outbox => outbox;

    /// <summary>Runs <paramref name="change"/> in a transaction; a failure it returns rolls everything back.</summary>
    public async Task<LedgerResult<T>> WriteAsync<T>(string customerId, Func<LedgerSession, Task<LedgerResult<T>>> change, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            Discard();
            using var turn = gate is null ? default : await gate.EnterAsync(db, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var session = await LedgerSession.OpenAsync(this, customerId, clock.GetUtcNow().UtcDateTime, ct);
                session.ExpireDue();
                var result = await change(session);
                if (!result.Succeeded || result.Unchanged)
                {
                    await tx.RollbackAsync(ct);
                    Discard();
                    return result;
                }
                session.Settle();
                var changes = Common.PortalTelemetry.Capture(db.ChangeTracker);
                await db.SaveChangesAsync(ct);
                // Saved first so that the events can carry the new rows' ids; still in the same transaction.
                if (session.RaiseEvents()) await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                Common.PortalTelemetry.Committed(changes);
                return result;
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts && (e is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(e)))
            {
                // Someone else changed this customer's points (or wrote the same effect) first: start again from their result.
                await tx.RollbackAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="change"/> over several customers' ledgers in one transaction (a batch of purchases): each
    /// item checkpoints its customer's session (<see cref="LedgerSession.Begin"/>) and, when refused, restores it, so
    /// the batch keeps exactly the items that one <see cref="WriteAsync{T}"/> each would have kept. Racing writers
    /// (the account versions, the unique keys) make the whole batch start again from their result.
    /// </summary>
    public async Task<T> WriteBatchAsync<T>(IReadOnlyCollection<string> customerIds, Func<LedgerBatch, Task<T>> change, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            Discard();
            using var turn = gate is null ? default : await gate.EnterAsync(db, ct);
            await using var cache = await SqliteLedgerBatchWriter.WideCacheAsync(db, checkpointer, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var batch = new LedgerBatch(this);
                await batch.OpenAsync(customerIds, clock.GetUtcNow().UtcDateTime, ct);
                var result = await change(batch);
                if (!batch.Touched)
                {
                    await tx.RollbackAsync(ct);
                    Discard();
                    return result;
                }
                Common.PortalTelemetry.LedgerChanges changes;
                var eventsStored = false;
                if (batch.Untracked)
                {
                    (changes, eventsStored) = await new SqliteLedgerBatchWriter(db).WriteAsync(batch.Rows, outbox, batch.Events, ct);
                }
                else
                {
                    changes = Common.PortalTelemetry.Capture(db.ChangeTracker);
                    await db.SaveChangesAsync(ct);
                    if (batch.RaiseEvents()) await db.SaveChangesAsync(ct);
                }
                await tx.CommitAsync(ct);
                checkpointer?.Notify();
                // SaveChanges would have woken the dispatcher through the outbox's interceptor.
                if (eventsStored) signal?.Notify();
                Common.PortalTelemetry.Committed(changes);
                // Nothing reads the batch's rows afterwards; thousands of tracked rows would only slow the next SaveChanges.
                Discard();
                return result;
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts && (e is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(e)))
            {
                await tx.RollbackAsync(CancellationToken.None);
            }
        }
    }

    private void Discard()
    {
        // Finding the unsaved events needs no change detection (they are Added), which over a batch's rows is not free.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            outbox?.ForgetUnsaved();
            db.ChangeTracker.Clear();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>Expires due lots, unlocks pending ones and re-evaluates the tier (the daily job calls this for everyone).</summary>
    public async Task RefreshAsync(string customerId, CancellationToken ct = default) =>
        await WriteAsync(customerId, _ => Task.FromResult(LedgerResult<bool>.Ok(true)), ct);

    public async Task<LoyaltySummary> SummaryAsync(string customerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // The account first: every write changes its version, so rows read after it are at least that new.
        var account = await AccountHeadAsync(customerId, ct);
        var (lots, qualifying) = await LedgerRowsAsync(customerId, account, ct);
        var total = LedgerRules.QualifyingTotal(qualifying, now, options.QualifyingMonths);
        var tier = options.TierFor(total);
        var next = options.NextAbove(tier.Tier);
        return new LoyaltySummary(
            tier,
            LedgerRules.ActiveAt(lots, now),
            LedgerRules.PendingAt(lots, now),
            total,
            next,
            next is null ? 0 : next.Threshold - total,
            LedgerRules.PendingAwards(lots, now),
            LedgerRules.ExpirySchedule(lots, now, options.ExpiringSoonDays),
            LedgerRules.KeepTierWarning(qualifying, now, options, options.KeepTierWarningDays),
            account is not null && account.Tier == tier.Tier ? account.TierSinceUtc : null)
        {
            SpendToNextTierMinor = next is null ? 0 : options.SpendForPoints(next.Threshold - total, tier.Multiplier),
            NextTierByUtc = next is null ? null : LedgerRules.NextDrop(qualifying, now, options.QualifyingMonths),
        };
    }

    /// <summary>
    /// The customer's lots and qualifying points, kept per account version: the summary is computed from them at the
    /// exact time of each request, but reading a few hundred ledger rows was most of every page that shows points.
    /// </summary>
    private async Task<(IReadOnlyList<Lot> Lots, IReadOnlyList<QualifyingPoints> Qualifying)> LedgerRowsAsync(string customerId, AccountHead? account,
        CancellationToken ct)
    {
        // Every write goes through a session, which creates the account: without one there are no rows to read.
        if (account is null) return ([], []);
        var key = (customerId, account.Version);
        if (reads is not null && reads.Entries.TryGetValue(key, out (IReadOnlyList<Lot>, IReadOnlyList<QualifyingPoints>) hit)) return hit;
        (IReadOnlyList<Lot>, IReadOnlyList<QualifyingPoints>) rows =
            (await LedgerSession.LoadLotsAsync(db, customerId, ct), await LedgerSession.LoadQualifyingAsync(db, customerId, ct));
        if (reads is not null)
            reads.Entries.Set(key, rows, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return rows;
    }

    /// <summary>Newest first; pass the last id seen to get the next page.</summary>
    public async Task<IReadOnlyList<PointsEntry>> HistoryAsync(string customerId, long? beforeId, int take, CancellationToken ct = default) =>
        await HistoryOf.For(db)(db, customerId, beforeId, take).ToListAsync(ct);

    private static readonly CompiledPerModel<Func<PortalDbContext, string, long?, int, IAsyncEnumerable<PointsEntry>>> HistoryOf = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string customerId, long? beforeId, int take) => db.Set<PointsEntry>().AsNoTracking()
            .Where(e => e.CustomerId == customerId && (beforeId == null || e.Id < beforeId))
            .OrderByDescending(e => e.Id)
            .Take(take)));

    /// <summary>A staff member adds (positive) or removes (negative) points, with the reason they give.</summary>
    public Task<LedgerResult<PointsEntry>> AdjustAsync(string customerId, long points, string reason, string actorUserId, string actorName,
        string requestKey, CancellationToken ct = default)
    {
        reason = reason.Trim();
        if (reason.Length == 0) return Task.FromResult(LedgerResult<PointsEntry>.Fail(LoyaltyError.ReasonRequired));
        if (reason.Length > 500) return Task.FromResult(LedgerResult<PointsEntry>.Fail(LoyaltyError.ReasonTooLong));
        if (points == 0 || Math.Abs(points) > 1_000_000) return Task.FromResult(LedgerResult<PointsEntry>.Fail(LoyaltyError.InvalidPoints));
        var key = "adjust:" + requestKey;
        return WriteAsync(customerId, async session =>
        {
            if (await session.FindEntryAsync(key) is { } done) return LedgerResult<PointsEntry>.Ok(done);
            if (!await session.CustomerExistsAsync()) return LedgerResult<PointsEntry>.Fail(LoyaltyError.CustomerNotFound);
            var sourceRef = "staff:" + actorUserId;
            PointsEntry? entry = points > 0
                ? session.Credit(PointsEntryKind.Adjust, points, session.Now, 0, session.Now, sourceRef, key)
                : session.Debit(PointsEntryKind.Adjust, -points, sourceRef, key);
            if (entry is null) return LedgerResult<PointsEntry>.Fail(LoyaltyError.InsufficientPoints);
            entry.Note = reason;
            entry.ActorUserId = actorUserId;
            entry.ActorName = actorName;
            return LedgerResult<PointsEntry>.Ok(entry);
        }, ct);
    }
}

public enum LoyaltyError
{
    CustomerNotFound,
    InsufficientPoints,
    InvalidPoints,
    ReasonRequired,
    ReasonTooLong,
    RewardNotFound,
    RewardNotAvailable,
    OutOfStock,
    TierTooLow,
    CodeNotFound,
    CodeAlreadyUsed,
    CodeExpired,
    /// <summary>The code is held for a security check (or was cancelled there).</summary>
    CodeHeld,
}

public readonly record struct LedgerResult<T>(T? Value, LoyaltyError? Error, bool Unchanged = false)
{
    public bool Succeeded => Error is null;
    public static LedgerResult<T> Ok(T value) => new(value, null);

    /// <summary>An answer that writes nothing (a repeat, or a refusal that is not a ledger error).</summary>
    public static LedgerResult<T> Answer(T value) => new(value, null, true);
    public static LedgerResult<T> Fail(LoyaltyError error) => new(default, error);
}

/// <summary>What the loyalty page and the API show.</summary>
public sealed record LoyaltySummary(
    TierDefinition Tier,
    long Active,
    long Pending,
    long QualifyingPoints,
    TierDefinition? NextTier,
    long PointsToNextTier,
    IReadOnlyList<PendingAward> PendingAwards,
    IReadOnlyList<ExpiringAward> Expiring,
    TierWarning? KeepTier,
    DateTime? TierSinceUtc)
{
    /// <summary>What spending reaches the next tier at this tier's rate, in minor units (0 at the top).</summary>
    public long SpendToNextTierMinor { get; init; }

    /// <summary>
    /// Until when that spend is enough: the first day an earning leaves the qualifying window. Null when nothing will.
    /// </summary>
    public DateTime? NextTierByUtc { get; init; }

    /// <summary>The points that expire first, and when (null when nothing is due to expire).</summary>
    public ExpiringAward? FirstExpiry => Expiring.Count == 0 ? null : Expiring[0];

    /// <summary>All points expiring on <see cref="FirstExpiry"/>'s day, which the one-line nudge totals.</summary>
    public long FirstExpiryPoints => FirstExpiry is { } first ? Expiring.Where(e => e.ExpiresAtUtc.Date == first.ExpiresAtUtc.Date).Sum(e => e.Points) : 0;

    /// <summary>0–100: progress from this tier's threshold to the next.</summary>
    public int ProgressPercent => NextTier is null ? 100
        : (int)Math.Clamp((QualifyingPoints - Tier.Threshold) * 100 / Math.Max(1, NextTier.Threshold - Tier.Threshold), 0, 100);
}

/// <summary>Ledger rows by account version, for <see cref="PointsLedger.SummaryAsync"/> (singleton; bounded).</summary>
public sealed class LedgerReadCache : IDisposable
{
    internal MemoryCache Entries { get; } = new(new MemoryCacheOptions { SizeLimit = 50_000 });

    public void Dispose() => Entries.Dispose();
}
