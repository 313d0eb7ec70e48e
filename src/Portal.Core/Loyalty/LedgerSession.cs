using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Events;

namespace Portal.Core.Loyalty;

/// <summary>One customer's ledger inside a <see cref="PointsLedger.WriteAsync{T}"/> transaction.</summary>
public sealed class LedgerSession
{
    private readonly PointsLedger _ledger;
    private readonly PortalDbContext _db;
    private readonly List<Lot> _lots;
    private readonly List<QualifyingPoints> _qualifying;
    private readonly PointsAccount _account;
    private readonly List<Func<IDomainEvent>> _events;

    // What this session added to the context, so that a refused purchase in a batch can be taken out again.
    private readonly List<object> _added = [];

    // A batch's rows in the order its sessions added them (shared by its sessions), for the batch's writer; when
    // that writer stores them itself they are not added to the context at all.
    private readonly List<object>? _batchRows;
    private readonly bool _untracked;

    // A batch adds a new account only once one of its purchases is kept.
    private bool _accountToAdd;
    private bool _expired;

    private LedgerSession(PointsLedger ledger, string customerId, DateTime now, PointsAccount account, List<Lot> lots, List<QualifyingPoints> qualifying,
        List<Func<IDomainEvent>>? events = null, List<object>? batchRows = null, bool untracked = false)
    {
        _ledger = ledger;
        _db = ledger.Db;
        CustomerId = customerId;
        Now = now;
        _account = account;
        _lots = lots;
        _qualifying = qualifying;
        _events = events ?? [];
        _batchRows = batchRows;
        _untracked = untracked && batchRows is not null;
    }

    /// <summary>A purchase in a batch changed this customer's ledger (and <see cref="Settle"/> ran).</summary>
    internal bool Touched { get; private set; }

    public string CustomerId { get; }
    public DateTime Now { get; }
    public LoyaltyOptions Options => _ledger.Options;
    public PointsAccount Account => _account;
    public long Active => LedgerRules.ActiveAt(_lots, Now);

    internal static async Task<LedgerSession> OpenAsync(PointsLedger ledger, string customerId, DateTime now, CancellationToken ct)
    {
        var db = ledger.Db;
        // The account first: its version is what a racing writer will have changed.
        var account = await db.Set<PointsAccount>().FirstOrDefaultAsync(a => a.CustomerId == customerId, ct);
        if (account is null)
        {
            account = new PointsAccount { CustomerId = customerId, TierSinceUtc = now, RefreshedAtUtc = now, Version = Guid.NewGuid() };
            db.Add(account);
        }
        return new LedgerSession(ledger, customerId, now, account, await LoadLotsAsync(db, customerId, ct), await LoadQualifyingAsync(db, customerId, ct));
    }

    /// <summary>
    /// The sessions of several customers in one transaction (a batch of purchases), read with three queries for all of
    /// them. They share one list of events, so the events come out in the order the batch raised them, and one list of
    /// the rows they add (<paramref name="untracked"/>: only there, not in the context, for a writer that stores them).
    /// </summary>
    internal static async Task<Dictionary<string, LedgerSession>> OpenManyAsync(PointsLedger ledger, IReadOnlyCollection<string> customerIds, DateTime now,
        List<Func<IDomainEvent>> events, List<object> rows, bool untracked, CancellationToken ct)
    {
        var db = ledger.Db;
        var ids = customerIds.Distinct().ToList();
        var accounts = await db.Set<PointsAccount>().Where(a => ids.Contains(a.CustomerId)).ToDictionaryAsync(a => a.CustomerId, ct);
        var lots = (await LotsQuery(db, db.Set<PointsEntry>().Where(e => ids.Contains(e.CustomerId))).ToListAsync(ct)).ToLookup(c => c.CustomerId);
        var qualifying = (await QualifyingQuery(db.Set<PointsEntry>().Where(e => ids.Contains(e.CustomerId))).ToListAsync(ct)).ToLookup(q => q.CustomerId);
        var sessions = new Dictionary<string, LedgerSession>(ids.Count, StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var isNew = !accounts.TryGetValue(id, out var account);
            account ??= new PointsAccount { CustomerId = id, TierSinceUtc = now, RefreshedAtUtc = now, Version = Guid.NewGuid() };
            sessions[id] = new LedgerSession(ledger, id, now, account, ToLots(lots[id]), ToQualifying(qualifying[id]), events, rows, untracked) { _accountToAdd = isNew };
        }
        return sessions;
    }

    private sealed record CreditRow(long Id, string CustomerId, PointsEntryKind Kind, string SourceRef, long Points, DateTime? ActiveFromUtc,
        DateTime? ExpiresAtUtc, long? PurchaseId, long Used);

    private sealed record QualifyingRow(string CustomerId, DateTime QualifyingAtUtc, long QualifyingPoints);

    // In id order, so expiries are written in the same order however many customers were read at once.
    private static IQueryable<CreditRow> LotsQuery(PortalDbContext db, IQueryable<PointsEntry> entries) =>
        entries.AsNoTracking()
            .Where(e => e.Points > 0)
            .OrderBy(e => e.Id)
            .Select(e => new CreditRow(e.Id, e.CustomerId, e.Kind, e.SourceRef, e.Points, e.ActiveFromUtc, e.ExpiresAtUtc, e.PurchaseId,
                db.Set<PointsAllocation>().Where(a => a.CreditEntryId == e.Id).Sum(a => a.Points)));

    private static IQueryable<QualifyingRow> QualifyingQuery(IQueryable<PointsEntry> entries) =>
        entries.AsNoTracking()
            .Where(e => e.QualifyingPoints != 0)
            .OrderBy(e => e.Id)
            .Select(e => new QualifyingRow(e.CustomerId, e.QualifyingAtUtc, e.QualifyingPoints));

    private static List<Lot> ToLots(IEnumerable<CreditRow> credits) =>
        credits.Where(c => c.Points > c.Used)
            .Select(c => new Lot(c.Id, c.Kind, c.SourceRef, c.Points, c.Points - c.Used, c.ActiveFromUtc!.Value, c.ExpiresAtUtc!.Value, c.PurchaseId))
            .ToList();

    private static List<QualifyingPoints> ToQualifying(IEnumerable<QualifyingRow> rows) =>
        rows.Select(e => new QualifyingPoints(e.QualifyingAtUtc, e.QualifyingPoints)).ToList();

    internal static async Task<List<Lot>> LoadLotsAsync(PortalDbContext db, string customerId, CancellationToken ct) =>
        ToLots(await LotsQuery(db, db.Set<PointsEntry>().Where(e => e.CustomerId == customerId)).ToListAsync(ct));

    internal static async Task<List<QualifyingPoints>> LoadQualifyingAsync(PortalDbContext db, string customerId, CancellationToken ct) =>
        ToQualifying(await QualifyingQuery(db.Set<PointsEntry>().Where(e => e.CustomerId == customerId)).ToListAsync(ct));

    /// <summary>Where a batch can come back to if the purchase it is about to record is refused.</summary>
    internal readonly record struct Checkpoint(Lot[] Lots, int Qualifying, int Events, int NewCredits, int Added, int BatchRows, bool Expired);

    /// <summary>
    /// Marks the state before one purchase of a batch, then writes the expiries that are due (once per session, as
    /// <see cref="PointsLedger.WriteAsync{T}"/> does on opening), so that a refusal can undo both with <see cref="Restore"/>.
    /// </summary>
    internal Checkpoint Begin()
    {
        var mark = new Checkpoint([.. _lots], _qualifying.Count, _events.Count, _newCredits.Count, _added.Count, _batchRows?.Count ?? 0, _expired);
        if (!_expired)
        {
            ExpireDue();
            _expired = true;
        }
        return mark;
    }

    /// <summary>Undoes everything since <paramref name="mark"/>: lots, qualifying points, events and the rows added.</summary>
    internal void Restore(Checkpoint mark)
    {
        _lots.Clear();
        _lots.AddRange(mark.Lots);
        _qualifying.RemoveRange(mark.Qualifying, _qualifying.Count - mark.Qualifying);
        _events.RemoveRange(mark.Events, _events.Count - mark.Events);
        foreach (var placeholder in _newCredits.Keys.Where(k => k < -mark.NewCredits).ToList()) _newCredits.Remove(placeholder);
        if (!_untracked)
            for (var i = mark.Added; i < _added.Count; i++) _db.Entry(_added[i]).State = EntityState.Detached;
        _added.RemoveRange(mark.Added, _added.Count - mark.Added);
        // One purchase at a time: what was added since the mark is the tail of the batch's rows too.
        _batchRows?.RemoveRange(mark.BatchRows, _batchRows.Count - mark.BatchRows);
        _expired = mark.Expired;
    }

    public Task<PointsEntry?> FindEntryAsync(string idempotencyKey) =>
        _db.Set<PointsEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.CustomerId == CustomerId && e.IdempotencyKey == idempotencyKey);

    public Task<bool> CustomerExistsAsync() => _db.Users.AnyAsync(u => u.Id == CustomerId);

    /// <summary>The tier as of <paramref name="at"/>, from what was earned in the window before it.</summary>
    public TierDefinition TierAt(DateTime at) =>
        Options.TierFor(LedgerRules.QualifyingTotal(_qualifying, at, Options.QualifyingMonths));

    /// <summary>
    /// Raises an event once the change is saved (in its transaction), so that it can carry the ids of new rows:
    /// <paramref name="create"/> runs after the first SaveChanges. Nothing is raised when the change fails or writes nothing.
    /// </summary>
    public void Raise(Func<IDomainEvent> create) => _events.Add(create);

    /// <summary>Adds the events waiting for ids to the outbox; true when there were any.</summary>
    internal bool RaiseEvents()
    {
        if (_ledger.Outbox is not { } outbox || _events.Count == 0) return false;
        foreach (var create in _events) outbox.Raise(create());
        _events.Clear();
        return true;
    }

    /// <summary>
    /// Raises <see cref="PointsExpiringSoon"/> for each stored lot with points left that expire within
    /// <see cref="LoyaltyOptions.ExpiringSoonDays"/>, once per lot: its event id is derived from the lot, so a later
    /// run finds it stored and raises nothing.
    /// </summary>
    internal async Task WarnExpiringSoonAsync(CancellationToken ct)
    {
        if (_ledger.Outbox is not { } outbox) return;
        foreach (var award in LedgerRules.ExpirySchedule(_lots, Now, Options.ExpiringSoonDays).Where(a => a.Soon && a.CreditId > 0))
        {
            await outbox.RaiseOnceAsync(new PointsExpiringSoon(CustomerId, award.Points, award.ExpiresAtUtc),
                Outbox.EventIdFor($"{nameof(PointsExpiringSoon)}:{CustomerId}:{award.CreditId}"), ct);
        }
    }

    public PointsEntry Credit(PointsEntryKind kind, long points, DateTime activeFrom, long qualifyingPoints, DateTime qualifyingAt,
        string sourceRef, string idempotencyKey, Purchase? purchase = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        var entry = NewEntry(kind, points, sourceRef, idempotencyKey);
        entry.ActiveFromUtc = activeFrom;
        entry.ExpiresAtUtc = activeFrom.AddMonths(Options.ExpiryMonths);
        entry.QualifyingPoints = qualifyingPoints;
        entry.QualifyingAtUtc = qualifyingAt;
        entry.Purchase = purchase;
        Add(entry);
        // The lot's id is not known until saved; a negative placeholder keeps it apart from stored lots.
        var placeholder = -(_newCredits.Count + 1);
        _lots.Add(new Lot(placeholder, kind, sourceRef, points, points, activeFrom, entry.ExpiresAtUtc.Value, purchase?.Id));
        _newCredits[placeholder] = entry;
        if (qualifyingPoints != 0) _qualifying.Add(new QualifyingPoints(qualifyingAt, qualifyingPoints));
        if (kind is PointsEntryKind.Earn or PointsEntryKind.Bonus) Raise(() => new PointsEarned(CustomerId, entry.Id, points));
        return entry;
    }

    private readonly Dictionary<long, PointsEntry> _newCredits = [];

    /// <summary>Spends <paramref name="points"/> from active lots, closest to expiry first; null (and nothing written) if they don't cover it.</summary>
    public PointsEntry? Debit(PointsEntryKind kind, long points, string sourceRef, string idempotencyKey)
    {
        var order = LedgerRules.SpendOrder(_lots, Now).ToList();
        if (order.Sum(l => l.Remaining) < points) return null;
        return Take(kind, points, order, sourceRef, idempotencyKey);
    }

    /// <summary>
    /// Takes back up to <paramref name="points"/> for a refund: first from the purchase's own award (pending or
    /// not), then from active lots. What was already spent cannot be taken back: the balance never goes below zero.
    /// </summary>
    public PointsEntry Reverse(long points, long purchaseId, DateTime qualifyingAt, string sourceRef, string idempotencyKey)
    {
        var own = _lots.Where(l => l.PurchaseId == purchaseId && l.Remaining > 0 && l.ExpiresAtUtc > Now);
        var order = own.Concat(LedgerRules.SpendOrder(_lots, Now).Where(l => l.PurchaseId != purchaseId)).ToList();
        var entry = Take(PointsEntryKind.Reverse, Math.Min(points, order.Sum(l => l.Remaining)), order, sourceRef, idempotencyKey);
        entry.QualifyingPoints = -points;
        entry.QualifyingAtUtc = qualifyingAt;
        _qualifying.Add(new QualifyingPoints(qualifyingAt, -points));
        return entry;
    }

    /// <summary>Writes an expiry for whatever is left of each lot past its date.</summary>
    internal void ExpireDue()
    {
        foreach (var lot in _lots.Where(l => l.Remaining > 0 && l.ExpiresAtUtc <= Now).ToList())
            Take(PointsEntryKind.Expire, lot.Remaining, [lot], lot.SourceRef, $"expire:{lot.CreditId}");
    }

    private PointsEntry Take(PointsEntryKind kind, long points, IReadOnlyList<Lot> order, string sourceRef, string idempotencyKey)
    {
        var entry = NewEntry(kind, -points, sourceRef, idempotencyKey);
        entry.QualifyingAtUtc = Now;
        Add(entry);
        var left = points;
        foreach (var lot in order)
        {
            if (left == 0) break;
            var take = Math.Min(left, lot.Remaining);
            if (take == 0) continue;
            var allocation = new PointsAllocation { Debit = entry, Points = take };
            if (_newCredits.TryGetValue(lot.CreditId, out var newCredit)) allocation.Credit = newCredit;
            else allocation.CreditEntryId = lot.CreditId;
            Add(allocation);
            _lots[_lots.FindIndex(l => l.CreditId == lot.CreditId)] = lot with { Remaining = lot.Remaining - take };
            left -= take;
        }
        return entry;
    }

    /// <summary>Adds a row of this change (a purchase, an entry) to the context, taken out again by <see cref="Restore"/>.</summary>
    internal void Add(object row)
    {
        if (!_untracked) _db.Add(row);
        _added.Add(row);
        _batchRows?.Add(row);
    }

    private PointsEntry NewEntry(PointsEntryKind kind, long points, string sourceRef, string idempotencyKey) => new()
    {
        CustomerId = CustomerId,
        Kind = kind,
        Points = points,
        CreatedAtUtc = Now,
        SourceRef = sourceRef,
        IdempotencyKey = idempotencyKey,
    };

    /// <summary>Gives entry bonuses now due and refreshes the cached account (changing its version).</summary>
    internal void Settle()
    {
        if (_accountToAdd)
        {
            _db.Add(_account);
            _accountToAdd = false;
        }
        Touched = true;
        var tier = TierAt(Now);
        if (_account.Tier != tier.Tier)
        {
            var (from, to) = (_account.Tier.ToString(), tier.Tier.ToString());
            Raise(() => new TierChanged(CustomerId, from, to));
        }
        // Reaching a tier for the first time gives its bonus and that of every tier skipped on the way, once.
        foreach (var passed in Options.EffectiveTiers.Where(t => t.Tier > _account.BonusTierReached && t.Tier <= tier.Tier))
        {
            if (passed.EntryBonus > 0)
                Credit(PointsEntryKind.Bonus, passed.EntryBonus, Now, 0, Now, $"tier:{passed.Tier}", $"tier-bonus:{passed.Tier}");
            _account.BonusTierReached = passed.Tier;
        }
        if (_account.Tier != tier.Tier)
        {
            _account.Tier = tier.Tier;
            _account.TierSinceUtc = Now;
        }
        _account.Active = LedgerRules.ActiveAt(_lots, Now);
        _account.Pending = LedgerRules.PendingAt(_lots, Now);
        _account.QualifyingPoints = LedgerRules.QualifyingTotal(_qualifying, Now, Options.QualifyingMonths);
        _account.RefreshedAtUtc = Now;
        _account.Version = Guid.NewGuid();
    }
}
